"""Every route in a permission table (issue 13, item 3).

`test_every_route_has_a_row` walks Django's URL resolver (every pattern, recursively: the apps, allauth, the admin,
the ninja API) and the API's OpenAPI schema (every method of every path), and fails naming each route or operation
that no row of tests/routes/table_<app>.py requests, and each row that requests no route.
`test_route_answers` then requests every row as each of the seven personas and checks the status.
`test_a_route_without_a_row_fails` shows the first check failing on a route added without a row.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import Resolver404, get_resolver, path, resolve
from django.urls.resolvers import URLPattern, URLResolver

from tests.routes import (
    table_accounts,
    table_admin,
    table_agenda,
    table_bundling,
    table_core,
    table_defport,
    table_notifications,
    table_protection,
    table_registry,
    table_sdir,
    table_supply,
    table_work,
)
from tests.routes.table import Row, answer_matches, describe, misses_secret, request, shows_secret
from tests.routes.world import PERSONA_TITLES, PERSONAS, World, build

TABLES = {"core": table_core, "accounts": table_accounts, "registry": table_registry, "defport": table_defport,
          "sdir": table_sdir, "bundling": table_bundling, "supply": table_supply, "agenda": table_agenda,
          "notifications": table_notifications, "protection": table_protection, "work": table_work,
          "admin": table_admin}


def _rows() -> list[Row]:
    found = []
    for app, module in TABLES.items():
        for entry in module.ROWS:
            object.__setattr__(entry, "app", app)  # each row knows its table, for the messages
            found.append(entry)
    return found


ROWS: list[Row] = _rows()
METHODS = ("get", "post", "put", "patch", "delete")
PROBE = os.environ.get("ROUTES_PROBE", "")
# Pages of the API itself, not operations in its schema: the schema, its viewer, and ninja's root (a 404).
API_OWN_PAGES = ("/api/v1/", "/api/v1/openapi.json", "/api/v1/docs")


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The example world, built once for the module inside a transaction that is rolled back at its end; each
    test's own transaction (a savepoint inside it) is rolled back after each request."""
    from django.db import transaction

    from straiik.defport.matching import reset_index

    with django_db_blocker.unblock():
        reset_index()
        with transaction.atomic():
            built = build()
            yield built
            transaction.set_rollback(True)
        reset_index()


# -- the walk -------------------------------------------------------------------------------------------------------

def routes(urlconf: str | None = None) -> list[tuple[str, str]]:
    """(route, name) of every URL pattern, the route written as Django's resolver joins it (ResolverMatch.route)."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = URLResolver._join_route(prefix, str(pattern.pattern)) if prefix else str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                found.append((route, f"{namespace}{pattern.name or pattern.lookup_str}"))

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def operations(schema: dict[str, Any] | None = None) -> list[tuple[str, str, str]]:
    """(METHOD, path, operationId) of every operation in the API's OpenAPI schema."""
    if schema is None:
        from straiik.config.api import api

        schema = api.get_openapi_schema()
    return [(method.upper(), address, spec.get("operationId", ""))
            for address, item in schema["paths"].items() for method, spec in item.items() if method in METHODS]


def _template(address: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(address)) + "$")


def uncovered(rows: list[Row], world: World, *, urlconf: str | None = None,
              schema: dict[str, Any] | None = None) -> list[str]:
    """What the tables miss: routes and API operations without a row, and rows that reach no route."""
    problems: list[str] = []
    covered: set[str] = set()
    addresses: list[tuple[str, str]] = []
    for entry in rows:
        address = entry.address(world).split("?")[0]
        try:
            covered.add(resolve(address, urlconf).route)
        except Resolver404:
            problems.append(f"row {entry.id} ({entry.app}): its address {address} resolves to no route")
        addresses.append((entry.method, address))
    shadowed = {route: address for module in TABLES.values() for route, address in
                getattr(module, "SHADOWED", {}).items()}
    for route, address in shadowed.items():
        reached = resolve(address, urlconf).route
        if reached == route:
            problems.append(f"route {route!r} is listed as shadowed, but {address} reaches it: give it rows")
        covered.add(route)
    for route, name in routes(urlconf):
        if route not in covered:
            problems.append(f"route {route!r} ({name}) has no row")
    ops = operations(schema)
    for method, address, operation in ops:
        pattern = _template(address)
        if not any(m == method and pattern.match(a) for m, a in addresses):
            problems.append(f"API operation {method} {address} ({operation}) has no row")
    for entry, (method, address) in zip(rows, addresses, strict=True):
        if address.startswith("/api/v1/") and address not in API_OWN_PAGES and not any(
                m == method and _template(a).match(address) for m, a, _ in ops):
            problems.append(f"row {entry.id} ({entry.app}): no API operation {method} {address}")
    return problems


