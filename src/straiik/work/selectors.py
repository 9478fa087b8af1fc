"""Reads across the apps for one person: their work ("my work") and the header's search. Nothing here queries a
model bare: every list starts from the owning app's selector or permission filter, so a person finds and sees
only what its own pages would show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

PER_GROUP = 10
SOON_DAYS = 7


@dataclass
class Item:
    title: str
    url: str
    detail: str = ""
    due: dt.date | None = None
    exercise: bool = False
    state: str = ""  # set by the page from status(today)

    def status(self, today: dt.date) -> str:
        if self.due is None:
            return ""
        if self.due < today:
            return "overdue"
        return "soon" if (self.due - today).days <= SOON_DAYS else ""


@dataclass
class Group:
    key: str
    label: Promise
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more_url: str = ""


def _day(value: Any) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


# --- my work ------------------------------------------------------------------------------------------------------

def my_work(*, user: User, today: dt.date | None = None) -> list[Group]:
    """What waits for `user`, per kind, soonest deadline first. Empty kinds are left out."""
    from django.urls import reverse

    from straiik.accounts.roles import is_staff_of_platform
    from straiik.agenda.choices import CLOSED_STATUSES
    from straiik.agenda.models import Action
    from straiik.defport import selectors as defport
    from straiik.defport.choices import AWAITING_ANSWER, IntroductionState
    from straiik.registry.permissions import member_of
    from straiik.sdir import permissions as sdir_permissions
    from straiik.sdir import selectors as sdir
    from straiik.sdir.choices import AssignmentState, AwardStatus, MilestoneStatus
    from straiik.sdir.models import Milestone

    today = today or timezone.localdate()
    far = dt.date.max
    groups: list[Group] = []

    actions = (Action.objects.restrict(user).filter(owner_organisation_id__in=member_of(user))
               .exclude(status__in=CLOSED_STATUSES).select_related("agenda", "owner_organisation"))
    groups.append(Group("actions", _("My open agenda actions"), [
        Item(f"{a.agenda.year}-{a.number} {a.title}", a.get_absolute_url(),
             f"{a.owner_organisation} · {a.get_status_display()} · {a.progress} %", a.deadline,
             a.agenda.is_demo)
        for a in sorted(actions, key=lambda a: (a.deadline or far, a.pk))]))

    reviews = [a for a in sdir.review_queue(user=user) if a.state in (AssignmentState.PENDING, AssignmentState.CLEARED)]
    groups.append(Group("reviews", _("My SDIR reviews due"), [
        Item(f"{a.proposal.call.reference} · {a.proposal.title}", a.get_absolute_url(),
             str(a.get_state_display()), _day(a.proposal.call.decision_due_at),
             a.proposal.call.is_exercise)
        for a in sorted(reviews, key=lambda a: (_day(a.proposal.call.decision_due_at) or far, a.pk))],
        more_url=reverse("sdir:review_queue")))

    if is_staff_of_platform(user):
        queue = (defport.submission_list(user=user).filter(state__in=AWAITING_ANSWER)
                 .filter(Q(assigned_to=user) | Q(assigned_to=None)).order_by("due_at", "id"))
        groups.append(Group("triage", _("My Defport triage queue"), [
            Item(str(s), s.get_absolute_url(),
                 f"{s.get_state_display()} · " + (str(_("assigned to me")) if s.assigned_to_id == user.pk
                                                  else str(_("not assigned"))),
                 _day(s.due_at), s.is_exercise) for s in queue[:200]],
            total=queue.count(), more_url=reverse("defport:dashboard")))

    intros = defport.my_introductions(user=user).filter(state=IntroductionState.PROPOSED)
    visible_subs = set(defport.submission_list(user=user).filter(
        pk__in=[i.submission_id for i in intros]).values_list("pk", flat=True))
    groups.append(Group("introductions", _("Introductions to answer"), [
        Item(f"{i.submission.title}", i.submission.get_absolute_url(),
             f"{i.organisation} · {timezone.localtime(i.proposed_at):%d-%m-%Y}", None, i.submission.is_exercise)
        for i in intros if i.submission_id in visible_subs], more_url=reverse("defport:home")))

    awards = sdir.award_list(user=user).filter(status=AwardStatus.ACTIVE)
    planned = Milestone.objects.restrict(user).filter(award__in=awards.filter(organisation_id__in=member_of(user)),
                                       status__in=[MilestoneStatus.PLANNED, MilestoneStatus.REJECTED])
    delivered = Milestone.objects.restrict(user).filter(award__in=awards, status=MilestoneStatus.DELIVERED)
    related = ("award", "award__organisation", "award__call")
    milestones = list(planned.select_related(*related)) + [
        m for m in delivered.select_related(*related) if sdir_permissions.can_accept_milestone(user, m.award)]
    groups.append(Group("milestones", _("My award milestones"), [
        Item(f"{m.award.reference} · {m.title}", m.award.get_absolute_url(),
             f"{m.award.organisation} · {m.get_status_display()}", m.due_date, m.award.call.is_exercise)
        for m in sorted(milestones, key=lambda m: (m.due_date, m.pk))[:200]]))

    for g in groups:
        g.total = g.total or len(g.items)
    return [g for g in groups if g.items]


# --- search -------------------------------------------------------------------------------------------------------

def _words(q: str) -> list[str]:
    return [w for w in q.split() if w][:8]


def _matching(qs: QuerySet[Any], words: list[str], fields: tuple[str, ...]) -> QuerySet[Any]:
    """Every word in one of `fields` (case-insensitive)."""
    for word in words:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(condition)
    return qs


def _group(key: str, label: Promise, qs: QuerySet[Any], item: Any, more_url: str = "") -> Group:
    rows = list(qs[:PER_GROUP])
    total = len(rows) if len(rows) < PER_GROUP else qs.count()
    return Group(key, label, [item(r) for r in rows], total, more_url)


def search(*, user: Viewer, q: str) -> list[Group]:
    """The header's search: registry, Defport, SDIR calls, bundling rounds, supply networks and agenda actions,
    each through its own app's permission filter, grouped by kind (empty groups left out)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from straiik.agenda.models import Action
    from straiik.bundling import selectors as bundling
    from straiik.defport import selectors as defport
    from straiik.registry import selectors as registry
    from straiik.sdir import selectors as sdir
    from straiik.supply import selectors as supply

    words = _words(q.strip()[:200])
    if not words:
        return []
    text = " ".join(words)
    groups = [
        _group("registry", _("Registry"), registry.organisation_list(
            user=user, filters=registry.OrganisationFilters(q=text)),
            lambda o: Item(o.name, o.get_absolute_url(), f"{o.get_kind_display()} · {o.city}"),
            reverse("registry:list") + "?" + urlencode({"q": text})),
        _group("defport", _("Defport"), _matching(defport.submission_list(user=user), words,
                                                  ("title", "description")).order_by("-id"),
               lambda s: Item(str(s), s.get_absolute_url(), f"{s.get_kind_display()} · {s.get_state_display()}",
                              exercise=s.is_exercise)),
        _group("sdir", _("SDIR calls"), _matching(sdir.call_list(user=user), words,
                                                  ("reference", "title", "problem")).order_by("-id"),
               lambda c: Item(f"{c.reference} {c.title}", c.get_absolute_url(), str(c.current_state_label()),
                              exercise=c.is_exercise)),
    ]
    try:
        rounds = bundling.round_list(user=user)
    except PermissionDenied:
        rounds = None
    if rounds is not None:
        groups.append(_group("bundling", _("Bundling rounds"), _matching(rounds, words, ("name", "description"))
                             .order_by("-id"), lambda r: Item(r.name, r.get_absolute_url(), r.get_status_display(),
                                                              exercise=r.is_exercise)))
    try:
        networks = supply.network_list(user=user)
    except PermissionDenied:
        networks = None
    if networks is not None:
        groups.append(_group("supply", _("Supply networks"), _matching(networks, words, ("name", "description"))
                             .order_by("-id"), lambda n: Item(n.name, n.get_absolute_url(), n.source,
                                                              exercise=n.is_exercise)))
    actions = Action.objects.restrict(user).select_related("agenda")
    groups.append(_group("agenda", _("Agenda actions"), _matching(actions, words, ("title", "description",
                                                                                 "owner_person"))
                         .order_by("-agenda__year", "number"),
                         lambda a: Item(f"{a.agenda.year}-{a.number} {a.title}", a.get_absolute_url(),
                                        a.get_status_display(), exercise=a.agenda.is_demo)))
    return [g for g in groups if g.items]
