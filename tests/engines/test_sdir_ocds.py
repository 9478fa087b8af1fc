"""OCDS 1.1 releases built from plain data validate against the OCDS 1.1 schemas (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from straiik.engines.sdir import ocds
from tests.sdir.ocds_validation import errors

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))
UNIT = ocds.Party("NL-STRAIIK-dmo", "Defence Materiel Organisation", "NL")
ACME = ocds.Party("NL-STRAIIK-acme", "Acme Дрони B.V.", "NL", scheme="NL-KVK", identifier="12345678")


def call(**changes: object) -> ocds.CallData:
    data: dict[str, object] = {
        "reference": "SDIR-2026-0001", "title": "Drones", "description": "Detect drones.", "buyer": UNIT,
        "budget": 1_000_000, "max_award": 500_000, "opens_at": T0, "closes_at": T0 + dt.timedelta(days=30),
        "published_at": T0, "phase_label": "SDIR phase 1", "eligibility": "Registered organisations.",
        "award_criteria": "Desirable (1)", "cpv": [("35722000", "Radar")], "decision_due": T0 + dt.timedelta(days=120)}
    data.update(changes)
    return ocds.CallData(**data)  # type: ignore[arg-type]


def test_a_published_call() -> None:
    releases = ocds.call_releases(call(), prefix="ocds-sdirnl")
    package = ocds.release_package(releases, uri="https://example.org/p.json", published=T0, publisher="office")
    assert errors(package) == []
    release = releases[0]
    assert release["ocid"] == "ocds-sdirnl-SDIR-2026-0001" and release["date"] == "2026-03-02T08:00:00Z"
    assert release["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "35722000",
                                                               "description": "Radar"}


def test_an_awarded_call_with_milestones_and_a_follow_on() -> None:
    award = ocds.AwardData(id="A1", title="Radar", supplier=ACME, amount=400_000, date=T0 + dt.timedelta(days=80),
                           status="active", contract_status="active", start=dt.date(2026, 6, 1),
                           end=dt.date(2026, 12, 1), follow_on="ORDER-9",
                           milestones=[ocds.Milestone("1", "Report", dt.date(2026, 9, 1), "met", dt.date(2026, 8, 30))])
    data = call(closed=True, tenderers=[ACME, ocds.Party("NL-STRAIIK-b", "B")], awarded_at=T0 + dt.timedelta(days=80),
                awards=[award], status="complete", previous_ocid="ocds-sdirnl-SDIR-2025-0009")
    releases = ocds.call_releases(data, prefix="ocds-sdirnl")
    assert [r["tag"] for r in releases] == [["tender"], ["tenderUpdate"], ["award"], ["contract"]]
    assert errors(ocds.release_package(releases, uri="u", published=T0, publisher="p")) == []
    parties = {p["id"]: p["roles"] for p in releases[2]["parties"]}
    assert parties["NL-STRAIIK-acme"] == ["tenderer", "supplier"] and parties["NL-STRAIIK-b"] == ["tenderer"]
    assert releases[0]["relatedProcesses"][0]["identifier"] == "ocds-sdirnl-SDIR-2025-0009"


def test_a_cancelled_call_and_naive_dates() -> None:
    releases = ocds.call_releases(call(cancelled_at=T0 + dt.timedelta(days=3)), prefix="p")
    assert releases[-1]["tag"] == ["tenderCancellation"] and releases[-1]["tender"]["status"] == "cancelled"
    assert errors(ocds.release_package(releases, uri="u", published=T0, publisher="p")) == []
    with pytest.raises(ValueError, match="time zone"):
        ocds.stamp(dt.datetime(2026, 1, 1))
