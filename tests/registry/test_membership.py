"""Membership: only administrators add or remove members, the last administrator stays, a claim waits for
approval, an invitation for its person, and the add-member form says nothing about which names exist."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from straiik.registry import services
from straiik.registry.models import Membership, Organisation
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_member(member: Any, org: Organisation) -> Any:
    """An active member of `org` who is not one of its administrators."""
    user = make_user(username="plain")
    services.membership_add(user=member, organisation=org, member=user)
    return user


def test_a_non_administrator_member_cannot_add_or_remove_anyone(member: Any, org: Organisation,
                                                                 plain_member: Any) -> None:
    client = client_for(plain_member)
    make_user(username="friend")
    added = client.post(f"/registry/{org.slug}/members/", {"username": "friend"})
    assert added.status_code == 403 and "Only the administrators of" in added.content.decode()
    assert not Membership.objects.filter(organisation=org, user__username="friend").exists()
    admin_membership = org.memberships.get(user=member)
    removed = client.post(f"/registry/{org.slug}/members/{admin_membership.pk}/remove/")
    assert removed.status_code == 403
    promoted = client.post(f"/registry/{org.slug}/members/{org.memberships.get(user=plain_member).pk}/admin/",
                           {"is_admin": "1"})
    assert promoted.status_code == 403
    assert org.memberships.filter(is_admin=True).count() == 1
    with pytest.raises(PermissionDenied):
        services.membership_add(user=plain_member, organisation=org, member=make_user())
    # the member sees the others but no management buttons
    page = client.get(org.get_absolute_url()).content.decode()
    assert "member" in page and 'id="member-add"' not in page and "Make administrator" not in page


def test_the_add_member_form_answers_the_same_whether_the_name_exists(member: Any, org: Organisation) -> None:
    make_user(username="colleague")
    client = client_for(member)
    known = client.post(f"/registry/{org.slug}/members/", {"username": "colleague"}, follow=True)
    unknown = client.post(f"/registry/{org.slug}/members/", {"username": "nobody"}, follow=True)

    def message(response: Any) -> str:
        return response.content.decode().split('class="message')[1].split("</")[0].replace("colleague", "X").replace(
            "nobody", "X")

    assert known.status_code == unknown.status_code == 200
    assert message(known) == message(unknown)
    assert "nobody" not in unknown.content.decode().split('id="members"')[1]
    assert "colleague" not in known.content.decode().split('id="members"')[1]  # invitations are not listed
    invited = Membership.objects.get(organisation=org, user__username="colleague")
    assert invited.state == "invited"
    colleague = invited.user
    assert client_for(colleague).get(f"/registry/{org.slug}/edit/").status_code == 403  # not yet a member
    assert "You have been invited" in client_for(colleague).get(org.get_absolute_url()).content.decode()
    client_for(colleague).post(f"/registry/{org.slug}/members/{invited.pk}/accept/")
    invited.refresh_from_db()
    assert invited.state == "active"
    assert client_for(colleague).get(f"/registry/{org.slug}/edit/").status_code == 200


def test_the_last_administrator_cannot_leave_or_be_demoted(member: Any, org: Organisation,
                                                           plain_member: Any) -> None:
    own = org.memberships.get(user=member)
    client = client_for(member)
    left = client.post(f"/registry/{org.slug}/members/{own.pk}/remove/", follow=True)
    assert "last administrator" in left.content.decode()
    demoted = client.post(f"/registry/{org.slug}/members/{own.pk}/admin/", {"is_admin": "0"}, follow=True)
    assert "last administrator" in demoted.content.decode()
    own.refresh_from_db()
    assert own.is_admin and own.state == "active"
    with pytest.raises(ValidationError):
        services.membership_set_admin(user=member, membership=own, is_admin=False)
    # with a second administrator the first may step down, and then leave
    plain = org.memberships.get(user=plain_member)
    client.post(f"/registry/{org.slug}/members/{plain.pk}/admin/", {"is_admin": "1"})
    plain.refresh_from_db()
    assert plain.is_admin
    client.post(f"/registry/{org.slug}/members/{own.pk}/admin/", {"is_admin": "0"})
    own.refresh_from_db()
    assert not own.is_admin
    assert client.post(f"/registry/{org.slug}/members/{own.pk}/remove/").status_code == 302
    assert not org.memberships.filter(user=member).exists()
    # now the other one is the last
    with pytest.raises(ValidationError, match="last administrator"):
        services.membership_remove(user=plain_member, membership=plain)


def test_a_plain_member_may_leave(member: Any, org: Organisation, plain_member: Any) -> None:
    own = org.memberships.get(user=plain_member)
    assert client_for(plain_member).post(f"/registry/{org.slug}/members/{own.pk}/remove/").status_code == 302
    assert not org.memberships.filter(user=plain_member).exists()


def test_a_claim_waits_for_an_administrator(member: Any, org: Organisation, plain_member: Any) -> None:
    claimant = make_user(username="claimant")
    client_for(claimant).post(f"/registry/{org.slug}/members/request/")
    claim = Membership.objects.get(user=claimant, organisation=org)
    assert claim.state == "requested"
    assert client_for(claimant).get(f"/registry/{org.slug}/edit/").status_code == 403
    assert client_for(plain_member).post(f"/registry/{org.slug}/members/{claim.pk}/approve/").status_code == 403
    assert 'id="membership-requests"' in client_for(member).get(org.get_absolute_url()).content.decode()
    client_for(member).post(f"/registry/{org.slug}/members/{claim.pk}/approve/")
    claim.refresh_from_db()
    assert claim.state == "active"
    assert client_for(claimant).get(f"/registry/{org.slug}/edit/").status_code == 200
