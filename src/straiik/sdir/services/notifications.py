"""Whom SDIR tells what: every notice the SDIR services send, with its wording, in one place. Each is composed
in the recipient's language when it goes out (the bell and e-mail, as each person chose), after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from straiik.accounts.models import User
from straiik.notifications.services import Notice, absolute, notify, notify_many
from straiik.sdir.choices import Outcome
from straiik.sdir.models import Assignment, Award, Call, Proposal
from straiik.sdir.selectors import applicants
from straiik.sdir.services._common import _url, local


def tell_reviewers(call: Call) -> None:
    """The review started: every assigned reviewer has proposals waiting."""
    reviewers = {a.reviewer for a in Assignment.objects.filter(proposal__call=call).select_related("reviewer")}
    notify(reviewers, kind="sdir.review", url=_url("sdir:review_queue"), target=call, compose=lambda: (
        _("Proposals to review: %(c)s") % {"c": call.reference},
        _("Proposals of the call “%(t)s” are waiting for you. Declare any conflict of interest before you "
          "open one.") % {"t": call.title}))


def tell_cancelled(call: Call, proposals: Iterable[Proposal], reason: str) -> None:
    for proposal in proposals:
        notify(applicants(proposal), kind="sdir.cancelled", url=proposal.get_absolute_url(), target=proposal,
               compose=lambda: (_("Call cancelled: %(c)s") % {"c": call.reference},
                                _("The call “%(t)s” was cancelled: %(r)s") % {"t": call.title, "r": reason}))


def tell_receipt(user: User, proposal: Proposal, now: dt.datetime, resubmitted: bool = False) -> None:
    def compose() -> tuple[str, str]:
        subject = _("Receipt %(r)s: %(t)s") % {"r": proposal.receipt, "t": proposal.title}
        body = _("We received the proposal “%(t)s” from %(o)s for the call “%(c)s” at %(at)s (Amsterdam time).\n"
                 "Receipt number: %(r)s\nSHA-256 of the content: %(h)s\n"
                 "You can change or withdraw it until %(close)s.") % {
            "t": proposal.title, "o": proposal.organisation.name, "c": proposal.call.title,
            "at": local(now).strftime("%d-%m-%Y %H:%M:%S"), "r": proposal.receipt, "h": proposal.content_hash,
            "close": local(proposal.call.closes_at).strftime("%d-%m-%Y %H:%M:%S")}
        if resubmitted:
            body = _("Your changes replace the earlier version.") + "\n" + body
        return subject, body

    notify([user], kind="sdir.receipt", url=proposal.get_absolute_url(), target=proposal, compose=compose)


def tell_withdrawn(user: User, proposal: Proposal, now: dt.datetime) -> None:
    notify([user], kind="sdir.withdrawn", url=proposal.get_absolute_url(), target=proposal, compose=lambda: (
        _("Withdrawn: %(t)s") % {"t": proposal.title},
        _("The proposal “%(t)s” was withdrawn at %(at)s (Amsterdam time).") % {
            "t": proposal.title, "at": local(now).strftime("%d-%m-%Y %H:%M:%S")}))


def tell_no_reviewer_left(call: Call, proposal: Proposal) -> None:
    office = User.objects.filter(groups__name__in=["programme-office"]).distinct()
    notify(office, kind="sdir.coi", url=_url("sdir:moderation", call.pk), target=proposal, compose=lambda: (
        _("No reviewer left for %(p)s") % {"p": proposal},
        _("A reviewer declared a conflict of interest on “%(t)s” and nobody else on the panel is free "
          "of it. Add a reviewer to the panel and start the review again to assign one.") % {
            "t": proposal.title}))


def tell_replacement(assignment: Assignment) -> None:
    proposal, call = assignment.proposal, assignment.proposal.call
    notify([assignment.reviewer], kind="sdir.review", url=assignment.get_absolute_url(), target=assignment,
           compose=lambda: (
               _("One more proposal to review: %(c)s") % {"c": call.reference},
               _("Please review “%(t)s” in place of a colleague who declared a conflict of interest.") % {
                   "t": proposal.title}))


def tell_decisions(told: list[tuple[Proposal, set[Any]]]) -> None:
    # The applicant's members and the proposal's submitter are who the letter is for: no check per person.
    notify_many("sdir.decision", [Notice(people, url=p.get_absolute_url(), target=p, compose=lambda p=p: (  # type: ignore[misc]  # mypy cannot type a lambda default
        _("Decision on your proposal %(r)s") % {"r": p.receipt},
        _("%(outcome)s\n\n%(why)s\n\nYour feedback letter: %(url)s") % {
            "outcome": Outcome(p.outcome).label, "why": p.outcome_reason,
            "url": absolute(_url("sdir:letter", p.pk))})) for p, people in told], check=False)


def tell_award(award: Award, proposal: Proposal) -> None:
    notify(applicants(proposal), kind="sdir.award", url=award.get_absolute_url(), target=award, compose=lambda: (
        _("Contract awarded: %(r)s") % {"r": award.reference},
        _("%(o)s is awarded € %(a)s for “%(t)s”. The milestones and deliverables are on the award "
          "page.") % {"o": proposal.organisation.name, "a": f"{award.amount_eur:,}", "t": proposal.title}))
