"""The shape of a row in the route permission tables (tests/routes/table_<app>.py) and how a row is requested.

A row is one request: a method, an example address (placeholders in braces are filled from the example world,
tests/routes/world.py), an optional body, and the status each persona must get, written as seven columns in
the order of PERSONAS:

    anonymous  no_role  other_org  owner  ntk  office  admin

A column is a status code, or `L` for "sent to sign in" (302 to the sign-in page; for the admin site, to the
admin's sign-in page). `side` says whose record the example is (company, buyer or reviewer: world.py), which
decides who "owner", "need-to-know member" and "member of another organisation" are for that row.

`secret` is a text of a record that only the personas in `sees` may read: for everyone else the response must
not contain it (whatever its status), so a page that answers 200 but shows what it should not still fails.
With `shown=True` the other way round too: a persona in `sees` that gets a 200 must find every secret text in
the response (the marked records' list rows: the need-to-know member sees what outsiders do not).

`leaks` names the personas that get more than they should today: the row states the correct answer, and the
cell is an xfail(strict=True) with the reason, so it fails (and the xfail must go) once the leak is fixed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tests.routes.world import PERSONAS, World

LOGIN = "L"
_FIELD = re.compile(r"\{([A-Za-z_:.]+)\}")


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expect: dict[str, int | str]
    side: str = "company"
    data: Any = None
    leaks: dict[str, str] = field(default_factory=dict)
    note: str = ""
    secret: str | tuple[str, ...] = ""
    sees: tuple[str, ...] = ()
    shown: bool = False
    app: str = ""

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def address(self, world: World) -> str:
        return _FIELD.sub(lambda m: str(lookup(world, m.group(1))), self.path)

    def body(self, world: World) -> Any:
        """The body with its placeholders filled: "{call}" alone becomes the value itself (an id stays a number)."""
        def fill(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: fill(v) for k, v in value.items()}
            if isinstance(value, list):
                return [fill(v) for v in value]
            if isinstance(value, str):
                whole = _FIELD.fullmatch(value)
                return lookup(world, whole.group(1)) if whole else _FIELD.sub(
                    lambda m: str(lookup(world, m.group(1))), value)
            return value

        return fill(self.data)


def lookup(world: World, name: str) -> Any:
    if name.startswith("admin:"):  # the first record of a model, for the admin's change pages
        from django.apps import apps

        model = apps.get_model(name.removeprefix("admin:"))
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return first if first is not None else 0
    return world.ids[name]


def row(method: str, path: str, columns: str, *, side: str = "company", data: Any = None,
        leaks: dict[str, str] | None = None, note: str = "", secret: str | tuple[str, ...] = "",
        sees: str = "", shown: bool = False) -> Row:
    cells = columns.split()
    if len(cells) != len(PERSONAS):
        raise ValueError(f"{method} {path}: {len(cells)} columns, the table has {len(PERSONAS)} personas")
    expect: dict[str, int | str] = {p: (c if c in (LOGIN, "?") else int(c))
                                    for p, c in zip(PERSONAS, cells, strict=True)}
    unknown = set(leaks or {}) - set(PERSONAS)
    if unknown:
        raise ValueError(f"{method} {path}: unknown personas in leaks: {sorted(unknown)}")
    if secret and not set(sees.split()) <= set(PERSONAS):
        raise ValueError(f"{method} {path}: unknown personas in sees: {sees}")
    return Row(method=method, path=path, expect=expect, side=side, data=data, leaks=dict(leaks or {}), note=note,
               secret=secret, sees=tuple(sees.split()), shown=shown)


def get(path: str, columns: str, **kwargs: Any) -> Row:
    return row("GET", path, columns, **kwargs)


def post(path: str, columns: str, **kwargs: Any) -> Row:
    return row("POST", path, columns, **kwargs)


def request(world: World, entry: Row, persona: str) -> Any:
    """Send the row's request as `persona`: a session for pages, a bearer token (write scope on every app) for
    the API, nothing for the anonymous visitor."""
    user = world.user(persona, entry.side)
    address = entry.address(world)
    if entry.is_api:
        client = world.client(None)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[user.pk]}"} if user is not None else {}
        data = entry.body(world)
        body = json.dumps(data if data is not None else {})
        if entry.method == "GET":
            return client.get(address, **headers)
        return client.generic(entry.method, address, body, content_type="application/json", **headers)
    client = world.client(user)
    if entry.method == "GET":
        return client.get(address)
    if entry.method == "POST":
        return client.post(address, entry.body(world) or {})
    return client.generic(entry.method, address)


def answer_matches(response: Any, expected: int | str, *, admin: bool) -> bool:
    if expected == LOGIN:
        target = "/admin/login/" if admin else "/accounts/login/"
        return response.status_code == 302 and response["Location"].startswith(target)
    return response.status_code == expected


def _text(response: Any) -> str:
    if not hasattr(response, "_route_table_text"):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        response._route_table_text = content.decode("utf-8", errors="replace")
    return response._route_table_text


def _secrets(world: World, entry: Row) -> list[str]:
    return [_FIELD.sub(lambda m: str(lookup(world, m.group(1))), secret)
            for secret in ((entry.secret,) if isinstance(entry.secret, str) else entry.secret)]


def shows_secret(world: World, entry: Row, response: Any, persona: str) -> str:
    """The first of the row's secret texts that `persona` may not read and the response contains ('' if none)."""
    if not entry.secret or persona in entry.sees:
        return ""
    return next((text for text in _secrets(world, entry) if text in _text(response)), "")


def misses_secret(world: World, entry: Row, response: Any, persona: str) -> str:
    """With `shown`: the first secret text that `persona`, one of `sees`, should find in a 200 and does not."""
    if not entry.secret or not entry.shown or persona not in entry.sees or response.status_code != 200:
        return ""
    return next((text for text in _secrets(world, entry) if text not in _text(response)), "")


def describe(response: Any) -> str:
    where = f" -> {response['Location']}" if response.status_code in (301, 302, 303, 307, 308) else ""
    return f"{response.status_code}{where}"
