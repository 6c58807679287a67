from pathlib import Path

import polars as pl
import pytest

from pipeline.topics import (
    KeywordMatcher,
    Topic,
    TopicsError,
    keyword_matches,
    lemma,
    load_topics,
    rules_version,
    topic_rules,
)

TOPICS = [
    Topic("sanctions", keywords=("санкция", "sanction")),
    Topic("rate", keywords=("ключевая ставка",)),
    Topic("nato", entities=("НАТО",), rubrics=("Мир",)),
]


def matches(text: str) -> dict[str, list[str]]:
    return KeywordMatcher(TOPICS).matches(text)


def test_russian_keywords_match_every_inflected_form() -> None:
    for text in ("ЕС продлил санкции", "новых санкций не будет", "угрожал санкциями"):
        assert matches(text) == {"sanctions": ["санкция"]}


def test_english_plurals_and_multiword_lemmas() -> None:
    assert matches("New sanctions announced") == {"sanctions": ["sanction"]}
    assert matches("ЦБ сохранил ключевую ставку") == {"rate": ["ключевая ставка"]}
    assert matches("ключевую роль сыграла ставка") == {}


def test_no_match_and_no_substring_match() -> None:
    assert matches("Санкт-Петербург встретил гостей") == {}
    assert lemma("Ёлки") == lemma("елки")


def test_keyword_matches_are_rows_per_article_topic_and_keyword() -> None:
    articles = pl.DataFrame(
        {"article_id": ["a", "b"], "title": ["Санкции", None], "lead": [None, None], "body": ["sanctions", "x"]}
    )
    rows = keyword_matches(articles, KeywordMatcher(TOPICS)).sort("keyword").to_dicts()
    assert rows == [
        {"article_id": "a", "topic": "sanctions", "keyword": "sanction"},
        {"article_id": "a", "topic": "sanctions", "keyword": "санкция"},
    ]


def test_entity_and_rubric_rules_become_rows_with_matching_keys() -> None:
    rules = topic_rules(TOPICS).to_dicts()
    assert rules == [
        {"topic": "nato", "rule_kind": "entity", "value": "НАТО", "match_key": "нато"},
        {"topic": "nato", "rule_kind": "rubric", "value": "Мир", "match_key": "мир"},
    ]


def test_rules_version_changes_only_with_keywords() -> None:
    assert rules_version(TOPICS) == rules_version([*TOPICS, Topic("x", entities=("ООН",))])
    assert rules_version(TOPICS) != rules_version([*TOPICS, Topic("x", keywords=("ООН",))])


def test_the_shipped_topics_load_and_a_topic_without_rules_is_refused(tmp_path: Path) -> None:
    assert {t.name for t in load_topics()} >= {"sanctions", "elections", "nato"}
    bad = tmp_path / "topics.toml"
    bad.write_text("[topics.empty]\n")
    with pytest.raises(TopicsError, match="no keywords"):
        load_topics(bad)
