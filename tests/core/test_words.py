"""Words, not raw values: what-if rules, history values and record names as people read them."""

from __future__ import annotations

import pytest
from django.utils import translation

from straiik.bundling.problem import describe_variation
from straiik.core.templatetags.straiik import audit_value
from straiik.sdir.models import Assignment, Decision


def test_what_if_rules_are_labels_with_formatted_values() -> None:
    variation = {"drop_buyers": ["UA"], "supplier_caps": {"7": 5000},
                 "rules": {"min_buyers": 2, "funding_enabled": False, "funding_share": 0.2}}
    with translation.override("en"):
        parts = describe_variation(variation, {"7": "Munitiewerk Twente"})
    assert parts == ["without Ukraine", "Minimum buyers per joint contract: 2", "EU co-funding: no",
                     "Funding share: 20.0 %", "Munitiewerk Twente capped at 5,000 per period"]
    with translation.override("nl"):
        text = "; ".join(describe_variation(variation, {"7": "Munitiewerk Twente"}))
    assert "min_buyers" not in text and "False" not in text and "nee" in text and "20,0 %" in text
    assert "5.000" in text


@pytest.mark.parametrize(("value", "en", "nl"), [
    (True, "yes", "ja"), (False, "no", "nee"), (None, "—", "—"), ({}, "—", "—"),
    ({"desirable": 7.0, "feasible": 8.25}, "desirable: 7; feasible: 8.25", "desirable: 7; feasible: 8,25"),
    ([1, 2], "1, 2", "1, 2"), ("0.150", "0.15", "0,15"), (400000, "400,000", "400.000"), (2027, "2027", "2027"),
    ("2026-12-04", "04/12/2026", "4-12-2026"), ("P-1 Passive RF", "P-1 Passive RF", "P-1 Passive RF"),
])
def test_history_values_read_as_words_and_local_numbers(value: object, en: str, nl: str) -> None:
    with translation.override("en"):
        assert audit_value(value) == en
    with translation.override("nl"):
        assert audit_value(value) == nl


def test_stored_record_names_are_worded_for_people() -> None:
    with translation.override("en"):
        assert Assignment.audit_repr("rev1 on P-12") == "review of proposal P-12 by rev1"
        assert Decision.audit_repr("decision on SDIR-2026-0001 Drones") == "decision on SDIR-2026-0001 Drones"
        assert Assignment.audit_repr("something else") == "something else"
    with translation.override("nl"):
        assert Assignment.audit_repr("rev1 on P-12") == "beoordeling van voorstel P-12 door rev1"
