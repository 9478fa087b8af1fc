"""Who may see and do what in Defport, in one place.

- needs are posted by defence buyers, members of a defence unit or government body, and the office;
  ideas and offers by anyone signed in; financing requests by members of a company, and the office;
- a submission is seen by its submitter (and the members of the organisation it was posted for), the
  programme office, defence buyers (not drafts), and the members of organisations introduced to it;
  open needs are also seen by every signed-in user, so companies can respond; restricted needs are not;
- matches are seen by the office and the submitter; introductions are proposed by the office or the
  submitter of the need or idea, and answered by the members of the organisation introduced;
- triage transitions are declared in workflow.py with who may take each; the dashboard is the office's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from straiik.accounts.roles import Role, has_role, is_staff_of_platform
from straiik.core import restrict
from straiik.defport.choices import OFFICE, OWNER, State
from straiik.registry.models import COMPANY_KINDS, Organisation, OrganisationKind
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.defport.models import Event, Introduction, Submission

BUYING_KINDS = (OrganisationKind.DEFENCE_UNIT, OrganisationKind.GOVERNMENT)


def can_submit(user: Viewer | None, kind: str) -> bool:
    if not is_authenticated(user):
        return False
    if is_staff_of_platform(user):
        return True
    if kind == "need":
        return has_role(user, Role.DEFENCE_BUYER) or Organisation.objects.filter(
            pk__in=member_of(user), kind__in=BUYING_KINDS).exists()
    if kind == "financing":
        return Organisation.objects.filter(pk__in=member_of(user), kind__in=COMPANY_KINDS).exists()
    return True


def is_owner(user: Viewer | None, submission: Submission) -> bool:
    return is_authenticated(user) and (submission.submitted_by_id == user.pk or (
        submission.organisation_id is not None and submission.organisation_id in member_of(user)))


def actors(user: Viewer | None, submission: Submission) -> set[str]:
    found = set()
    if is_owner(user, submission):
        found.add(OWNER)
    if is_staff_of_platform(user):
        found.add(OFFICE)
    return found


def _mine(user: Viewer | None) -> Q:
    """A user's own submissions: posted by them or for one of their organisations."""
    if not is_authenticated(user):
        return Q(pk__in=[])
    return Q(submitted_by=user) | Q(organisation_id__in=member_of(user))


@restrict.rule("defport.Submission", releasable_to=_mine)
def viewable_submissions(queryset: QuerySet[Submission], user: Viewer | None) -> QuerySet[Submission]:
    """Export control (ML-tagged submissions withheld from users outside their releasability, except their own)
    and the markings are applied by the mechanism (core.restrict)."""
    from straiik.defport.models import Introduction

    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    introduced = Q(pk__in=Introduction.objects.filter(organisation_id__in=member_of(user)).values("submission_id"))
    if has_role(user, Role.DEFENCE_BUYER):
        return queryset.filter(_mine(user) | introduced | ~Q(state=State.DRAFT))
    open_needs = Q(kind="need", sensitivity="open") & ~Q(state=State.DRAFT)
    return queryset.filter(_mine(user) | introduced | open_needs)


@restrict.rule("defport.Submission", "change")
def changeable_submissions(queryset: QuerySet[Submission], user: Viewer | None) -> QuerySet[Submission]:
    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(_mine(user))


@restrict.rule("defport.Introduction")
def viewable_introductions(queryset: QuerySet[Introduction], user: Viewer | None) -> QuerySet[Introduction]:
    """That an organisation was introduced is seen by whoever sees the submission; what was said (note,
    reasons, answer) only by the parties (PARTY_FIELDS)."""
    from straiik.defport.models import Submission as Model

    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(submission__in=restrict.restrict(Model.objects.all(), user).values("pk"))


@restrict.rule("defport.Event")
def viewable_events(queryset: QuerySet[Event], user: Viewer | None) -> QuerySet[Event]:
    from straiik.defport.models import Submission as Model

    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(submission__in=restrict.restrict(Model.objects.all(), user).values("pk"))


def is_party_to_submission(user: Viewer | None, submission: Submission) -> bool:
    return is_staff_of_platform(user) or is_owner(user, submission)


def is_party_to_introduction(user: Viewer | None, introduction: Introduction) -> bool:
    """The office, the submission's own people, and the members of the organisation introduced."""
    return (is_staff_of_platform(user) or is_owner(user, introduction.submission)
            or (is_authenticated(user) and introduction.organisation_id in member_of(user)))


def _party_to_events_submission(user: Viewer | None, event: Event) -> bool:
    return is_party_to_submission(user, event.submission)


PARTY_FIELDS = restrict.party_fields({
    # the triage reasons and the outcome: the office and the submitter (their organisation)
    "defport.Event": {"reason": _party_to_events_submission},
    "defport.Submission": {"outcome": is_party_to_submission},
    # the office's note and reasons for an introduction, and the introduced company's answer
    "defport.Introduction": {"note": is_party_to_introduction, "reasons": is_party_to_introduction,
                             "response": is_party_to_introduction},
})


def can_edit(user: Viewer | None, submission: Submission) -> bool:
    return is_owner(user, submission) and submission.state in (State.DRAFT, State.SUBMITTED)


def can_see_matches(user: Viewer | None, submission: Submission) -> bool:
    return is_staff_of_platform(user) or is_owner(user, submission)


def can_propose_introduction(user: Viewer | None, submission: Submission) -> bool:
    return submission.state not in (State.DRAFT, State.CLOSED) and (
        is_staff_of_platform(user) or is_owner(user, submission))


def can_respond(user: Viewer | None, introduction: Introduction) -> bool:
    return is_authenticated(user) and introduction.organisation_id in member_of(user)


def can_see_dashboard(user: Viewer | None) -> bool:
    return is_staff_of_platform(user)


# Who may follow a need up in an app above Defport ("sdir-call": draft an SDIR call from it), registered by that app
# from its AppConfig.ready(), so that Defport's pages offer the step without importing the app. Unregistered: no one.
FOLLOW_UPS: dict[str, Callable[[Any], bool]] = {}


def may_follow_up(user: Viewer | None, follow_up: str) -> bool:
    rule = FOLLOW_UPS.get(follow_up)
    return rule is not None and rule(user)
