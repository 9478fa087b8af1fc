"""Single sign-on end to end (issue 12.3) against a real OpenID Connect provider that the test starts on
loopback (django-oauth-toolkit in its own process, tests/oidc_idp): Chromium signs in at the provider and
lands signed in on straiik with the mapped role and organisation; the provider's `amr` stands in for the
second factor where configured; an ID token for another audience, a tampered (badly signed) ID token and a
callback with a forged state are refused and logged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from allauth.socialaccount.models import SocialApp
from playwright.sync_api import Page, expect

from straiik.accounts.models import AuthEvent, User
from straiik.accounts.roles import roles_of
from straiik.registry.models import Membership
from tests.oidc_idp.server import identity_provider

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]
K = AuthEvent.Kind
IDP_PASSWORD = "ministerie-wachtwoord"  # noqa: S105
CLIENTS = {"ministry": ("straiik", "straiik-rp"), "wrongaud": ("wrong-audience", "straiik-wrongaud"),
           "tampered": ("tampered", "straiik-tampered")}


@pytest.fixture(scope="module")
def issuer(live_server, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    users = [{"username": name, "password": IDP_PASSWORD, "email": f"{name}@mindef.example"}
             for name in ("kees", "bram", "eve")]
    clients = [{"name": name, "client_id": client_id, "client_secret": f"{client_id}-secret",
                "redirect_uri": f"{live_server.url}/accounts/oidc/{provider_id}/login/callback/"}
               for provider_id, (name, client_id) in CLIENTS.items()]
    claims = {"kees": {"groups": ["ministry-office"], "org": "DMO", "amr": ["pwd", "otp"]},
              "bram": {"groups": ["dmo-buyers"], "org": "DMO", "amr": ["pwd"]},
              "eve": {"groups": ["ministry-office"]}}
    with identity_provider(tmp_path_factory.mktemp("idp"), users=users, clients=clients, claims=claims) as url:
        yield url


@pytest.fixture
def providers(issuer: str) -> dict[str, SocialApp]:
    from tests.conftest import make_org

    dmo = make_org(name="Defensie Materieel Organisatie", kind="government")
    mapping = {"role_claim": "groups", "roles": {"ministry-office": "programme-office", "dmo-buyers": "defence-buyer"},
               "organisation_claim": "org", "organisations": {"DMO": dmo.slug},
               "mfa_claims": {"amr": ["otp", "mfa", "hwk"]}}
    names = {"ministry": "Ministry of Defence", "wrongaud": "Wrong audience", "tampered": "Tampered"}
    return {provider_id: SocialApp.objects.create(
        provider="openid_connect", provider_id=provider_id, name=names[provider_id], client_id=client_id,
        secret=f"{client_id}-secret",
        settings={"server_url": issuer, "oauth_pkce_enabled": True, "straiik": mapping})
        for provider_id, (_name, client_id) in CLIENTS.items()}


def sign_in_at_the_provider(page: Page, provider_name: str, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("link", name=provider_name).click()
    page.locator("main form").get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Ministry identity provider")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in at the ministry").click()


def test_sso_signs_in_with_the_mapped_role_and_organisation(page: Page, providers, screenshot) -> None:  # type: ignore[no-untyped-def]
    sign_in_at_the_provider(page, "Ministry of Defence", "kees")
    expect(page.locator("#current-user")).to_have_text("kees")
    user = User.objects.get(username="kees")
    assert roles_of(user) == {"programme-office"} and user.email == "kees@mindef.example"
    assert Membership.objects.filter(user=user, organisation__name="Defensie Materieel Organisatie",
                                     is_admin=False).exists()
    # The provider's second factor (amr: otp) counts: the office role reaches its pages without enrolling here.
    page.goto("/defport/")
    expect(page).to_have_url(re.compile(r"/defport/$"))
    screenshot("signed-in-by-sso")
    row = AuthEvent.objects.get(kind=K.SSO_LOGIN, user=user)
    assert row.details["mfa_by_provider"] is True and row.details["granted"] == ["programme-office"]
    assert row.details["joined"] and row.details["provider"] == "ministry"


def test_without_the_providers_second_factor_the_role_enrols_here(page: Page, providers) -> None:  # type: ignore[no-untyped-def]
    sign_in_at_the_provider(page, "Ministry of Defence", "bram")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    assert roles_of(User.objects.get(username="bram")) == {"defence-buyer"}
    page.goto("/bundling/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    assert AuthEvent.objects.get(kind=K.SSO_LOGIN, username="bram").details["mfa_by_provider"] is False


@pytest.mark.parametrize(("provider_name", "reason"), [("Wrong audience", "audience"), ("Tampered", "signature")])
def test_a_token_for_another_audience_or_with_a_bad_signature_is_refused(  # type: ignore[no-untyped-def]
        page: Page, providers, provider_name: str, reason: str) -> None:
    sign_in_at_the_provider(page, provider_name, "eve")
    expect(page.locator("h1")).to_contain_text("Third-Party Login Failure")
    expect(page.locator("#current-user")).to_have_count(0)
    assert not User.objects.filter(username__in=["eve", "someone-else"]).exists()
    failure = AuthEvent.objects.get(kind=K.SSO_FAILED, success=False)
    assert "Invalid id_token" in failure.details["exception"]
    cause = {"audience": "InvalidAudienceError", "signature": "InvalidSignatureError"}[reason]
    assert cause in failure.details["cause"]


def test_a_callback_with_a_forged_state_is_refused(page: Page, providers) -> None:  # type: ignore[no-untyped-def]
    """The provider's answer is carried to the callback with its state changed (a forged or replayed answer).
    The browser's own request context (same cookies) follows the provider's redirects, so the state can be
    changed in transit before the browser opens the callback."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Ministry of Defence").click()
    page.locator("main form").get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Ministry identity provider")
    form = {"csrfmiddlewaretoken": page.locator("input[name=csrfmiddlewaretoken]").input_value(),
            "next": page.locator("input[name=next]").input_value(), "username": "eve", "password": IDP_PASSWORD}
    response = page.context.request.post(page.url, form=form, max_redirects=0)
    while "/accounts/oidc/ministry/login/callback/" not in response.headers.get("location", ""):
        assert response.status == 302, response.text()[:500]
        response = page.context.request.get(urljoin(page.url, response.headers["location"]), max_redirects=0)
    parts = urlsplit(response.headers["location"])
    query = dict(parse_qsl(parts.query))
    assert query["code"] and query["state"]
    query["state"] = "forged-" + query["state"][:8]
    page.goto(urlunsplit(parts._replace(query=urlencode(query))))
    expect(page.locator("h1")).to_contain_text("Third-Party Login Failure")
    expect(page.locator("#current-user")).to_have_count(0)
    failure = AuthEvent.objects.get(kind=K.SSO_FAILED)
    assert failure.details["reason"] == "state does not match a sign-in started in this browser"
    assert not User.objects.filter(username="eve").exists()
