"""Analysers: Dutch and English stemming, Ukrainian handling, stop words, scripts, language detection."""

import pytest

from straiik.engines.matching import UKRAINIAN_STEMMERS, Analyzer, detect_language, ukrainian_stem
from straiik.engines.text import normalize_text


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_dutch_plurals_and_singulars_meet(analyzer: Analyzer) -> None:
    for singular, plural in [("radarsysteem", "radarsystemen"), ("satelliet", "satellieten"),
                             ("voertuig", "voertuigen"), ("granaat", "granaten"), ("leverancier", "leveranciers")]:
        assert analyzer.terms(singular, "nl") == analyzer.terms(plural, "nl"), (singular, plural)


def test_dutch_stop_words_go_and_diacritics_fold(analyzer: Analyzer) -> None:
    assert analyzer.terms("de drones van het leger", "nl") == ["drone", "leger"]
    assert analyzer.terms("Onderzeeërs", "nl") == analyzer.terms("onderzeeers", "nl")


def test_english_stemming_and_stop_words(analyzer: Analyzer) -> None:
    assert analyzer.terms("The radars and sensors of the drones", "en") == ["radar", "sensor", "drone"]
    assert analyzer.terms("detects", "en") == analyzer.terms("detecting", "en")


def test_apostrophes_inside_words_do_not_split_them(analyzer: Analyzer) -> None:
    assert analyzer.terms("boat's", "en") == ["boat"]
    assert analyzer.terms("зв'язок", "uk") == analyzer.terms("звʼязок", "uk") == ["звязо"]


def test_ukrainian_default_is_truncation_to_five_letters(analyzer: Analyzer) -> None:
    assert analyzer.ukrainian == "prefix5"
    assert analyzer.terms("Безпілотники та безпілотні системи", "uk") == ["безпі", "безпі", "систе"]
    # й and ї lose their marks as everywhere in straiik, in documents and queries alike
    assert analyzer.terms("Київ", "uk") == analyzer.terms("КИЇВ", "uk") == ["киів"]


def test_ukrainian_stop_words_are_removed(analyzer: Analyzer) -> None:
    assert analyzer.terms("що для нашої та від радар", "uk") == ["радар"]


def test_light_ukrainian_stemmer_conflates_inflections() -> None:
    def stem(word: str) -> str:
        return ukrainian_stem(normalize_text(word))

    assert stem("станції") == stem("станція") == stem("станцією") == "станц"
    assert stem("мобільних") == stem("мобільний") == stem("мобільна") == "мобільн"
    assert stem("очищення") == stem("очищений") == "очищен"
    assert stem("підрозділів") == stem("підрозділами") == "підрозділ"
    assert stem("виготовляється") == stem("виготовляємо") == "виготовля"
    assert stem("дно") == "дно"  # too short to strip


@pytest.mark.parametrize("name", UKRAINIAN_STEMMERS)
def test_every_ukrainian_analyser_can_be_chosen(name: str) -> None:
    terms = Analyzer(ukrainian=name).terms("радарні станції", "uk")
    assert len(terms) == 2 and all(terms)
    with pytest.raises(ValueError, match="unknown Ukrainian stemmer"):
        Analyzer(ukrainian="ukrainian")


def test_words_follow_their_script_not_the_document_language(analyzer: Analyzer) -> None:
    tokens = analyzer.tokens("Виготовляємо GPS-трекери для суден", "uk")
    assert [(t.term, t.surface) for t in tokens] == [
        ("вигот", "Виготовляємо"), ("gps", "GPS"), ("треке", "трекери"), ("суден", "суден")]
    assert analyzer.terms("radar радари", "nl") == ["radar", "радар"]


def test_undetermined_language_uses_both_stop_word_lists_and_no_stemmer(analyzer: Analyzer) -> None:
    assert analyzer.terms("de radars of the systems", "und") == ["radars", "systems"]


def test_numbers_and_codes_survive_and_junk_is_dropped(analyzer: Analyzer) -> None:
    assert analyzer.terms("x 155mm 5G " + "a" * 50, "en") == ["155mm", "5g"]
    assert analyzer.terms("", "nl") == []
    assert analyzer.terms("<script>alert(1)</script>", "en") == ["script", "alert", "script"]


def test_language_detection() -> None:
    assert detect_language("Wij zoeken een oplossing voor de marine") == "nl"
    assert detect_language("We are looking for a solution for the navy") == "en"
    assert detect_language("Шукаємо рішення для флоту") == "uk"
    assert detect_language("radar 155") == "und"
    assert detect_language("") == "und"
    assert detect_language("12345 !!!") == "und"
