"""Who may see and do what in SDIR, in one place.

- calls: published calls (and their OCDS releases) are public; drafts are seen by the programme office,
  platform administrators and the call's owner (the defence buyer who drafted it, or a defence buyer who is a
  member of the owning unit). Calls are drafted by the office and by defence buyers; a draft is changed by
  its owner or the office; a published call, until it opens, by the office only; after that, nobody.
- workflow transitions: declared in workflow.py with their actors ("office", "owner", "system").
- proposals: written by members of a registered organisation that meets the call's eligibility rules, while
  the call is open (the server's clock decides); changed and withdrawn by the applicant's members until the
  deadline; seen by the applicant's members, the office, the call's owner once the call has closed, and a
  reviewer assigned to it, the content only after declaring no conflict of interest (before that: the
  applicant's name and the title, so a conflict can be recognised).
- attachments: downloaded by whoever may see the proposal's content, through a view that checks it.
- reviewing: a reviewer on the call's panel scores the proposals assigned to them while the call is in review;
  other reviewers' scores are hidden until one's own are submitted; the office and the call's moderator see
  all scores and set the consensus.
- decisions, awards, milestones, transitions: the office. The applicant's members see their award, and report
  milestones as delivered; the owner sees the awards of their calls.
- the feedback letter: the applicant's members and the office, once the call is decided.
- notifications: only their addressee. The indicators dashboard is public (aggregates of published calls).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from straiik.accounts.roles import Role, has_role, is_staff_of_platform
from straiik.core import restrict
from straiik.core.markings import may_read
from straiik.registry.models import OrganisationKind
from straiik.registry.permissions import is_authenticated, member_of
from straiik.sdir.choices import AFTER_CLOSE, AFTER_DECISION, OFFICE, OWNER, PUBLIC_STATES, ProposalState, State

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.sdir.models import Assignment, Attachment, Award, Call, Proposal

BUYING_KINDS = (OrganisationKind.DEFENCE_UNIT, OrganisationKind.GOVERNMENT)


# --- calls ------------------------------------------------------------------------------------------------------

def can_create_call(user: Viewer | None) -> bool:
    return is_staff_of_platform(user) or has_role(user, Role.DEFENCE_BUYER)


def is_owner(user: Viewer | None, call: Call) -> bool:
    if not is_authenticated(user):
        return False
    return call.created_by_id == user.pk or (has_role(user, Role.DEFENCE_BUYER)
                                             and call.owning_unit_id in member_of(user))


def actors(user: Viewer | None, call: Call) -> set[str]:
    found = set()
    if is_staff_of_platform(user):
        found.add(OFFICE)
    if is_owner(user, call):
        found.add(OWNER)
    return found


def _own_calls(user: Viewer | None) -> Q:
    """The calls a user owns: drafted by them, or (a defence buyer) by their unit."""
    if not is_authenticated(user):
        return Q(pk__in=[])
    own = Q(created_by=user)
    if has_role(user, Role.DEFENCE_BUYER):
        own |= Q(owning_unit_id__in=member_of(user))
    return own


@restrict.rule("sdir.Call", releasable_to=_own_calls)
def viewable_calls(queryset: QuerySet[Call], user: Viewer | None) -> QuerySet[Call]:
    """Published calls for everyone, drafts for their owner; Military List calls are withheld by export control
    (the mechanism) from users outside their releasability, except from their owner."""
    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(Q(state__in=PUBLIC_STATES) | _own_calls(user))


@restrict.rule("sdir.Call", "change")
def changeable_calls(queryset: QuerySet[Call], user: Viewer | None) -> QuerySet[Call]:
    """Whose calls a user may change at all (the state decides the rest: can_edit_call)."""
    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(_own_calls(user))


@restrict.rule("sdir.CallEvent")
def viewable_call_events(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    from straiik.sdir.models import Call as Model

    return queryset.filter(call__in=restrict.restrict(Model.objects.all(), user).values("pk"))


def can_edit_call(user: Viewer | None, call: Call) -> bool:
    state = call.current_state()
    if state == State.DRAFT:
        return is_staff_of_platform(user) or is_owner(user, call)
    return state == State.PUBLISHED and is_staff_of_platform(user)


def can_manage(user: Viewer | None, call: Call | None = None) -> bool:
    """Running the review, deciding, awarding: the programme office."""
    return is_staff_of_platform(user)


def can_moderate(user: Viewer | None, call: Call) -> bool:
    return is_staff_of_platform(user) or (is_authenticated(user) and call.moderator_id == user.pk)


def can_see_proposals_of(user: Viewer | None, call: Call) -> bool:
    """The list of all proposals of a call, with their scores once reviewed."""
    return can_moderate(user, call) or (is_owner(user, call) and call.current_state() in AFTER_CLOSE)


# --- proposals --------------------------------------------------------------------------------------------------

def applies_for(user: Viewer | None, organisation_id: int) -> bool:
    return is_authenticated(user) and organisation_id in member_of(user)


def is_applicant(user: Viewer | None, proposal: Proposal) -> bool:
    return applies_for(user, proposal.organisation_id)


@restrict.rule("sdir.Proposal")
def viewable_proposals(queryset: QuerySet[Proposal], user: Viewer | None) -> QuerySet[Proposal]:
    """Proposals whose existence (applicant, title) a user may see."""
    from straiik.sdir.models import Assignment as AssignmentModel

    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    mine = Q(organisation_id__in=member_of(user))
    assigned = Q(pk__in=AssignmentModel.objects.filter(reviewer=user).values("proposal_id"))
    moderated = Q(call__moderator=user)
    owned = Q(call__state__in=AFTER_CLOSE) & ~Q(state=ProposalState.DRAFT) & (
        Q(call__created_by=user) | (Q(call__owning_unit_id__in=member_of(user))
                                    if has_role(user, Role.DEFENCE_BUYER) else Q(pk__in=[])))
    return queryset.filter(mine | assigned | moderated | owned)


@restrict.rule("sdir.Proposal", "change")
def changeable_proposals(queryset: QuerySet[Proposal], user: Viewer | None) -> QuerySet[Proposal]:
    """The applicant's members (the call's dates decide the rest: can_edit_proposal)."""
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(organisation_id__in=member_of(user))


def _content_readers(user: Viewer | None) -> Q:
    """The proposals whose content (summary, approach, attachments) `user` may read, as a condition on proposals:
    see can_read_content."""
    from straiik.sdir.models import Assignment as AssignmentModel
    from straiik.sdir.models import AssignmentState

    if not is_authenticated(user):
        return Q(pk__in=[])
    owner = Q(call__created_by=user)
    if has_role(user, Role.DEFENCE_BUYER):
        owner |= Q(call__owning_unit_id__in=member_of(user))
    cleared = AssignmentModel.objects.filter(reviewer=user, state__in=[AssignmentState.CLEARED,
                                                                       AssignmentState.SUBMITTED])
    return (Q(organisation_id__in=member_of(user)) | (Q(call__moderator=user) & ~Q(state="draft"))
            | (owner & ~Q(state="draft") & Q(call__state__in=AFTER_CLOSE))
            | Q(pk__in=cleared.values("proposal_id")))


@restrict.rule("sdir.Attachment")
def viewable_attachments(queryset: QuerySet[Attachment], user: Viewer | None) -> QuerySet[Attachment]:
    from straiik.sdir.models import Proposal as Model

    if is_staff_of_platform(user):
        return queryset
    return queryset.filter(proposal__in=Model.objects.filter(_content_readers(user)).values("pk"))


@restrict.rule("sdir.Assignment")
def viewable_assignments(queryset: QuerySet[Assignment], user: Viewer | None) -> QuerySet[Assignment]:
    """A review is seen by its reviewer, the call's moderator and the office."""
    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(Q(reviewer=user) | Q(proposal__call__moderator=user))


