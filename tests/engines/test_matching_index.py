"""MatchIndex without embeddings (BM25 and structured signals): incremental changes, filters, explanations."""

import pytest

from straiik.engines.matching import Document, FusionConfig, Mandate, MatchIndex, Query


def profiles() -> list[Document]:
    return [
        Document(id="org:1", title="Radarwerk B.V.", lang="nl", areas=["sensors"], cpv=["35722000"], trl=7,
                 region="NL-NB", text="Wij bouwen radarsystemen die kleine drones detecteren rond kazernes."),
        Document(id="org:2", title="Sonar Ltd", lang="en", areas=["maritime", "sensors"], cpv=["38113000"], trl=6,
                 text="Active sonar detects divers and underwater drones approaching a harbour."),
        Document(id="org:3", title="Flitspaal B.V.", lang="nl", cpv=["34900000"], trl=9,
                 text="Snelheidsradar en flitspalen voor gemeenten: radarsystemen voor het verkeer."),
        Document(id="lab:1", kind="test-facility", title="Testcentrum Valk", lang="nl", areas=["sensors"],
                 text="Testterrein voor radarsystemen en drones, met meetapparatuur."),
        Document(id="fin:1", kind="financier", title="Valk Capital", lang="nl",
                 text="Wij investeren in defensietechnologie: drones, radar en sensoren.",
                 mandate=Mandate(stages=["seed"], ticket_max_eur=2_000_000, exclusions=["munitions"])),
    ]


@pytest.fixture
def index() -> MatchIndex:
    index = MatchIndex()
    index.add_many(profiles())
    return index


NEED = Query(text="Wij zoeken radarsystemen om drones te detecteren.", lang="nl", areas=["sensors"],
             cpv=["35722000"], trl_min=6, region="NL-ZH")


def test_search_ranks_and_explains(index: MatchIndex) -> None:
    matches = index.search(NEED, k=3, method="bm25")
    assert [m.document.id for m in matches][:1] == ["org:1"]
    assert [m.rank for m in matches] == [1, 2, 3]
    assert matches[0].score >= matches[1].score >= matches[2].score
    why = matches[0].explanation
    assert why.shared_terms == ("radarsystemen", "drones", "detecteren")  # as written in the query, in its order
    assert why.shared_areas == ("sensors",)
    assert [(c.query_code, c.document_code, c.level) for c in why.cpv] == [("35722000", "35722000", "code")]
    assert (why.trl.status, why.region.status) == ("within", "same-country")
    assert why.semantic_similarity is None and why.bm25_rank == 1 and why.bm25_score > 0
    assert why.language == "nl" and why.mandate is None


def test_structured_signals_lift_the_right_document_over_a_lexical_lookalike(index: MatchIndex) -> None:
    query = Query(text="radarsystemen", lang="nl", areas=["sensors"], cpv=["35722000"])
    ranked = [m.document.id for m in index.search(query, k=5, method="bm25")]
    assert ranked.index("org:1") < ranked.index("org:3")
    plain = FusionConfig().without_boosts()
    scores = {m.document.id: m.score for m in index.search(query, k=5, method="bm25", fusion=plain)}
    assert scores["org:3"] == pytest.approx(scores["org:1"], rel=0.3)


def test_new_and_edited_profiles_are_findable_at_once(index: MatchIndex) -> None:
    query = Query(text="cryokoelers voor kwantumsensoren", lang="nl")
    assert index.search(query, method="bm25") == []
    index.add(Document(id="org:9", title="Koudtechniek", lang="nl", text="Compacte cryokoelers voor kwantumsensoren."))
    assert [m.document.id for m in index.search(query, method="bm25")] == ["org:9"]
    index.update(Document(id="org:9", title="Koudtechniek", lang="nl", text="Wij verhuren bouwkranen."))
    assert index.search(query, method="bm25") == []
    assert index.get("org:9").text == "Wij verhuren bouwkranen."
    assert len(index) == 6
    with pytest.raises(KeyError):
        index.update(Document(id="org:404", text="x"))


def test_removed_profiles_disappear(index: MatchIndex) -> None:
    assert index.remove("org:1") is True
    assert index.remove("org:1") is False
    assert "org:1" not in index and index.get("org:1") is None
    assert "org:1" not in [m.document.id for m in index.search(NEED, k=10, method="bm25")]


