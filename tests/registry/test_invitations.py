"""Invitations by e-mail: a one-time link (hashed at rest, expiring), an account created on the link's page
with Django's password validators, used or expired links refused clearly, nothing created twice."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from straiik.accounts.models import User
from straiik.registry.models import Invitation, Membership, Organisation
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db
GOOD = "a-long-and-unusual-passphrase-71"


@pytest.fixture
def invite(django_capture_on_commit_callbacks: Any) -> Any:
    """Send an invitation through the page; the e-mail goes out after the commit. Returns the link."""

    def send(client: Client, org: Organisation, email: str = "Colleague@Example.org", **extra: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/registry/{org.slug}/invitations/", {"email": email, **extra}, follow=True)
        assert "An invitation has been sent" in response.content.decode()
        return link_in(mail.outbox[-1].body)

    return send


def link_in(body: str) -> str:
    return re.search(r"https?://\S+/registry/invitations/[\w-]+/", body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_administrator_invites_and_the_colleague_creates_an_account(member: Any, org: Organisation,
                                                                       invite: Any) -> None:
    link = invite(client_for(member), org)
    message = mail.outbox[-1]
    assert message.to == ["colleague@example.org"] and org.name in message.subject
    token = path_of(link).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == Invitation.hash_token(token) and token not in invitation.token_hash
    assert dt.timedelta(days=6, hours=23) < invitation.expires_at - invitation.created_at <= dt.timedelta(days=7)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = visitor.get(path_of(link))
    assert page.status_code == 200 and "colleague@example.org" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    weak = visitor.post(path_of(link), {"action": "register", "username": "colleague", "password1": "short",
                                        "password2": "short"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    common = visitor.post(path_of(link), {"action": "register", "username": "colleague", "password1": "password123",
                                          "password2": "password123"})
    assert common.status_code == 400 and "too common" in common.content.decode()
    assert not User.objects.filter(username="colleague").exists()
    done = visitor.post(path_of(link), {"action": "register", "username": "colleague", "password1": GOOD,
                                        "password2": GOOD})
    assert done.status_code == 302 and done["Location"] == org.get_absolute_url()
    colleague = User.objects.get(username="colleague")
    assert colleague.email == "colleague@example.org" and colleague.check_password(GOOD)
    assert Membership.objects.get(user=colleague, organisation=org).state == "active"
    assert visitor.get(f"/registry/{org.slug}/edit/").status_code == 200  # signed in, a member
    # the link works once: a second use says so and creates nothing
    again = Client(HTTP_ACCEPT_LANGUAGE="en").post(path_of(link), {"action": "register", "username": "another",
                                                                   "password1": GOOD, "password2": GOOD})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert not User.objects.filter(username="another").exists()
    assert Membership.objects.filter(organisation=org).count() == 2


def test_a_signed_in_person_joins_with_the_link(member: Any, org: Organisation, invite: Any) -> None:
    link = invite(client_for(member), org, email="known@example.org", is_admin="on")
    known = make_user(username="known")
    client = client_for(known)
    assert "Join as known" in client.get(path_of(link)).content.decode()
    client.post(path_of(link), {"action": "accept"})
    membership = Membership.objects.get(user=known, organisation=org)
    assert membership.state == "active" and membership.is_admin
    assert client.post(path_of(link), {"action": "accept"}).status_code == 410
    assert Membership.objects.filter(user=known).count() == 1


def test_expired_unknown_and_withdrawn_links_are_refused_clearly(member: Any, org: Organisation, invite: Any) -> None:
    link = invite(client_for(member), org)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = Client(HTTP_ACCEPT_LANGUAGE="en").post(path_of(link), {"action": "register", "username": "late",
                                                                     "password1": GOOD, "password2": GOOD})
    assert expired.status_code == 410 and "expired on" in expired.content.decode()
    assert not User.objects.filter(username="late").exists()
    unknown = Client(HTTP_ACCEPT_LANGUAGE="en").get("/registry/invitations/not-a-real-token/")
    assert unknown.status_code == 404 and "not valid" in unknown.content.decode()
    link = invite(client_for(member), org, email="other@example.org")
    invitation = Invitation.objects.get(email="other@example.org")
    client_for(member).post(f"/registry/{org.slug}/invitations/{invitation.pk}/withdraw/")
    withdrawn = Client(HTTP_ACCEPT_LANGUAGE="en").get(path_of(link))
    assert withdrawn.status_code == 410 and "withdrawn" in withdrawn.content.decode()


def test_only_administrators_invite(member: Any, org: Organisation) -> None:
    plain = make_user(username="plain")
    from straiik.registry.services import membership_add

    membership_add(user=member, organisation=org, member=plain)
    refused = client_for(plain).post(f"/registry/{org.slug}/invitations/", {"email": "x@example.org"})
    assert refused.status_code == 403 and "Only the administrators" in refused.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    bad = client_for(member).post(f"/registry/{org.slug}/invitations/", {"email": "not an address"}, follow=True)
    assert "Enter a valid e-mail address" in bad.content.decode() and not Invitation.objects.exists()
