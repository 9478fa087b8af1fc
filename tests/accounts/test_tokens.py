"""API tokens: scopes per app, expiry, revocation (by hand, on a password change, on a second-factor reset),
the key shown once and never logged, every issue, use and refusal in the authentication log."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from straiik.accounts import tokens
from straiik.accounts.models import ApiToken
from straiik.accounts.services import api_token_issue
from tests.conftest import PASSWORD, client_for, enrol_if_required, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/registry/organisations"


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def create_org(key: str, name: str = "Token B.V."):  # type: ignore[no-untyped-def]
    return Client().post(API, json.dumps({"name": name, "kind": "sme"}), content_type="application/json",
                         **bearer(key))


@pytest.fixture
def auth_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="straiik.auth")
    return caplog


def events(caplog: pytest.LogCaptureFixture) -> list[tuple[str, bool]]:
    return [(r.auth_event, r.auth_success) for r in caplog.records if r.name == "straiik.auth"]


def test_a_read_token_reads_but_cannot_write(auth_log: pytest.LogCaptureFixture) -> None:
    user = make_user(username="reader")
    _token, key = api_token_issue(user=user, name="etl", scopes={"registry": "read"})
    assert Client().get(API, **bearer(key)).status_code == 200
    refused = create_org(key)
    assert refused.status_code == 403
    assert refused.json()["message"] == ("This token may only read registry; changing data needs a token with read "
                                         "and write access to registry.")
    # an app the token does not name is out of its reach, reads included
    other = Client().get("/api/v1/defport/submissions", **bearer(key))
    assert other.status_code == 403 and "no access to defport" in other.json()["message"]
    assert ("token_issued", True) in events(auth_log)
    assert ("token_used", True) in events(auth_log)
    refusals = [r for r in auth_log.records if getattr(r, "auth_event", "") == "token_refused"]
    assert len(refusals) == 2 and "'read only'" in refusals[0].getMessage()
    assert "'no scope'" in refusals[1].getMessage()


def test_a_write_token_writes_only_where_its_scope_says() -> None:
    user = make_user(username="writer")
    _token, key = api_token_issue(user=user, name="sync", scopes={"registry": "write", "sdir": "read"})
    assert create_org(key).status_code == 201
    assert Client().post("/api/v1/sdir/calls", "{}", content_type="application/json",
                         **bearer(key)).status_code == 403


def test_expired_token_refused_with_its_date(auth_log: pytest.LogCaptureFixture) -> None:
    user = make_user(username="late")
    token, key = api_token_issue(user=user, name="old", days=1)
    assert token.expires_at - timezone.now() > dt.timedelta(hours=23)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = Client().get(API, **bearer(key))
    assert response.status_code == 401
    assert response.json()["message"].startswith("This token expired on ")
    assert ("token_failed", False) in events(auth_log)


def test_expiry_defaults_to_the_setting_and_is_bounded(settings) -> None:  # noqa: ANN001
    settings.STRAIIK_API_TOKEN_DAYS = 30
    user = make_user()
    token, _key = api_token_issue(user=user, name="a")
    assert dt.timedelta(days=29, hours=23) < token.expires_at - token.created_at <= dt.timedelta(days=30, seconds=5)
    client = client_for(user)
    form = {"name": "too long", "days": "366", **{f"scope_{app}": "read" for app in tokens.API_APPS}}
    page = client.post("/accounts/tokens/", form)
    assert page.status_code == 400 and "less than or equal to 365" in page.content.decode()
    nothing = client.post("/accounts/tokens/", {"name": "none", "days": "5"})
    assert nothing.status_code == 400 and "at least one part of the platform" in nothing.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 1


def test_profile_issues_a_token_with_scopes_and_shows_it_once() -> None:
    user = make_user(username="owner")
    client = client_for(user)
    form = {"name": "ci", "days": "7", "scope_registry": "write", "scope_defport": "read"}
    assert client.post("/accounts/tokens/", form).status_code == 302
    page = client.get("/accounts/profile/").content.decode()
    key = page.split('id="new-api-key"')[1].split("<code>")[1].split("</code>")[0]
    token = ApiToken.objects.get(user=user)
    assert token.scopes == {"defport": "read", "registry": "write"}
    assert dt.timedelta(days=6, hours=23) < token.expires_at - token.created_at <= dt.timedelta(days=7, seconds=5)
    assert key not in client.get("/accounts/profile/").content.decode()
    Client().get(API, **bearer(key), REMOTE_ADDR="192.0.2.7")
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_from == "192.0.2.7"
    assert "192.0.2.7" in client.get("/accounts/profile/").content.decode()


def test_password_change_revokes_every_token_whatever_changes_it(auth_log: pytest.LogCaptureFixture) -> None:
    user = make_user(username="changer")
    _t1, key1 = api_token_issue(user=user, name="one")
    client = client_for(user)
    new = "a-much-better-passphrase-2026"
    assert client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new,
                                                      "password2": new}).status_code == 302
    refused = Client().get(API, **bearer(key1))
    assert refused.status_code == 401 and "password changed" in refused.json()["message"]
    assert ("token_revoked", True) in events(auth_log)
    # the admin's or a script's direct hash assignment revokes too
    _t2, key2 = api_token_issue(user=user, name="two")
    user.refresh_from_db()
    user.password = make_password("another-long-passphrase-77")
    user.save()
    assert Client().get(API, **bearer(key2)).status_code == 401
    # saving other fields, or a hasher upgrade at sign-in, is not a password change
    _t3, key3 = api_token_issue(user=user, name="three")
    user.refresh_from_db()
    user.first_name = "Anna"
    user.save()
    assert Client().get(API, **bearer(key3)).status_code == 200


def test_hasher_upgrade_at_sign_in_keeps_tokens(settings) -> None:  # noqa: ANN001
    user = make_user(username="upgrader")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    _token, key = api_token_issue(user=user, name="kept")
    assert Client().post("/accounts/login/", {"login": "upgrader", "password": PASSWORD}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_")  # upgraded
    assert Client().get(API, **bearer(key)).status_code == 200


def test_changepassword_command_revokes(monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user(username="cli")
    _token, key = api_token_issue(user=user, name="cli")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "yet-another-passphrase-42")
    call_command("changepassword", "cli")
    assert Client().get(API, **bearer(key)).status_code == 401


def test_revoke_all_for_second_factor_reset() -> None:
    user = make_user(username="mfa")
    _a, key_a = api_token_issue(user=user, name="a")
    _b, key_b = api_token_issue(user=user, name="b")
    assert tokens.revoke_all(user, reason="second factor reset") == 2
    assert tokens.revoke_all(user, reason="again") == 0
    for key in (key_a, key_b):
        assert "second factor reset" in Client().get(API, **bearer(key)).json()["message"]


def test_the_key_is_never_logged_nor_stored(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    user = make_user(username="secretive")
    admin = make_user(username="root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    enrol_if_required(admin)  # staff need a second factor for the admin
    client = client_for(user)
    client.post("/accounts/tokens/", {"name": "k", "days": "3", "scope_registry": "write"})
    key = client.get("/accounts/profile/").content.decode().split("<code>")[1].split("</code>")[0]
    create_org(key)
    Client().get(API, **bearer(key[:-2] + "xx"))
    token = ApiToken.objects.get(user=user)
    admin_client = client_for(admin)
    admin_pages = admin_client.get("/admin/accounts/apitoken/").content.decode()
    admin_pages += admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in admin_pages and key not in admin_pages and token.key_hash not in admin_pages
    assert all(key not in r.getMessage() for r in caplog.records)
    assert key not in json.dumps([token.scopes, token.name, token.revoked_reason])
    from straiik.core.models import ObjectChange

    assert all(key not in json.dumps(c.postchange_data) for c in ObjectChange.objects.all())


def test_unknown_and_revoked_tokens_are_refused_clearly() -> None:
    user = make_user(username="rev")
    token, key = api_token_issue(user=user, name="gone")
    unknown = Client().get(API, **bearer("stk_nothing"))
    assert "onbekend" in Client().get(API, HTTP_AUTHORIZATION="Bearer stk_nothing").json()["message"]  # nl default
    assert unknown.status_code == 401 and "not known" in unknown.json()["message"]
    client_for(user).post(f"/accounts/tokens/{token.pk}/revoke/")
    revoked = Client().get(API, **bearer(key))
    assert revoked.status_code == 401 and "revoked" in revoked.json()["message"]
    token.refresh_from_db()
    assert token.revoked_reason == "revoked by its owner"