@pytest.mark.django_db
def test_every_route_has_a_row(world: World) -> None:
    problems = uncovered(ROWS, world)
    assert not problems, "The route tables (tests/routes/table_<app>.py) and the routes differ:\n" + "\n".join(
        problems)


def test_each_row_is_listed_once() -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for entry in ROWS:
        key = (entry.method, entry.path, repr(entry.data))
        assert key not in seen, f"{entry.id} is in {seen[key]} and {entry.app}"
        seen[key] = entry.app


# -- the test of the test -------------------------------------------------------------------------------------------

def unlisted_view(request: Any) -> HttpResponse:
    return HttpResponse("a route nobody wrote a row for")


@pytest.mark.django_db
def test_a_route_without_a_row_fails(world: World) -> None:
    """A page and an API operation added without a row: the walk names both."""
    from straiik.config import urls as real
    from straiik.config.api import api

    module = type(real)("tests.routes.urls_with_an_unlisted_route")
    module.urlpatterns = [*real.urlpatterns, path("unlisted/<int:pk>/", unlisted_view, name="unlisted")]
    schema = api.get_openapi_schema()
    schema = {**schema, "paths": {**schema["paths"], "/api/v1/registry/unlisted": {"get": {"operationId": "unlisted"}}}}
    problems = uncovered(ROWS, world, urlconf=module, schema=schema)  # type: ignore[arg-type]
    assert problems == ["route 'unlisted/<int:pk>/' (unlisted) has no row",
                        "API operation GET /api/v1/registry/unlisted (unlisted) has no row"]


# -- the table, row by row and persona by persona -------------------------------------------------------------------

def _cells() -> list[Any]:
    """One test per row for the personas whose answer is right today, and one per leaking persona (an xfail)."""
    cells = []
    for entry in ROWS:
        fine = tuple(p for p in PERSONAS if p not in entry.leaks)
        cells.append(pytest.param(entry, fine, id=f"{entry.app}:{entry.id}"))
        for persona, reason in entry.leaks.items():
            cells.append(pytest.param(entry, (persona,), id=f"{entry.app}:{entry.id}:{persona}",
                                      marks=pytest.mark.xfail(strict=True, reason=f"leak: {reason}")))
    return cells


def check(world: World, entry: Row, persona: str) -> str:
    """What is wrong with the answer to `persona` ('' if nothing). The request runs in a savepoint that is rolled
    back, so what one persona changes the next does not see."""
    from django.core.cache import cache
    from django.db import transaction

    cache.clear()  # rate limits
    with transaction.atomic():
        response = request(world, entry, persona)
        transaction.set_rollback(True)
    expected = entry.expect[persona]
    if PROBE:  # ROUTES_PROBE=<file>: write down today's answers instead of checking them (to draft new rows)
        with open(PROBE, "a") as out:
            out.write(json.dumps({"app": entry.app, "method": entry.method, "path": entry.path,
                                  "data": repr(entry.data), "persona": persona, "got": describe(response),
                                  "status": response.status_code,
                                  "secret": shows_secret(world, entry, response, persona)}) + "\n")
        return ""
    who = f"{PERSONA_TITLES[persona]} ({entry.side} side)"
    if not answer_matches(response, expected, admin=entry.path.startswith("/admin/")):
        return f"as {who}: expected {expected}, got {describe(response)}"
    if shown := shows_secret(world, entry, response, persona):
        return (f"as {who}: shows {shown!r}, which only "
                f"{', '.join(PERSONA_TITLES[p] for p in entry.sees)} may read")
    if missing := misses_secret(world, entry, response, persona):
        return f"as {who}: does not show {missing!r}, which it may read"
    return ""


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "personas"), _cells())
def test_route_answers(world: World, entry: Row, personas: tuple[str, ...]) -> None:
    wrong = [problem for persona in personas if (problem := check(world, entry, persona))]
    assert not wrong, f"{entry.id} ({entry.app})" + (f", {entry.note}" if entry.note else "") + ":\n  " + (
        "\n  ".join(wrong))


def test_the_tables_are_per_app() -> None:
    for app, module in TABLES.items():
        assert module.ROWS, f"table_{app} has no rows"
