from straiik.engines.text import normalize_text, tokens


def test_case_and_diacritics_are_folded() -> None:
    assert normalize_text("Onderzeeërs en Coöperatie") == "onderzeeers en cooperatie"
    assert normalize_text("Fryslân") == "fryslan"


def test_cyrillic_is_kept_and_folded_alike() -> None:
    assert normalize_text("БЕЗПІЛОТНИЙ Київ") == normalize_text("безпілотний київ")
    assert tokens("Радар, дрони!") == ["радар", "дрони"]


def test_punctuation_splits_words_and_limit_applies() -> None:
    assert tokens("<script>alert('x')</script> radar-module", limit=3) == ["script", "alert", "x"]
    assert tokens("") == []


def test_transliteration_of_ukrainian_names() -> None:
    from straiik.engines.text import transliterate

    assert transliterate("Київ Дрони") == "Kyiv Drony"
    assert transliterate("ТОВ «Щедрик»") == "TOV «Shchedryk»"
    assert transliterate("Delft B.V.") == "Delft B.V."


def test_shared_passage_is_the_longest_run_of_words_as_written() -> None:
    from straiik.engines.text import shared_passage

    a = "We need a portable radar that detects small drones around a camp."
    b = "Looking for: a Portable RADAR that detects small drones, fast, near bases."
    assert shared_passage(a, b) == "a Portable RADAR that detects small drones"
    assert shared_passage("nothing alike", b) == ""
    assert shared_passage("", "") == ""
