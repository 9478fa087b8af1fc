"""Factories and clients shared by the tests. Each test runs in a transaction that is rolled back."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from tests import audit_check

audit_check.install()  # before any test imports a service: every service call the suite makes is checked

from straiik.accounts.models import User  # noqa: E402 - imported after install(): the checked services
from straiik.accounts.services import user_create  # noqa: E402 - imported after install(): the checked services
from straiik.registry.models import Organisation  # noqa: E402 - imported after install(): the checked services
from straiik.registry.services import (  # noqa: E402
    child_create,
    membership_add,
    organisation_create,
    organisation_verify,
)

PASSWORD = "correct-horse-battery"
# Users whose role needs a second factor get this TOTP secret (tests sign in with codes computed by pyotp).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


def make_user(*roles: str, username: str | None = None, enrol: bool = True) -> User:
    """A user with these roles; one whose role needs a second factor is enrolled with TOTP_SECRET unless
    `enrol=False` (the tests of enrolment itself)."""
    user = user_create(actor=None, username=username or f"user{next(_counter)}", password=PASSWORD,
                       roles=list(roles))
    if enrol:
        enrol_if_required(user)
    return user


def enrol_if_required(user: User, secret: str = TOTP_SECRET) -> None:
    from straiik.accounts.mfa import mfa_required, totp_enrol
    from straiik.accounts.roles import forget_roles

    if mfa_required(user):
        totp_enrol(user=user, secret=secret, recovery_codes=False)
    forget_roles(user)  # a test may change the user's roles afterwards


def totp_code(secret: str = TOTP_SECRET, *, offset_periods: int = 0) -> str:
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * offset_periods)


def make_org(*, by: User | None = None, areas: tuple[str, ...] = ("sensors",), verified: bool = True,
             **fields: Any) -> Organisation:
    """An organisation registered by `by` (who becomes its administrator), or by a programme-office user;
    verified by the programme office unless `verified=False`. Kinds that carry authority are registered by
    the office (as the platform requires) and `by` becomes their administrator."""
    from straiik.registry.models import AUTHORITY_KINDS

    office = make_user("programme-office")
    data = {"name": f"Testorganisatie {next(_counter)}", "kind": "sme", "country": "NL", "province": "NL-ZH",
            "city": "Delft"}
    data.update(fields)
    creator = by if by is not None and data["kind"] not in AUTHORITY_KINDS else office
    organisation = organisation_create(user=creator, data=data, areas=list(areas))
    if by is not None and creator is not by:
        membership_add(user=office, organisation=organisation, member=by, is_admin=True)
    if verified:
        organisation = organisation_verify(user=office, organisation=organisation, evidence="test fixture")
    # The fixture's registrar leaves the office again, so tests count only the office people they made
    # (notifications to "the office", review panels, ...).
    office.groups.clear()
    return organisation


def add_capability(org: Organisation, *, by: User, title: str, cpv: list[str] | None = None, trl: int | None = None,
                   description: str = "") -> Any:
    from straiik.registry.models import Capability

    return child_create(user=by, organisation=org, model=Capability,
                        data={"title": title, "trl": trl, "description": description, "kind": "capability"},
                        relations={"areas": ["sensors"], "cpv_codes": cpv or []})


@pytest.fixture
def office(db: Any) -> User:
    return make_user("programme-office", username="office")


@pytest.fixture
def admin_user(db: Any) -> User:
    return make_user("platform-admin", username="padmin")


@pytest.fixture
def buyer(db: Any) -> User:
    return make_user("defence-buyer", username="buyer")


@pytest.fixture
def reviewer(db: Any) -> User:
    return make_user("reviewer", username="reviewer")


@pytest.fixture
def outsider(db: Any) -> User:
    """Signed in, member of no organisation, no role."""
    return make_user(username="outsider")


@pytest.fixture
def member(db: Any) -> User:
    return make_user(username="member")


@pytest.fixture
def org(member: User) -> Organisation:
    return make_org(by=member, name="Velden Radar B.V.", description="AESA radar modules in GaN",
                    foreign_ownership_pct=None)


def client_for(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Rate limits and used one-time codes live in the cache: every test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def english() -> Any:
    """Messages outside a request are in the default language (Dutch); the tests read them in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def worker_keeps_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database worker (`db_worker`) closes 'old' connections between tasks, as a long-running process
    should. Inside a test that would close the test's own connection, which on PostgreSQL sits in the
    test's transaction. Django's test client disconnects `close_old_connections` for the same reason."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
