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
from straiik.defport.workflow import OFFICE, OWNER, State
from straiik.registry.models import COMPANY_KINDS, Organisation, OrganisationKind
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.defport.models import Introduction, Submission

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


def visible(user: Viewer | None, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    mine = Q(submitted_by=user) | Q(organisation_id__in=member_of(user))
    # Export control: ML-tagged submissions are withheld from users outside their releasability (protection).
    from straiik.protection.services import withheld_from

    hidden, _why = withheld_from(user, queryset.model)
    if hidden:
        queryset = queryset.exclude(Q(pk__in=hidden) & ~mine)
    introduced = Q(introductions__organisation_id__in=member_of(user))
    if has_role(user, Role.DEFENCE_BUYER):
        return queryset.filter(mine | introduced | ~Q(state=State.DRAFT)).distinct()
    open_needs = Q(kind="need", sensitivity="open") & ~Q(state=State.DRAFT)
    return queryset.filter(mine | introduced | open_needs).distinct()


def can_view(user: Viewer | None, submission: Submission) -> bool:
    from straiik.defport.models import Submission as Model

    return visible(user, Model.objects.filter(pk=submission.pk)).exists()


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
