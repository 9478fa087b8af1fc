from __future__ import annotations

import pytest
from django.test import Client

from straiik.accounts.models import ApiToken
from straiik.accounts.roles import roles_of
from straiik.core.models import ObjectChange
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_log_in_change_password_and_log_out() -> None:
    user = make_user(username="anna")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    bad = client.post("/accounts/login/", {"login": "anna", "password": "wrong"})
    assert bad.status_code == 200 and "username and/or password you specified are not correct" in bad.content.decode()
    assert client.post("/accounts/login/", {"login": "anna", "password": PASSWORD}).status_code == 302
    assert "anna" in client.get("/accounts/profile/").content.decode()
    assert client.get("/accounts/password/")["Location"] == "/accounts/password/change/"  # the old address
    weak = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "123",
                                                      "password2": "123"})
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    new = "a-much-better-passphrase-2026"
    changed = client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new,
                                                         "password2": new})
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get("/accounts/profile/").status_code == 200  # still signed in after the change
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_roles_are_groups_and_superusers_are_administrators() -> None:
    assert roles_of(make_user("programme-office", "reviewer")) == {"programme-office", "reviewer"}
    boss = make_user()
    boss.is_superuser = True
    boss.save()
    assert "platform-admin" in roles_of(boss)
    assert roles_of(None) == frozenset()


def test_api_tokens_are_shown_once_stored_hashed_and_revocable() -> None:
    user = make_user(username="tokenuser")
    client = Client()
    client.force_login(user)
    client.post("/accounts/tokens/", {"name": "etl", "scope_registry": "read"})
    page = client.get("/accounts/profile/").content.decode()
    key = page.split('id="new-api-key"')[1].split("<code>")[1].split("</code>")[0]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert key not in client.get("/accounts/profile/").content.decode()  # shown once only
    assert Client().get("/api/v1/registry/organisations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert Client().get("/api/v1/registry/organisations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert ObjectChange.objects.filter(object_repr__startswith="etl").count() == 2
    other = make_user()
    other_client = Client()
    other_client.force_login(other)
    assert other_client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
