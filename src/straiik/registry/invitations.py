"""Invitations by e-mail: an organisation's administrator sends a colleague a one-time link; the colleague
signs in, or creates an account, on the link's page and becomes a member.

The link carries a random token (secrets.token_urlsafe, 256 bits); only its SHA-256 is stored, so the
database alone cannot be used to join. A link works once and until it expires (STRAIIK_INVITATION_DAYS,
7 by default). The e-mail is sent after the transaction commits."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from straiik.core.audit import record_change, snapshot
from straiik.core.errors import Refused
from straiik.core.models import ObjectChange
from straiik.registry import permissions
from straiik.registry.models import Invitation, Membership, MembershipState, Organisation

if TYPE_CHECKING:
    from straiik.accounts.types import User


def invitation_days() -> int:
    return int(getattr(settings, "STRAIIK_INVITATION_DAYS", 7))


class InvitationUnusable(Exception):
    """A link that cannot be used (unknown, expired, used, withdrawn), with the message that says so."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _date(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


@transaction.atomic
def invitation_send(*, user: User, organisation: Organisation, email: str, is_admin: bool = False,
                    link_base: str) -> Invitation:
    """Invite `email` to `organisation`; `link_base` is the site's address (e.g. request.build_absolute_uri('/'))
    that the link in the e-mail starts with. A pending invitation to the same address is replaced."""
    if not permissions.can_manage_members(user, organisation):
        raise Refused(_("Only the administrators of %(o)s invite members.") % {"o": organisation.name})
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    now = timezone.now()
    for old in Invitation.objects.select_for_update().filter(organisation=organisation, email=email,
                                                             accepted_at__isnull=True, withdrawn_at__isnull=True):
        invitation_withdraw(user=user, invitation=old)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, is_admin=is_admin, token_hash=Invitation.hash_token(token),
        created_by=user, expires_at=now + dt.timedelta(days=invitation_days()))
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=invitation, before=None,
                  after=snapshot(invitation), related=organisation)
    link = link_base.rstrip("/") + reverse("registry:invitation", kwargs={"token": token})
    subject = _("Invitation to join %(o)s on straiik") % {"o": organisation.name}
    body = _("%(who)s invites you to join %(o)s on straiik, the platform of the Defence Strategy for Industry and "
             "Innovation.\n\nOpen this link to sign in or create your account and join (it works once, until "
             "%(date)s):\n\n%(link)s\n\nIf you did not expect this invitation, you can ignore this e-mail.") % {
        "who": user.get_full_name() or user.get_username(), "o": organisation.name,
        "date": _date(invitation.expires_at), "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation


@transaction.atomic
def invitation_withdraw(*, user: User, invitation: Invitation) -> None:
    if not permissions.can_manage_members(user, invitation.organisation):
        raise Refused(_("Only the administrators of %(o)s invite members.") % {"o": invitation.organisation.name})
    before = snapshot(invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=invitation, before=before,
                  after=snapshot(invitation), related=invitation.organisation)


def invitation_for(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, or InvitationUnusable saying why it cannot be used."""
    queryset = Invitation.objects.select_related("organisation", "created_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))  # created_by is an outer join
    invitation = queryset.filter(token_hash=Invitation.hash_token(token or "")).first()
    if invitation is None:
        raise InvitationUnusable(_("This invitation link is not valid. Check that you copied the whole link from "
                                   "the e-mail, or ask the organisation's administrator for a new invitation."), 404)
    o = invitation.organisation.name
    if invitation.accepted_at is not None:
        raise InvitationUnusable(_("This invitation has already been used (on %(date)s); an invitation works once. "
                                   "Sign in to reach %(o)s, or ask its administrator for a new invitation.")
                                 % {"date": _date(invitation.accepted_at), "o": o}, 410)
    if invitation.withdrawn_at is not None:
        raise InvitationUnusable(_("This invitation to %(o)s has been withdrawn. Ask its administrator for a new "
                                   "one.") % {"o": o}, 410)
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(_("This invitation to %(o)s expired on %(date)s. Ask its administrator to invite "
                                   "you again.") % {"o": o, "date": _date(invitation.expires_at)}, 410)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """The signed-in `user` takes the invitation: one membership, once (the row is locked, so two clicks or
    two browsers cannot both use it)."""
    invitation = invitation_for(token, lock=True)
    organisation = Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    before = snapshot(membership) if membership else None
    if membership is None:
        membership = Membership.objects.create(user=user, organisation=organisation, is_admin=invitation.is_admin,
                                               state=MembershipState.ACTIVE)
    else:
        membership.state = MembershipState.ACTIVE
        membership.is_admin = membership.is_admin or invitation.is_admin
        membership.save(update_fields=["state", "is_admin"])
    record_change(user=user, action=ObjectChange.Action.CREATE if before is None else ObjectChange.Action.UPDATE,
                  instance=membership, before=before, after=snapshot(membership), related=organisation)
    inv_before = snapshot(invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=invitation, before=inv_before,
                  after=snapshot(invitation), related=organisation)
    permissions.forget_memberships(user)
    return membership


@transaction.atomic
def invitation_register(*, token: str, username: str, password: str) -> Any:
    """Create the invitee's account (the password checked by Django's validators) and take the invitation,
    in one transaction: a used or expired link creates no account. The account's e-mail is the invitation's
    address, which the link has just proven the person reads."""
    from straiik.accounts.models import User
    from straiik.accounts.services import user_create

    invitation = invitation_for(token, lock=True)
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken; choose another, or sign in if it is yours.")]
    candidate = User(username=username, email=invitation.email)
    try:
        candidate.clean_fields(exclude=["password"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password1"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    user = user_create(actor=None, username=username, password=password, email=invitation.email)
    invitation_accept(token=token, user=user)
    return user
