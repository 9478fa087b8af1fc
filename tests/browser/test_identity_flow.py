"""Getting in, in headless Chromium: sign-up → the confirmation e-mail's link → sign in; a password reset by
e-mail link; a security key (Chromium's virtual authenticator over CDP) registered, then used to sign in,
and as a passkey without a password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from straiik.accounts.models import AuthEvent, User
from straiik.accounts.services import user_create
from tests.browser.test_registry_flow import PASSWORD, log_in, make_user

pytestmark = [pytest.mark.browser]
NEW_PASSWORD = "Zeer-geheim-wachtwoord-2026"


def link_in(message: mail.EmailMessage) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/\S+/)", message.body).group(1)  # type: ignore[union-attr]


def test_sign_up_confirm_by_e_mail_then_sign_in(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_role("link", name="sign up").click()
    expect(page.locator("h1")).to_have_text("Sign Up")
    page.locator("#id_email").fill("founder@zilvermeeuw.example")
    page.locator("#id_username").fill("founder")
    page.locator("#id_password1").fill("kort-wachtw")  # 11 characters
    page.locator("#id_password2").fill("kort-wachtw")
    page.locator("main form").get_by_role("button", name="Sign Up").click()
    expect(page.locator("main")).to_contain_text("at least 12 characters")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign Up").click()
    expect(page.locator("h1")).to_contain_text("Verify Your Email Address")
    screenshot("confirmation-sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["founder@zilvermeeuw.example"]
    page.goto(link_in(mail.outbox[0]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("You have confirmed founder@zilvermeeuw.example")
    log_in(page, "founder", NEW_PASSWORD)
    screenshot("signed-in")
    assert User.objects.get(username="founder").emailaddress_set.get().verified


def test_password_reset_by_e_mail_link(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    user = user_create(actor=None, username="vergeetachtig", password=PASSWORD, email="v@example.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.locator("#id_email").fill("v@example.org")
    page.locator("main form").get_by_role("button", name="Reset My Password").click()
    expect(page.locator("main")).to_contain_text("We have sent you an email")
    page.goto(link_in(mail.outbox[-1]))
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("main form").get_by_role("button", name="Change Password").click()
    expect(page.locator("main")).to_contain_text("Your password is now changed")
    screenshot("password-changed")
    log_in(page, "vergeetachtig", NEW_PASSWORD)
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.PASSWORD_RESET, user=user).count() == 1


def test_a_security_key_registers_and_signs_in(page: Page, screenshot) -> None:  # type: ignore[no-untyped-def]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]
    user = make_user("sleutelhouder")
    log_in(page, "sleutelhouder")
    page.goto("/accounts/2fa/webauthn/add/")
    page.locator("#id_name").fill("YubiKey")
    page.locator("#id_passwordless").check()  # also a passkey: sign in without a password
    page.locator("#mfa_webauthn_add").click()
    expect(page.locator(".messages")).to_contain_text("Security key added")
    screenshot("key-added")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"]
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.MFA_ADDED, user=user, details__type="webauthn").exists()

    # Password, then the key.
    page.locator("header").get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill("sleutelhouder")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign In").click()
    key = page.get_by_role("button", name="Use a security key")
    expect(key).to_be_visible()
    page.wait_for_load_state("load")  # the key's ceremony is allauth's static script, loaded with the page
    key.click()
    expect(page.locator("#current-user")).to_have_text("sleutelhouder")

    # The passkey alone.
    page.locator("header").get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.locator("#current-user")).to_have_text("sleutelhouder")
    screenshot("passkey-signed-in")
    used = AuthEvent.objects.filter(kind=AuthEvent.Kind.MFA_USED, user=user, details__type="webauthn")
    assert used.count() == 2
