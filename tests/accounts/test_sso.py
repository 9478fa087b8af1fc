"""Single sign-on's mapping rules and its configuration from the environment (the flow itself runs end to end
against a real provider in tests/browser/test_sso_flow.py)."""

from __future__ import annotations

import importlib
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from straiik.accounts.roles import roles_of
from straiik.accounts.services import user_grant_role
from straiik.accounts.sso import apply_mapping, mfa_by_provider
from straiik.registry.models import Membership
from tests.conftest import make_org, make_user

MAPPING = {"role_claim": "groups", "roles": {"office": "programme-office", "buyers": "defence-buyer"},
           "organisation_claim": "org", "organisations": {}, "mfa_claims": {"amr": ["otp", "hwk"], "acr": ["high"]}}


def test_the_providers_second_factor_counts_only_as_configured() -> None:
    assert mfa_by_provider({"amr": ["pwd", "otp"]}, MAPPING)
    assert mfa_by_provider({"acr": "high"}, MAPPING)
    assert not mfa_by_provider({"amr": ["pwd"], "acr": "low"}, MAPPING)
    assert not mfa_by_provider({"amr": ["otp"]}, {**MAPPING, "mfa_claims": {}})  # not configured: never


@pytest.mark.django_db
def test_roles_follow_the_provider_and_others_stay() -> None:
    user = make_user(username="sso-user")
    user_grant_role(actor=None, user=user, role="reviewer")  # given on the platform, outside the mapping
    org = make_org(name="Marinebedrijf")
    mapping = {**MAPPING, "organisations": {"MB": org.slug}}
    changes = apply_mapping(user=user, claims={"groups": ["office", "buyers", "unknown"], "org": "MB"},
                            mapping=mapping)
    assert changes == {"granted": ["defence-buyer", "programme-office"], "withdrawn": [], "joined": [org.slug]}
    assert roles_of(user) == {"programme-office", "defence-buyer", "reviewer"}
    changes = apply_mapping(user=user, claims={"groups": "buyers", "org": "MB"}, mapping=mapping)
    assert changes == {"granted": [], "withdrawn": ["programme-office"], "joined": []}
    assert roles_of(user) == {"defence-buyer", "reviewer"}
    assert Membership.objects.filter(user=user, organisation=org, is_admin=False).count() == 1


def test_one_provider_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from straiik.config.settings import identity

    monkeypatch.setenv("STRAIIK_OIDC_ISSUER", "https://login.mindef.example/realms/defensie")
    monkeypatch.setenv("STRAIIK_OIDC_CLIENT_ID", "straiik")
    monkeypatch.setenv("STRAIIK_OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("STRAIIK_OIDC_MAPPING", json.dumps(MAPPING))
    (app,) = importlib.reload(identity).SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    assert app["client_id"] == "straiik" and app["secret"] == "s3cret"
    assert app["settings"]["server_url"] == "https://login.mindef.example/realms/defensie"
    assert app["settings"]["straiik"] == MAPPING
    monkeypatch.setenv("STRAIIK_OIDC_MAPPING", "{not json")
    with pytest.raises(ImproperlyConfigured, match="STRAIIK_OIDC_MAPPING"):
        importlib.reload(identity)
    monkeypatch.delenv("STRAIIK_OIDC_ISSUER")
    monkeypatch.delenv("STRAIIK_OIDC_MAPPING")
    assert importlib.reload(identity).SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] == []
