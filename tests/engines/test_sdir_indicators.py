"""Timeliness as GAO measures SBIR: days from close to notification (90) and award (180); waiting calls past
their target count as late."""

from __future__ import annotations

import datetime as dt

from straiik.engines.sdir import CallTimes, rate, timeliness

T0 = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_on_time_late_waiting_and_overdue() -> None:
    now = T0 + 200 * DAY
    calls = [
        CallTimes(1, "on time", T0, T0 + 60 * DAY, T0 + 150 * DAY),
        CallTimes(2, "exactly at the target", T0, T0 + 90 * DAY, T0 + 180 * DAY),
        CallTimes(3, "late", T0, T0 + 90 * DAY + dt.timedelta(seconds=1), T0 + 181 * DAY),
        CallTimes(4, "overdue, not decided", T0, None, None),
        CallTimes(5, "waiting, within the targets", now - 10 * DAY, None, None),
        CallTimes(6, "not closed yet", now + DAY, None, None),
    ]
    t = timeliness(calls, now)
    assert [r["id"] for r in t.rows] == [1, 2, 3, 4, 5]
    assert [r["notification"] for r in t.rows] == ["on_time", "on_time", "late", "overdue", "waiting"]
    assert [r["award"] for r in t.rows] == ["on_time", "on_time", "late", "overdue", "waiting"]
    assert (t.notify_on_time, t.notify_counted) == (2, 4) and t.notify_share == 0.5
    assert (t.award_on_time, t.award_counted) == (2, 4)
    assert t.median_days_to_notification == 90.0 and t.median_days_to_award == 180.0
    assert t.rows[0]["days_to_notification"] == 60.0 and t.rows[3]["days_waiting"] == 200.0


def test_nothing_to_measure() -> None:
    t = timeliness([], T0)
    assert t.notify_share is None and t.median_days_to_award is None
    assert rate(1, 0) is None and rate(1, 4) == 0.25
