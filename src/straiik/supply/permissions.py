"""Who may see and change supply networks, in one place.

Supply-chain data (where the armed forces' materiel comes from and where it breaks) is sensitive:
- see networks and their analyses: the programme office, administrators, defence buyers, and whoever
  registered the network;
- register (import) a network: the programme office, administrators and defence buyers;
- change or delete a network, run analyses: the programme office, administrators and its registrant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from straiik.accounts.roles import Role, has_role, is_staff_of_platform
from straiik.core import restrict
from straiik.registry.permissions import is_authenticated

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer
    from straiik.supply.models import SupplyNetwork


def sees_all(user: Viewer | None) -> bool:
    return is_staff_of_platform(user) or has_role(user, Role.DEFENCE_BUYER)


@restrict.rule("supply.SupplyNetwork")
def viewable_networks(queryset: QuerySet[SupplyNetwork], user: Viewer | None) -> QuerySet[SupplyNetwork]:
    if sees_all(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(created_by=user)


@restrict.rule("supply.SupplyNetwork", "change")
def changeable_networks(queryset: QuerySet[SupplyNetwork], user: Viewer | None) -> QuerySet[SupplyNetwork]:
    if is_staff_of_platform(user):
        return queryset
    if not is_authenticated(user):
        return queryset.none()
    return queryset.filter(created_by=user)


@restrict.rule("supply.SupplyAnalysis")
@restrict.rule("supply.SupplyNode")
def viewable_parts(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """A network's analyses and nodes: whoever sees the network."""
    from straiik.supply.models import SupplyNetwork as Model

    if sees_all(user):
        return queryset
    return queryset.filter(network__in=restrict.restrict(Model.objects.all(), user).values("pk"))


def can_view(user: Viewer | None, network: SupplyNetwork) -> bool:
    return restrict.can(user, network)


def can_create(user: Viewer | None) -> bool:
    return sees_all(user)


def can_change(user: Viewer | None, network: SupplyNetwork) -> bool:
    return is_staff_of_platform(user) or (is_authenticated(user) and network.created_by_id == user.pk)


def can_analyse(user: Viewer | None, network: SupplyNetwork) -> bool:
    return can_change(user, network) or (has_role(user, Role.DEFENCE_BUYER) and can_view(user, network))
