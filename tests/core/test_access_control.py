"""OWASP ASVS 4.0 chapter 4 checks that no app test covers on its own: access control fails closed when
something breaks (4.1.5), and nothing outside the platform's pages and static files can be listed or
fetched (4.3.2)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from straiik.accounts import tokens
from straiik.accounts.services import api_token_issue
from straiik.registry.models import Organisation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_failing_token_check_refuses_and_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    user = make_user(username="failing")
    _token, key = api_token_issue(user=user, name="t", scopes={"registry": "write"})

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the scope store is down")

    monkeypatch.setattr(tokens, "_check", broken)
    response = Client().post("/api/v1/registry/organisations", json.dumps({"name": "Fail B.V.", "kind": "sme"}),
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 500 and response.json()["message"] == "Internal error. It has been logged."
    assert not Organisation.objects.exists()
    # and a read through the same failing check is refused too, not served as if anonymous
    assert Client().get("/api/v1/registry/organisations", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 500


@pytest.mark.parametrize("path", ["/static/", "/static/straiik/", "/.git/config", "/.git/HEAD", "/.DS_Store",
                                  "/Thumbs.db", "/media/", "/static/../settings.py", "/.env"])
def test_no_directory_listing_or_file_metadata(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404, path
