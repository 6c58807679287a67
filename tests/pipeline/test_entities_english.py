import pytest

from pipeline.entities import EntityExtractor, english

TEXT = "President Donald Trump met Japan's prime minister in Washington. Trump said the U.S. would not back down."


def test_without_the_english_model_english_yields_nothing_and_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(english, "available", lambda: False)
    warnings: list[str] = []
    extractor = EntityExtractor(warn=warnings.append)
    assert extractor.mentions_batch([TEXT, TEXT], ["en", None]) == [[], []]
    assert len(warnings) == 1 and 'pip install -e ".[en]"' in warnings[0]
    assert [m.canonical for m in extractor.mentions("Встреча прошла в Японии.")] == ["Япония"]


def test_titles_and_possessives_are_not_part_of_a_name() -> None:
    assert english.clean_name("President Donald Trump") == "Donald Trump"
    assert english.clean_name("Mr. Baker's") == "Baker"
    assert english.clean_name("the Federal Reserve") == "Federal Reserve"


needs_model = pytest.mark.skipif(not english.available(), reason='English NER is the opt-in extra ".[en]"')


@needs_model
def test_english_mentions_link_and_route_by_language() -> None:
    mentions = EntityExtractor().mentions(TEXT, "en")
    people = {m.text: m.canonical for m in mentions if m.type == "PER"}
    assert people == {"Donald Trump": "Donald Trump", "Trump": "Donald Trump"}
    assert {"Japan", "Washington", "United States"} <= {m.canonical for m in mentions if m.type == "LOC"}
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text


@needs_model
def test_a_changed_weight_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(english.PINNED, "ner/model", "not-the-pinned-digest")
    with pytest.raises(english.EnglishModelMissing, match="ner/model"):
        english.model_dir()
