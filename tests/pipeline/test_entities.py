from pathlib import Path

import pytest

from pipeline.entities import EntityExtractor, Mention, entity_id, entity_rows, link_within_document

TEXT = (
    "Президент США Дональд Трамп встретился с премьер-министром Японии. "
    "По словам Трампа, Япония покупает оружие. Трампу ответили в Токио."
)


def test_natasha_normalization_really_works() -> None:
    """natasha's morphology fails silently without pkg_resources: this test is the alarm."""
    assert EntityExtractor().russian.normalizes()


def test_inflected_and_short_mentions_share_one_canonical_name() -> None:
    mentions = EntityExtractor().mentions(TEXT)
    people = {m.text: m.canonical for m in mentions if m.type == "PER"}
    assert people == {"Дональд Трамп": "Дональд Трамп", "Трампа": "Дональд Трамп", "Трампу": "Дональд Трамп"}
    places = {m.canonical for m in mentions if m.type == "LOC"}
    assert {"США", "Япония", "Токио"} <= places
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text


def test_linking_leaves_other_surnames_alone() -> None:
    mentions = [
        Mention(0, 12, "Анна Ветрова", "PER", "Анна Ветрова"),
        Mention(20, 27, "Ветрову", "PER", "Ветрова"),
        Mention(30, 36, "Громов", "PER", "Громов"),
    ]
    assert [m.canonical for m in link_within_document(mentions)] == ["Анна Ветрова", "Анна Ветрова", "Громов"]


def test_entity_rows_count_mentions_and_title_flag() -> None:
    mentions = [
        Mention(0, 5, "Трамп", "PER", "Дональд Трамп"),
        Mention(40, 46, "Трампа", "PER", "Дональд Трамп"),
    ]
    rows = entity_rows({"a1": (10, mentions)})
    assert rows.entities.to_dicts() == [
        {"entity_id": entity_id("PER", "Дональд Трамп"), "canonical": "Дональд Трамп", "type": "PER"}
    ]
    assert rows.article_entities.select("mentions", "first_offset", "in_title").row(0) == (2, 0, True)
    assert rows.mentions.height == 2


def test_languages_without_a_model_yield_nothing_rather_than_garbage() -> None:
    assert EntityExtractor().mentions("Helen Carter met the UN in London.", "en") == []


SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "izvestia-article-page.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the project")
def test_the_seed_article_counts_each_entity_under_one_name() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = text[text.index("Премьер-министр Японии") : text.index("Читайте также")]
    canonical = {(m.text, m.canonical) for m in EntityExtractor().mentions(article)}
    assert {("Трампа", "Дональд Трамп"), ("Дональд Трамп", "Дональд Трамп")} <= canonical
    assert {("Исиба", "Сигэру Исиба"), ("Японии", "Япония"), ("Вашингтона", "Вашингтон")} <= canonical
