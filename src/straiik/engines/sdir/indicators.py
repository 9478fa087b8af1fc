"""Indicators of an SDIR programme, the way GAO measures SBIR: days from a call's close to telling the
applicants (target 90) and to the award (target 180), the share on time, success rates, transition rate.

A call still waiting after its target counts as late: leaving it out would flatter the share on time."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

DAY = 86_400.0


@dataclass(frozen=True)
class CallTimes:
    id: int
    label: str
    closed_at: dt.datetime | None
    notified_at: dt.datetime | None = None
    awarded_at: dt.datetime | None = None
    phase: int = 1
    area: str = ""


@dataclass
class Timeliness:
    rows: list[dict[str, Any]] = field(default_factory=list)
    # The platform passes sdir.choices.NOTIFY_DAYS and AWARD_DAYS (this engine imports no Django).
    notify_target: int = 90
    award_target: int = 180
    notify_counted: int = 0
    notify_on_time: int = 0
    award_counted: int = 0
    award_on_time: int = 0
    median_days_to_notification: float | None = None
    median_days_to_award: float | None = None

    @property
    def notify_share(self) -> float | None:
        return rate(self.notify_on_time, self.notify_counted)

    @property
    def award_share(self) -> float | None:
        return rate(self.award_on_time, self.award_counted)


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def days(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds() / DAY, 1)


def _measure(closed: dt.datetime, done: dt.datetime | None, now: dt.datetime, target: int
             ) -> tuple[float | None, str]:
    """(days taken, status): status is on_time, late, waiting (within the target) or overdue (waiting, past it)."""
    if done is not None:
        taken = days(closed, done)
        return taken, "on_time" if done - closed <= dt.timedelta(days=target) else "late"
    waited = now - closed
    return None, "overdue" if waited > dt.timedelta(days=target) else "waiting"


def timeliness(calls: Sequence[CallTimes], now: dt.datetime, *, notify_target: int = 90,
               award_target: int = 180) -> Timeliness:
    result = Timeliness(notify_target=notify_target, award_target=award_target)
    notify_days, award_days = [], []
    for call in calls:
        if call.closed_at is None or call.closed_at > now:
            continue
        n_days, n_status = _measure(call.closed_at, call.notified_at, now, notify_target)
        a_days, a_status = _measure(call.closed_at, call.awarded_at, now, award_target)
        result.rows.append({"id": call.id, "label": call.label, "phase": call.phase, "area": call.area,
                            "days_to_notification": n_days, "notification": n_status,
                            "days_to_award": a_days, "award": a_status,
                            "days_waiting": days(call.closed_at, now)})
        if n_status != "waiting":
            result.notify_counted += 1
            result.notify_on_time += n_status == "on_time"
        if a_status != "waiting":
            result.award_counted += 1
            result.award_on_time += a_status == "on_time"
        if n_days is not None:
            notify_days.append(n_days)
        if a_days is not None:
            award_days.append(a_days)
    result.median_days_to_notification = statistics.median(notify_days) if notify_days else None
    result.median_days_to_award = statistics.median(award_days) if award_days else None
    return result
