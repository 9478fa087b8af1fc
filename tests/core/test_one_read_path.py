"""The one read path (issue 13): no view or API handler reads a model with a bare `Model.objects...` query for
something shown to a user; it reads through `.restrict(user, action)` (core.restrict) or through a selector that
does. The check walks the source (ast) of every `views.py` and `api.py`; the exceptions are listed below, each
with its reason. A new bare query fails this test: route it through `.restrict()` or, if nothing of it is shown to
anyone (a write, a lookup of the caller's own record), add it here with the reason."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "straiik"

# (file relative to src/straiik, function, model) -> why a bare query is right there
ALLOWED: dict[tuple[str, str, str], str] = {
    ("accounts/views.py", "logout_everywhere", "User"): "a write on the caller's own account (its session counter)",
    ("accounts/views.py", "auth_log", "AuthEvent"): "the authentication log, for the platform administrator only "
                                                    "(_platform_admin refuses everyone else first)",
    ("agenda/api.py", "_actions_by_code", "Action"): "resolves action codes for a write to the parliamentary "
                                                     "register, an operation of the programme office only",
    ("agenda/api.py", "remove_link", "ActionLink"): "a write: the service checks the caller may edit the agenda; "
                                                    "nothing of the link is shown",
    ("agenda/views.py", "link_remove", "ActionLink"): "a write: the service checks the caller may edit the agenda; "
                                                      "nothing of the link is shown",
    ("bundling/views.py", "_cpv_options", "CpvCode"): "the CPV taxonomy: public reference data, no one's record",
    ("defport/api.py", "_organisation", "Organisation"): "resolves the organisation a submission is posted for (a "
                                                         "write; the service checks the caller belongs to it)",
    ("defport/views.py", "_withheld", "Submission"): "asks whether export control withholds anything from the "
                                                     "reader, to say so on the page; shows no row",
    ("protection/api.py", "review", "Disclosure"): "signing off a disclosure: the programme office only (_office "
                                                   "refuses everyone else first), who sees every disclosure",
    ("protection/views.py", "disclosure_review", "Disclosure"): "signing off a disclosure: the programme office only "
                                                                "(_office refuses everyone else first)",
    ("registry/api.py", "list_regions", "RegionalEcosystem"): "the regional ecosystems: public reference data",
    ("registry/views.py", "_membership", "Membership"): "a membership of an organisation whose members the caller "
                                                        "manages (the callers check can_manage_members first)",
    ("sdir/api.py", "_organisation", "Organisation"): "resolves the owning unit of a call being written (the "
                                                      "service checks the caller may draft for it)",
    ("sdir/api.py", "_users", "User"): "resolves reviewers' and moderators' usernames for a call being written by "
                                       "the office or its owner",
}


def _handlers() -> list[Path]:
    return sorted(p for name in ("views.py", "api.py") for p in SRC.glob(f"*/{name}"))


class _Finder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.function: list[str] = []
        self.parents: dict[ast.AST, ast.AST] = {}
        self.found: list[tuple[str, str, int]] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "objects" and isinstance(node.value, ast.Name) and node.value.id[:1].isupper():
            if not self._restricted(node):
                self.found.append((".".join(self.function) or "<module>", node.value.id, node.lineno))
        self.generic_visit(node)

    def _restricted(self, node: ast.AST) -> bool:
        """Whether the chain of calls this `objects` starts goes through `.restrict(...)`."""
        current = node
        while True:
            parent = self.parents.get(current)
            if isinstance(parent, ast.Attribute) and parent.value is current:
                if parent.attr == "restrict":
                    return True
                current = parent
            elif isinstance(parent, ast.Call) and parent.func is current:
                current = parent
            else:
                return False


def bare_queries() -> list[tuple[str, str, str, int]]:
    found = []
    for path in _handlers():
        tree = ast.parse(path.read_text(), filename=str(path))
        finder = _Finder()
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                finder.parents[child] = parent
        finder.visit(tree)
        rel = str(path.relative_to(SRC))
        found += [(rel, function, model, line) for function, model, line in finder.found]
    return found


def test_views_and_api_handlers_read_models_only_through_the_read_path() -> None:
    unexplained = [f"{rel}:{line} {function}() reads {model}.objects without .restrict()"
                   for rel, function, model, line in bare_queries() if (rel, function, model) not in ALLOWED]
    assert not unexplained, "\n".join(unexplained)


def test_every_exception_is_still_needed_and_says_why() -> None:
    used = {(rel, function, model) for rel, function, model, _line in bare_queries()}
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"no longer needed, remove from ALLOWED: {stale}"
    assert all(len(reason) > 20 for reason in ALLOWED.values())


def test_the_check_catches_a_bare_query(tmp_path: Any, monkeypatch: Any) -> None:
    app = tmp_path / "demoapp"
    app.mkdir()
    (app / "views.py").write_text(
        "def page(request):\n"
        "    hidden = Secret.objects.filter(pk=1).first()\n"
        "    shown = Secret.objects.select_related('x').restrict(request.user).filter(pk=1)\n"
        "    return hidden, shown\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", tmp_path)
    assert bare_queries() == [("demoapp/views.py", "page", "Secret", 2)]


@pytest.mark.django_db
def test_every_model_the_handlers_read_through_the_read_path_has_a_view_rule() -> None:
    """`.restrict()` on a model without a rule raises ImproperlyConfigured; each model the apps read has one."""
    from django.apps import apps

    from straiik.core import restrict

    missing = []
    for model in apps.get_models():
        manager = getattr(model, "objects", None)
        if manager is not None and hasattr(manager, "restrict") and not restrict.has_rule(model):
            missing.append(model._meta.label)
    assert not missing, missing
