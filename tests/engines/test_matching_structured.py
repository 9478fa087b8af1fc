"""Documents and queries are checked when made; structured signals: areas, CPV, TRL, region, mandates."""

import pytest

from straiik.engines.matching import Document, Mandate, Query, cpv_level, normalize_cpv
from straiik.engines.matching.structured import area_overlap, cpv_overlap, mandate_fit, region_fit, trl_fit


def test_documents_are_normalised() -> None:
    doc = Document(id="org:1", text="t", lang=" NL ", areas=["Sensors", "sensors"], cpv=["35722000-8", "35722000"])
    assert doc.lang == "nl" and doc.areas == ("sensors",) and doc.cpv == ("35722000",)
    assert Document(id="x", text="t", lang="").lang is None
    assert Document(id="x", text="t", lang="unknown").lang is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"id": ""}, "id"), ({"kind": "company"}, "kind"), ({"lang": "de"}, "unsupported language 'de'"),
    ({"areas": ["cyber"]}, "unknown area"), ({"areas": "sensors"}, "list of strings"), ({"cpv": ["3572"]}, "cpv"),
    ({"trl": 10}, "trl"), ({"trl": True}, "trl"), ({"text": None}, "text"),
])
def test_bad_document_fields_are_named(fields: dict, message: str) -> None:
    values = {"id": "org:1", "text": "t"} | fields
    with pytest.raises(ValueError, match=message):
        Document(**values)


def test_bad_query_and_mandate_fields_are_named() -> None:
    with pytest.raises(ValueError, match="trl_min"):
        Query(text="q", trl_min=7, trl_max=5)
    with pytest.raises(ValueError, match="ticket_eur"):
        Query(text="q", ticket_eur=-1)
    with pytest.raises(ValueError, match="mandate.ticket_min_eur"):
        Mandate(ticket_min_eur=10, ticket_max_eur=5)


def test_query_from_document_carries_the_fields_and_overrides() -> None:
    need = Document(id="need:1", kind="need", title="Drones", text="Kleine drones", lang="nl", areas=["sensors"],
                    cpv=["35730000"], region="NL-NB")
    query = Query.from_document(need, trl_min=6, tags=["Dual-use"])
    assert (query.text, query.lang, query.areas, query.cpv, query.region) == (
        "Kleine drones", "nl", ("sensors",), ("35730000",), "NL-NB")
    assert query.trl_min == 6 and query.tags == ("dual-use",)


def test_cpv_levels_follow_the_leading_digits() -> None:
    assert normalize_cpv("35722000-8") == "35722000"
    assert cpv_level("35722000", "35722000") == "code"
    assert cpv_level("35722000", "35722100") == "category"
    assert cpv_level("35722000", "35721000") == "class"
    assert cpv_level("35722000", "35730000") == "group"
    assert cpv_level("35722000", "35400000") == "division"
    assert cpv_level("35722000", "38112000") is None


def test_cpv_overlap_picks_the_finest_document_code_per_query_code() -> None:
    matches, score = cpv_overlap(("35722000", "48000000"), ("35000000", "35721000", "72000000"))
    assert [(m.query_code, m.document_code, m.level) for m in matches] == [("35722000", "35721000", "class")]
    assert score == 0.6
    assert cpv_overlap((), ("35000000",)) == ((), 0.0)


def test_area_overlap_is_the_share_of_the_query_areas() -> None:
    assert area_overlap(("sensors", "space"), ("space", "maritime")) == (("space",), 0.5)
    assert area_overlap((), ("space",)) == ((), 0.0)


def test_trl_fit() -> None:
    doc = Document(id="d", text="t", trl=5)
    assert trl_fit(Query(text="q", trl_min=6), doc).status == "below"
    assert trl_fit(Query(text="q", trl_min=6), doc).gap == 1
    assert trl_fit(Query(text="q", trl_min=4, trl_max=6), doc).score == 1.0
    assert trl_fit(Query(text="q", trl_max=3), doc).status == "above"
    assert trl_fit(Query(text="q"), doc).status == "unknown"
    assert trl_fit(Query(text="q", trl_min=2), Document(id="d", text="t")).status == "unknown"


def test_region_fit() -> None:
    doc = Document(id="d", text="t", region="NL-NB")
    assert region_fit(Query(text="q", region="nl-nb"), doc).status == "same"
    assert region_fit(Query(text="q", region="NL-ZH"), doc).status == "same-country"
    assert region_fit(Query(text="q", region="UA-30"), doc).status == "different"
    assert region_fit(Query(text="q"), doc).status == "unknown"


def test_mandate_fit_checks_every_criterion() -> None:
    mandate = Mandate(stages=["Seed", "series a"], trl_min=4, trl_max=7, ticket_min_eur=250_000,
                      ticket_max_eur=3_000_000, areas=["quantum"], exclusions=["munitions"])
    fits = mandate_fit(Query(text="q", stage="seed", trl=5, ticket_eur=1_000_000, areas=["quantum"]), mandate,
                       frozenset(), {})
    assert fits.fits and fits.score == 1.0
    outside = mandate_fit(Query(text="q", stage="growth", trl=9, ticket_eur=10_000_000, areas=["space"]), mandate,
                          frozenset(), {})
    assert (outside.stage, outside.trl, outside.ticket, outside.areas) == ("outside",) * 4
    assert not outside.fits and outside.score == 0.0
    unknown = mandate_fit(Query(text="q", trl=5), mandate, frozenset(), {})
    assert unknown.stage == "unknown" and unknown.trl == "fits" and unknown.score == 1.0


def test_mandate_exclusions_hit_by_tag_or_by_words() -> None:
    mandate = Mandate(exclusions=["Munitions", "nuclear weapons"])
    by_tag = mandate_fit(Query(text="q", tags=["munitions"]), mandate, frozenset(), {})
    assert by_tag.excluded_by == ("munitions",) and by_tag.score == 0.0 and not by_tag.fits
    words = {"nuclear weapons": (frozenset({"nuclear", "weapon"}),)}
    by_words = mandate_fit(Query(text="q"), mandate, frozenset({"nuclear", "weapon", "test"}), words)
    assert by_words.excluded_by == ("nuclear weapons",)
    assert mandate_fit(Query(text="q"), mandate, frozenset({"nuclear"}), words).excluded_by == ()
