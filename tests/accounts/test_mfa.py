"""A second factor (issue 12.2): TOTP enrolment and sign-in with codes computed here (pyotp), replayed and
wrong-secret codes refused and logged, recovery codes, the roles that cannot reach anything before enrolling,
an administrator's reset. WebAuthn runs in the browser (tests/browser/test_identity_flow.py)."""

from __future__ import annotations

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from straiik.accounts.mfa import mfa_reset
from straiik.accounts.models import ApiToken, AuthEvent, User
from straiik.accounts.services import api_token_issue
from tests.conftest import PASSWORD, TOTP_SECRET, client_for, make_user, totp_code

pytestmark = pytest.mark.django_db
K = AuthEvent.Kind


def sign_in(client: Client, login: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": login, "password": password})


def enrol_totp(client: Client) -> str:
    """Through the pages: read the secret the activation page shows, answer with its current code."""
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = re.search(r'value="([A-Z2-7]{16,})"', page.content.decode()).group(1)  # type: ignore[union-attr]
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.mark.parametrize("role", ["platform-admin", "programme-office", "defence-buyer", "reviewer"])
def test_a_role_that_needs_a_second_factor_reaches_nothing_before_enrolling(
        role: str, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role, username="newcomer", enrol=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    # The password is right; the next stop is enrolment.
    assert sign_in(client, "newcomer").status_code == 302
    for path in ["/", "/registry/", "/defport/", "/sdir/", "/accounts/profile/", "/admin/", "/accounts/log/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", path
    htmx = client.get("/registry/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/accounts/2fa/"
    api = client.get("/api/v1/registry/organisations")
    assert api.status_code == 403 and "second factor" in api.json()["message"]
    assert "Authenticator App" in client.get("/accounts/2fa/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the enrolment after commit
        secret = enrol_totp(client)
    assert client.get("/registry/").status_code == 200
    assert client.get("/api/v1/registry/organisations").status_code == 200
    assert AuthEvent.objects.filter(kind=K.MFA_ADDED, user=user, details__type="totp").count() == 1
    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert stored.startswith("fernet:") and secret not in stored  # encrypted at rest


def test_others_may_enrol_but_need_not() -> None:
    make_user(username="founder")
    client = Client()
    sign_in(client, "founder")
    assert client.get("/registry/").status_code == 200
    enrol_totp(client)
    client.post("/accounts/logout/")
    assert sign_in(client, "founder")["Location"] == "/accounts/2fa/authenticate/"


def test_sign_in_with_totp_refuses_a_replayed_and_a_wrong_secret_code() -> None:
    user = make_user("reviewer", username="rita")  # enrolled with TOTP_SECRET
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(client, "rita")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/accounts/profile/").status_code == 302  # not signed in before the second factor
    wrong = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(pyotp.random_base32()).now()})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    code = totp_code(TOTP_SECRET)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/registry/").status_code == 200
    # The same code again, from another browser that has the password: refused.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(other, "rita")
    replay = other.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200 and "Incorrect code" in replay.content.decode()
    failures = AuthEvent.objects.filter(kind=K.MFA_FAILED, user=user, success=False)
    assert failures.count() == 2
    assert list(AuthEvent.objects.filter(user=user, kind=K.MFA_USED).values_list("details__type", flat=True)) == [
        "totp"]


def test_recovery_codes_sign_in_once_each() -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = make_user("programme-office", username="olga")
    codes = RecoveryCodes.activate(user).get_unused_codes()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, "olga")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "olga")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 200  # used up
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[1]}).status_code == 302


def test_an_administrator_resets_a_second_factor(admin_user: User) -> None:
    user = make_user("defence-buyer", username="bas")
    api_token_issue(user=user, name="etl")
    client = Client()
    sign_in(client, "bas")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.get("/registry/").status_code == 200
    assert mfa_reset(user, admin_user) == 1
    assert not Authenticator.objects.filter(user=user).exists()
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()  # revoked, kept for the record
    assert client.get("/accounts/profile/").status_code == 302  # every session ended
    row = AuthEvent.objects.get(kind=K.MFA_RESET, user=user)
    assert row.details == {"by": admin_user.username, "removed": ["totp"], "tokens_revoked": 1}
    # Signing in again leads to enrolment.
    sign_in(client, "bas")
    assert client.get("/registry/")["Location"] == "/accounts/2fa/"


def test_the_reset_from_the_admin_site(admin_user: User) -> None:
    user = make_user("reviewer", username="ria")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    admin = client_for(User.objects.get(pk=admin_user.pk))
    response = admin.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [user.pk]})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    assert AuthEvent.objects.filter(kind=K.MFA_RESET, user=user, details__by=admin_user.username).exists()


def test_the_demo_accounts_share_a_development_totp_secret(capsys) -> None:  # type: ignore[no-untyped-def]
    from django.test import override_settings

    from straiik.work.management.commands.demo import DEMO_PASSWORD, Command

    secret = "STRAIIKDEMOTOTPSECRETFORLOCALUSE"
    with override_settings(STRAIIK_DEMO_TOTP_SECRET=secret):
        Command()._users()
    out = capsys.readouterr().out
    assert f"TOTP secret {secret}" in out and "admin, office, buyer, reviewer" in out
    assert not Authenticator.objects.filter(user__username="member").exists()  # optional for a member
    client = Client()
    assert sign_in(client, "office", DEMO_PASSWORD)["Location"] == "/accounts/2fa/authenticate/"
    assert client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/defport/").status_code == 200


def test_without_a_demo_secret_the_demo_accounts_enrol_at_first_sign_in(capsys) -> None:  # type: ignore[no-untyped-def]
    from straiik.work.management.commands.demo import Command

    Command()._users()  # the test settings, like production, have no demo secret
    assert "enrol a second factor at their first sign-in" in capsys.readouterr().out
    assert not Authenticator.objects.exists()


def test_staff_without_a_role_need_a_second_factor_for_the_admin_too() -> None:
    user = make_user(username="staffer", enrol=False)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client = Client()
    sign_in(client, "staffer")
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    assert client.get("/accounts/profile/")["Location"] == "/accounts/2fa/"