def test_compaction_keeps_the_results(index: MatchIndex) -> None:
    index.remove("org:2")
    index.add(Document(id="org:7", lang="en", text="Drone detection radar for airfields."))
    before = [(m.document.id, m.score) for m in index.search(NEED, k=5, method="bm25")]
    stats = index.stats()
    assert stats.dead_rows == 1 and stats.delta_rows >= 1
    index.compact()
    after = [(m.document.id, m.score) for m in index.search(NEED, k=5, method="bm25")]
    assert [d for d, _ in before] == [d for d, _ in after]
    assert index.stats().dead_rows == 0 and index.stats().delta_rows == 0


def test_automatic_compaction_after_enough_changes() -> None:
    index = MatchIndex(compact_min=3, compact_threshold=0.0)
    index.add_many(profiles()[:2])  # two changes: below the minimum
    assert index.stats().delta_rows == 2
    index.add(profiles()[2])
    assert index.stats().delta_rows == 0 and index.stats().rows == 3


def test_kind_filter_and_excluded_ids(index: MatchIndex) -> None:
    kinds = {m.document.kind for m in index.search(NEED, k=10, method="bm25", kinds=["test-facility"])}
    assert kinds == {"test-facility"}
    ids = [m.document.id for m in index.search(NEED, k=10, method="bm25", exclude_ids=["org:1"])]
    assert "org:1" not in ids
    with pytest.raises(ValueError, match="kinds"):
        index.search(NEED, kinds=["company"], method="bm25")


def test_financiers_whose_mandate_excludes_the_query_are_left_out_or_flagged(index: MatchIndex) -> None:
    idea = Query(text="drones en radar", lang="nl", stage="seed", ticket_eur=500_000, tags=["munitions"])
    assert "fin:1" not in [m.document.id for m in index.search(idea, k=10, method="bm25", kinds=["financier"])]
    flagged = index.search(idea, k=10, method="bm25", kinds=["financier"], drop_excluded=False)
    assert flagged[0].explanation.mandate.excluded_by == ("munitions",)
    clean = Query(text="drones en radar", lang="nl", stage="seed", ticket_eur=500_000)
    fit = index.search(clean, k=10, method="bm25", kinds=["financier"])[0].explanation.mandate
    assert fit.fits and (fit.stage, fit.ticket) == ("fits", "fits")


def test_exclusions_are_found_in_the_query_words() -> None:
    index = MatchIndex()
    index.add(Document(id="fin:2", kind="financier", lang="en", text="We invest in drones.",
                       mandate=Mandate(exclusions=["munitions"])))
    query = Query(text="Loitering drones that carry munitions", lang="en")
    assert index.search(query, method="bm25") == []


def test_languages_are_detected_when_not_given() -> None:
    index = MatchIndex()
    index.add(Document(id="a", text="Wij bouwen radarsystemen voor de marine en de landmacht."))
    index.add(Document(id="b", text="Виготовляємо радари для флоту."))
    assert (index.language("a"), index.language("b")) == ("nl", "uk")
    assert index.query_language(Query(text="We build radars for the navy")) == "en"


def test_methods_need_what_they_use(index: MatchIndex) -> None:
    with pytest.raises(ValueError, match="needs embeddings"):
        index.search(NEED, method="hybrid")
    with pytest.raises(ValueError, match="method"):
        index.search(NEED, method="tfidf")
    assert index.search(NEED, k=0, method="bm25") == []
    assert MatchIndex().search(NEED, method="bm25") == []


def test_long_and_hostile_text_is_indexed_as_text() -> None:
    index = MatchIndex()
    index.add(Document(id="big", lang="en", text="<script>alert('x')</script> radar " * 30_000))
    matches = index.search(Query(text="radar script", lang="en"), method="bm25")
    assert matches[0].document.id == "big"
    assert matches[0].explanation.shared_terms == ("radar", "script")


def test_empty_documents_and_queries_are_harmless() -> None:
    index = MatchIndex()
    index.add_many([Document(id="a", text=""), Document(id="b", text="", title="")])
    index.compact()
    assert index.language("a") == "und"
    assert index.search(Query(text="radar"), method="bm25") == []
    assert index.search(Query(text=""), method="bm25") == []
    index.add(Document(id="c", text="radar", lang="en"))
    assert [m.document.id for m in index.search(Query(text="radar", lang="en"), method="bm25")] == ["c"]
