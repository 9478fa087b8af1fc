"""The demo data that spans apps: the demo agenda's actions linked to the demo records of Defport, bundling and
supply chains. It lives here, above the apps, so that the agenda's own demo (straiik.agenda.demo) needs none of them."""

from __future__ import annotations

from django.db import transaction

from straiik.accounts.models import User
from straiik.agenda import services
from straiik.agenda.choices import LinkKind
from straiik.agenda.models import Action, ActionLink
from straiik.bundling.models import BundlingRound
from straiik.defport.choices import Kind
from straiik.defport.models import Submission
from straiik.supply.models import AnalysisKind, AnalysisStatus, SupplyAnalysis


@transaction.atomic
def link_agenda_actions() -> int:
    """Link actions of the 2026 demo agenda to demo records (idempotent); returns how many links were added."""
    office = User.objects.filter(username="office").first()
    if office is None:
        return 0
    wanted: list[tuple[int, str, int]] = []
    needs = list(Submission.objects.filter(kind=Kind.NEED).order_by("id").values_list("pk", flat=True)[:3])
    wanted += [(1, LinkKind.DEFPORT_NEED, pk) for pk in needs]
    wanted += [(2, LinkKind.DEFPORT_NEED, pk) for pk in needs[:1]]
    round_ = BundlingRound.objects.filter(name__startswith="Demo:").order_by("id").first()
    if round_ is not None:
        wanted += [(5, LinkKind.BUNDLING_ROUND, round_.pk), (6, LinkKind.BUNDLING_ROUND, round_.pk)]
    analysis = SupplyAnalysis.objects.filter(kind=AnalysisKind.OVERVIEW, status=AnalysisStatus.DONE).order_by(
        "-id").first()
    if analysis is not None:
        wanted.append((7, LinkKind.SUPPLY_ANALYSIS, analysis.pk))
    actions = {a.number: a for a in Action.objects.filter(agenda__year=2026, agenda__is_demo=True,
                                                          number__in={n for n, _k, _t in wanted})}
    added = 0
    for number, kind, target in wanted:
        action = actions.get(number)
        if action is not None and not ActionLink.objects.filter(action=action, kind=kind, target_id=target).exists():
            services.link_add(user=office, action=action, kind=kind, target_id=target)
            added += 1
    return added