def can_read_content(user: Viewer | None, proposal: Proposal) -> bool:
    """The summary, approach and attachments: not for a reviewer who has not declared (or has declared) a
    conflict of interest."""
    if is_staff_of_platform(user) or is_applicant(user, proposal):
        return True
    if not is_authenticated(user):
        return False
    if proposal.call.moderator_id == user.pk and proposal.state != ProposalState.DRAFT:
        return True
    if proposal.state != ProposalState.DRAFT and is_owner(user, proposal.call) \
            and proposal.call.current_state() in AFTER_CLOSE:
        return True
    from straiik.sdir.choices import AssignmentState

    return proposal.assignments.filter(reviewer=user, state__in=[AssignmentState.CLEARED,
                                                                 AssignmentState.SUBMITTED]).exists()


def can_edit_proposal(user: Viewer | None, proposal: Proposal) -> bool:
    return (is_applicant(user, proposal) and proposal.state != ProposalState.WITHDRAWN
            and proposal.call.accepts_proposals())


def can_view_attachment(user: Viewer | None, attachment: Attachment) -> bool:
    return may_read(user, attachment) and can_read_content(user, attachment.proposal)


def can_see_letter(user: Viewer | None, proposal: Proposal) -> bool:
    return (is_staff_of_platform(user) or is_applicant(user, proposal)) and bool(proposal.outcome)


