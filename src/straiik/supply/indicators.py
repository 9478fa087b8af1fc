"""Supply chains' indicator for the action agenda (registered from SupplyConfig.ready()).

- supply.open_spofs: the single points of failure in the latest finished overview analysis of every supply
  network, as of the date (a stock, not a flow: the year only bounds the date).
Exercise records (demos, tests, practice: core/exercises.py) are left out.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from straiik.core.exercises import official
from straiik.core.indicators import Indicator, Measurement, NotComputable, day, register, window
from straiik.supply.models import AnalysisKind, AnalysisStatus, SupplyAnalysis


def open_spofs(year: int, as_of: dt.date) -> Measurement:
    _start, end, last = window(year, as_of)
    latest: dict[int, SupplyAnalysis] = {}
    rows = official(SupplyAnalysis.objects.filter(kind=AnalysisKind.OVERVIEW, status=AnalysisStatus.DONE,
                                                  finished_at__lt=end), "network__").order_by(
        "network_id", "-finished_at", "-id")
    for analysis in rows.only("network_id", "result", "finished_at"):
        latest.setdefault(analysis.network_id, analysis)
    if not latest:
        raise NotComputable(gettext("No supply-chain analysis had finished by %(date)s.") % {"date": day(last)},
                            "no-analysis", date=last)
    per_network = {network: len(((a.result or {}).get("spof") or {}).get("ranking") or [])
                   for network, a in sorted(latest.items())}
    return Measurement(float(sum(per_network.values())), {"networks": len(per_network),
                                                          "by_network": {str(k): v for k, v in per_network.items()}})


def register_all() -> None:
    register(Indicator("supply.open_spofs", _("Open single points of failure"), "SPOFs", open_spofs, source="supply",
                       higher_is_better=False,
                       description=_("Single points of failure in the latest analysis of every supply network.")))
