"""An organisation's administrator invites a colleague by e-mail; the colleague opens the link from the
e-mail, creates an account and is shown as a member."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from straiik.accounts.models import User
from straiik.accounts.services import user_create
from straiik.registry import services
from tests.browser.test_registry_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]
PASSWORD = "correct-horse-battery-staple"


def test_invitation_sent_link_opened_account_created_member_shown(page: Page, browser: Any, live_server: Any,
                                                                   screenshot: Any) -> None:
    admin = user_create(actor=None, username="orgadmin", password=PASSWORD)
    org = services.organisation_create(user=admin, data={"name": "Uitnodiging B.V.", "kind": "sme"},
                                       areas=["sensors"])
    log_in(page, "orgadmin", PASSWORD)
    page.goto(org.get_absolute_url())
    page.locator("#invite-form input[name=email]").fill("nieuwe.collega@example.org")
    page.locator("#invite-form").get_by_role("button", name="Send invitation").click()
    expect(page.locator(".messages")).to_contain_text("An invitation has been sent to nieuwe.collega@example.org")
    expect(page.locator("#pending-invitations")).to_contain_text("nieuwe.collega@example.org")
    screenshot("invitation-sent")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuwe.collega@example.org"]
    link = re.search(r"https?://\S+/registry/invitations/[\w-]+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    colleague = context.new_page()
    colleague.goto(link)
    expect(colleague.locator("main")).to_contain_text("orgadmin invites nieuwe.collega@example.org to join "
                                                      "Uitnodiging B.V.")
    form = colleague.locator("#invitation-register")
    form.locator("#id_username").fill("collega")
    form.locator("#id_password1").fill("kort")
    form.locator("#id_password2").fill("kort")
    form.get_by_role("button", name="Create account and join").click()
    expect(form).to_contain_text("too short")
    form.locator("#id_password1").fill("een-lange-en-zeldzame-zin-42")
    form.locator("#id_password2").fill("een-lange-en-zeldzame-zin-42")
    form.get_by_role("button", name="Create account and join").click()
    expect(colleague.locator("h1")).to_have_text("Uitnodiging B.V.")
    expect(colleague.locator(".messages")).to_contain_text("You are now a member of Uitnodiging B.V.")
    expect(colleague.locator("#current-user")).to_have_text("collega")
    expect(colleague.locator("#members")).to_contain_text("collega")
    colleague.screenshot(path=screenshot("after-invitation-admin-view").parent / "invitation-accepted.png",
                         full_page=True)

    # the link is spent
    colleague.goto(link)
    expect(colleague.locator("#invitation-problem")).to_contain_text("already been used")
    assert User.objects.filter(username="collega").count() == 1
    page.reload()
    expect(page.locator("#members")).to_contain_text("collega")
    context.close()