# --- review -----------------------------------------------------------------------------------------------------

def can_review(user: Viewer | None, assignment: Assignment) -> bool:
    return is_authenticated(user) and assignment.reviewer_id == user.pk and may_read(user, assignment)


def can_see_all_scores(user: Viewer | None, proposal: Proposal, own: Assignment | None = None) -> bool:
    """Everyone's scores: the office and the moderator always; a reviewer once their own are submitted."""
    from straiik.sdir.choices import AssignmentState

    if can_moderate(user, proposal.call):
        return True
    return own is not None and own.reviewer_id == getattr(user, "pk", None) and \
        own.state == AssignmentState.SUBMITTED


def knows_reviewer(user: Viewer | None, assignment: Assignment) -> bool:
    """Reviewers' names are hidden from each other: a reviewer is named to themself, the call's moderator and the
    office."""
    return (is_authenticated(user) and assignment.reviewer_id == user.pk) or can_moderate(user,
                                                                                         assignment.proposal.call)


PARTY_FIELDS = restrict.party_fields({"sdir.Assignment": {"reviewer": knows_reviewer}})


def may_review(user: Viewer | None) -> bool:
    """Who can sit on a panel: reviewers, and programme office staff."""
    return has_role(user, Role.REVIEWER, Role.PROGRAMME_OFFICE, Role.PLATFORM_ADMIN)


# --- awards -----------------------------------------------------------------------------------------------------

@restrict.rule("sdir.Award")
def viewable_awards(queryset: QuerySet[Award], user: Viewer | None) -> QuerySet[Award]:
    """Awards are published (OCDS), so their existence, amount and supplier are public once the call is decided;
    milestones and notes on the award page are for those below (see can_follow_award)."""
    return queryset.filter(call__state__in=AFTER_DECISION)


@restrict.rule("sdir.Milestone")
def viewable_milestones(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """An award's milestones: the office, the supplier's members and the call's owner."""
    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    owner = Q(award__call__created_by=user)
    if has_role(user, Role.DEFENCE_BUYER):
        owner |= Q(award__call__owning_unit_id__in=member_of(user))
    return queryset.filter(Q(award__organisation_id__in=member_of(user)) | owner)


def can_follow_award(user: Viewer | None, award: Award) -> bool:
    return is_staff_of_platform(user) or applies_for(user, award.organisation_id) or is_owner(user, award.call)


def can_manage_award(user: Viewer | None, award: Award) -> bool:
    return is_staff_of_platform(user)


def can_report_milestone(user: Viewer | None, award: Award) -> bool:
    return applies_for(user, award.organisation_id) or is_staff_of_platform(user)


def can_accept_milestone(user: Viewer | None, award: Award) -> bool:
    return is_staff_of_platform(user) or is_owner(user, award.call)
