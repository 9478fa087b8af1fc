"""Who may see and change what in demand bundling, in one place.

Demand, prices and offers are commercially and operationally sensitive, so nothing here is public:
- rounds (name, rules, periods): anyone signed in sees that a round exists and its rules;
- demand: the programme office, platform administrators and defence buyers (the nations in the round
  see each other's demand: that is what bundling is), and the members of the buying organisation;
- offers: the programme office, administrators and defence buyers; a supplier's own members see its
  offers, never a competitor's;
- optimiser runs, their results and exports, and joint procurements: the programme office,
  administrators and defence buyers (results show every supplier's prices);
- registering demand: a defence buyer who is a member of the buying organisation, or the office;
- registering offers: a member of the supplying organisation, or the office;
- opening and closing rounds, setting rules, running the optimiser, accepting proposals: the
  programme office and administrators.
Inputs can only change while a round is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from straiik.accounts.roles import Role, has_role, is_staff_of_platform
from straiik.core import restrict
from straiik.registry.permissions import is_authenticated, member_of

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.bundling.models import BundlingRound, Demand, Offer


def can_view_rounds(user: Viewer | None) -> bool:
    return is_authenticated(user)


def can_manage(user: Viewer | None) -> bool:
    return is_staff_of_platform(user)


def sees_all_inputs(user: Viewer | None) -> bool:
    return is_staff_of_platform(user) or has_role(user, Role.DEFENCE_BUYER)


def can_view_results(user: Viewer | None) -> bool:
    return sees_all_inputs(user)


@restrict.rule("bundling.BundlingRound")
def viewable_rounds(queryset: QuerySet[BundlingRound], user: Viewer | None) -> QuerySet[BundlingRound]:
    return queryset if can_view_rounds(user) else queryset.none()


@restrict.rule("bundling.BundlingRound", "change")
def manageable_rounds(queryset: QuerySet[BundlingRound], user: Viewer | None) -> QuerySet[BundlingRound]:
    return queryset if can_manage(user) else queryset.none()


@restrict.rule("bundling.Demand")
def viewable_demands(queryset: QuerySet[Demand], user: Viewer | None) -> QuerySet[Demand]:
    if sees_all_inputs(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(buyer_id__in=member_of(user))


@restrict.rule("bundling.Offer")
def viewable_offers(queryset: QuerySet[Offer], user: Viewer | None) -> QuerySet[Offer]:
    if sees_all_inputs(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(Q(supplier_id__in=member_of(user)))


@restrict.rule("bundling.BundlingRun")
@restrict.rule("bundling.JointProcurement")
def viewable_results(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """Runs, their results and joint procurements show every supplier's prices."""
    return queryset if can_view_results(user) else queryset.none()


def can_add_demand(user: Viewer | None, round: BundlingRound) -> bool:
    return round.accepts_inputs and (is_staff_of_platform(user) or (has_role(user, Role.DEFENCE_BUYER)
                                                                    and bool(member_of(user))))


def supplies(user: Viewer | None) -> bool:
    """A member of at least one company (or foreign partner) that can offer goods."""
    from straiik.registry.models import COMPANY_KINDS, Organisation, OrganisationKind

    ids = member_of(user)
    return bool(ids) and Organisation.objects.filter(
        pk__in=ids, kind__in=[*COMPANY_KINDS, OrganisationKind.INTERNATIONAL]).exists()


def can_add_offer(user: Viewer | None, round: BundlingRound) -> bool:
    return round.accepts_inputs and (is_staff_of_platform(user) or supplies(user))


def may_buy_for(user: Viewer | None, organisation_id: int) -> bool:
    """Demand is registered for an organisation by its own defence buyers, or by the office."""
    return is_staff_of_platform(user) or (has_role(user, Role.DEFENCE_BUYER) and organisation_id in member_of(user))


def may_supply_for(user: Viewer | None, organisation_id: int) -> bool:
    return is_staff_of_platform(user) or organisation_id in member_of(user)


def can_change_demand(user: Viewer | None, demand: Demand) -> bool:
    return demand.round.accepts_inputs and demand.joint_procurement_id is None and may_buy_for(user, demand.buyer_id)


def can_change_offer(user: Viewer | None, offer: Offer) -> bool:
    return offer.round.accepts_inputs and may_supply_for(user, offer.supplier_id)


def can_import(user: Viewer | None, round: BundlingRound) -> bool:
    return round.accepts_inputs and is_staff_of_platform(user)
