"""Every service that saves a record leaves a trace: checked on every call the test suite makes.

`install()` (run by tests/conftest.py before any test module imports a service) wraps each public function of
the apps' service modules. While the outermost service call runs, every `post_save` of a model that declares
its trail (`AUDIT_FIELDS`, core.audit) is collected, and so is every ObjectChange written;
when the call returns, each saved record must have an ObjectChange, or the call fails with an AssertionError
naming the service, the model and the record. A save that wrote only fields the trail does not record
(`save(update_fields=[...])` outside the declaration: a last-used time, a cached count) needs none.

So the whole suite, with the fixtures it already uses, is the set of calls that is checked; `SERVICE_MODULES`
names the modules and `tests/core/test_audit_coverage.py` fails if an app's service module is missing from it.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import pkgutil
import threading
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from django.db import models
from django.db.models.signals import post_save

# The modules whose public functions are services (writes and the reads beside them). A package (an app's
# services split by subject) counts with every module in it.
SERVICE_MODULES = (
    "straiik.accounts.services",
    "straiik.accounts.tokens",
    "straiik.agenda.services",
    "straiik.bundling.services",
    "straiik.bundling.importing",
    "straiik.core.exercises",
    "straiik.defport.services",
    "straiik.notifications.services",
    "straiik.protection.services",
    "straiik.registry.services",
    "straiik.registry.invitations",
    "straiik.sdir.services",
    "straiik.supply.services",
)

_state = threading.local()
CALLED: set[str] = set()  # the services the session called (for the coverage report)


class MissingAuditEntry(AssertionError):
    pass


def audited_model(model: type[models.Model]) -> bool:
    return hasattr(model, "AUDIT_FIELDS")


def _audited_names(model: type[models.Model]) -> set[str]:
    """The field names the trail records, and the columns behind them."""
    from straiik.core.audit import audit_fields

    names = set(audit_fields(model))
    # the columns behind the names (a foreign key's attname), so update_fields=["organisation_id"] counts
    for name in list(names):
        try:
            names.add(model._meta.get_field(name).attname)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001,S112 - a computed name has no column
            continue
    return names


def _on_save(sender: type[models.Model], instance: models.Model, created: bool, update_fields: Any = None,
             raw: bool = False, **_kwargs: Any) -> None:
    calls = getattr(_state, "calls", None)
    if not calls or raw:
        return
    from straiik.core.models import ObjectChange

    collector = calls[-1]
    if sender is ObjectChange:
        collector["changes"].add((instance.changed_object_type_id, instance.changed_object_id))  # type: ignore[attr-defined]
        return
    if not audited_model(sender):
        return
    if update_fields:
        if not set(update_fields) & _audited_names(sender):
            return  # only fields the trail does not record
    collector["saved"].append((sender, instance.pk, created))


post_save.connect(_on_save, dispatch_uid="tests.audit_check")


def _watch_bulk_entries() -> None:
    """Entries written in bulk (core.audit.record_creations) send no post_save: collect them where they are made."""
    from straiik.core.models import ObjectChange

    manager = ObjectChange.objects
    bulk_create = manager.bulk_create
    if getattr(bulk_create, "__straiik_audited__", False):
        return

    @functools.wraps(bulk_create)
    def collecting_bulk_create(objs: Any, *args: Any, **kwargs: Any) -> Any:
        objs = list(objs)
        calls = getattr(_state, "calls", None)
        if calls:
            calls[-1]["changes"].update((o.changed_object_type_id, o.changed_object_id) for o in objs)
        return bulk_create(objs, *args, **kwargs)

    collecting_bulk_create.__straiik_audited__ = True  # type: ignore[attr-defined]
    manager.bulk_create = collecting_bulk_create  # type: ignore[method-assign]


def _watch_unchanged() -> None:
    """core.audit.record_change leaves no entry for an update that changed nothing: such a save is accounted
    for. The function is replaced where it is defined and in every module that imported it by name."""
    import sys

    from straiik.core import audit

    record_change = audit.record_change
    if getattr(record_change, "__straiik_audited__", False):
        return

    @functools.wraps(record_change)
    def noting_record_change(*args: Any, **kwargs: Any) -> Any:
        change = record_change(*args, **kwargs)
        calls = getattr(_state, "calls", None)
        if change is None and calls:
            from django.contrib.contenttypes.models import ContentType

            instance = kwargs["instance"]
            calls[-1]["changes"].add((ContentType.objects.get_for_model(instance).pk, instance.pk))
        return change

    noting_record_change.__straiik_audited__ = True  # type: ignore[attr-defined]
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("straiik") and getattr(module, "record_change", None) \
                is record_change:
            module.record_change = noting_record_change  # type: ignore[attr-defined]


def _check(name: str, collector: dict[str, Any]) -> None:
    from django.contrib.contenttypes.models import ContentType

    missing = []
    for model, pk, created in collector["saved"]:
        content_type = ContentType.objects.get_for_model(model)
        if (content_type.pk, pk) in collector["changes"]:
            continue
        missing.append(f"{model._meta.label} {pk} ({'created' if created else 'changed'})")
    if missing:
        if os.environ.get("STRAIIK_AUDIT_CHECK_LOG"):  # for a long run: the gaps as they are found
            with open(os.environ["STRAIIK_AUDIT_CHECK_LOG"], "a", encoding="utf-8") as log:
                log.write(f"{name}: {', '.join(sorted({m.split(' ')[0] for m in missing}))}\n")
        raise MissingAuditEntry(f"{name} saved without an audit entry: {', '.join(sorted(set(missing)))}")


def _wrap(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def audited_service(*args: Any, **kwargs: Any) -> Any:
        CALLED.add(name)
        calls = getattr(_state, "calls", None)
        if calls is None:
            calls = _state.calls = []
        if calls:  # a service called by a service: the outermost call checks
            return function(*args, **kwargs)
        calls.append({"saved": [], "changes": set()})
        try:
            result = function(*args, **kwargs)
        except BaseException:
            calls.pop()
            raise
        collector = calls.pop()
        _check(name, collector)
        return result

    audited_service.__straiik_audited__ = True  # type: ignore[attr-defined]
    return audited_service


def service_modules() -> Iterator[ModuleType]:
    for dotted in SERVICE_MODULES:
        module = importlib.import_module(dotted)
        yield module
        if hasattr(module, "__path__"):  # a package: its submodules too
            for info in pkgutil.walk_packages(module.__path__, prefix=f"{dotted}."):
                yield importlib.import_module(info.name)


def public_functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    for attr, value in vars(module).items():
        if attr.startswith("_") or not inspect.isfunction(value):
            continue
        original = inspect.unwrap(value) if getattr(value, "__straiik_audited__", False) else value
        if original.__module__ == module.__name__:
            yield attr, value


def install() -> None:
    """Wrap every public service function (once), in its module and in the package that re-exports it."""
    _watch_bulk_entries()
    _watch_unchanged()
    wrapped: dict[Callable[..., Any], Callable[..., Any]] = {}
    modules = list(service_modules())
    for module in modules:
        for attr, function in list(public_functions(module)):
            if getattr(function, "__straiik_audited__", False):
                continue
            wrapper = wrapped.setdefault(function, _wrap(f"{module.__name__}.{attr}", function))
            setattr(module, attr, wrapper)
    for module in modules:  # names a package imports from its submodules point at the wrappers as well
        for attr, value in list(vars(module).items()):
            if inspect.isfunction(value) and value in wrapped:
                setattr(module, attr, wrapped[value])
