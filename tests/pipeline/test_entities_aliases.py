"""Cross-document canonical names, through the warehouse: the same ids whatever order articles arrive in."""

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import stages, warehouse
from pipeline.entities import AliasIndex, EntityExtractor, Mention, entity_id, entity_rows
from pipeline.entities.aliases import apply_curated, load_curated

FULL = "Глава компании Олег Воронцов заявил, что Воронцов не уйдёт в отставку."
SHORT = "Акционеры потребовали от Воронцова объяснений."


def _article(article_id: str, body: str, content_hash: str = "h1") -> dict[str, object]:
    return {
        "article_id": article_id,
        "source": "s",
        "url": f"http://s.test/{article_id}",
        "canonical_url": f"http://s.test/{article_id}",
        "title": "Новости",
        "lead": None,
        "body": body,
        "published_at": datetime(2026, 9, 1),
        "published_offset_minutes": 0,
        "updated_at": None,
        "language": "ru",
        "rubric": None,
        "category": None,
        "authors": [],
        "tags": [],
        "content_hash": content_hash,
        "first_seen": datetime(2026, 9, 1),
        "last_seen": datetime(2026, 9, 1),
        "parser_version": "1",
    }


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def _load(con: duckdb.DuckDBPyConnection, *articles: dict[str, object]) -> None:
    with warehouse.transaction(con):
        warehouse.upsert_articles(con, pl.DataFrame(list(articles)))


def _people(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        """
        SELECT m.article_id || ':' || m.text, e.canonical FROM entity_mentions m JOIN entities e USING (entity_id)
        WHERE e.type = 'PER'
        """
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("order", [("full", "short"), ("short", "full")])
def test_a_surname_in_one_article_joins_the_full_name_in_another_in_either_order(
    tmp_path: Path, extractor: EntityExtractor, order: tuple[str, str]
) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    bodies = {"full": FULL, "short": SHORT}
    for name in order:
        _load(con, _article(name, bodies[name]))
        assert stages.extract_entities(con, extractor) == 1
    assert set(_people(con).values()) == {"Олег Воронцов"}
    assert con.execute("SELECT count(*) FROM entities WHERE type = 'PER'").fetchone() == (1,)
    counted = con.execute(
        "SELECT article_id, mentions FROM article_entities WHERE entity_id = ? ORDER BY article_id",
        [entity_id("PER", "Олег Воронцов")],
    ).fetchall()
    assert counted == [("full", 2), ("short", 1)]
    aliases = dict(con.execute("SELECT alias, mentions FROM entity_aliases").fetchall())
    assert aliases["Воронцова"] == 1 and aliases["Воронцов"] == 2


def test_rebuilds_skip_read_articles_and_reread_changed_ones(tmp_path: Path, extractor: EntityExtractor) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    _load(con, _article("a", FULL), _article("b", SHORT))
    assert stages.extract_entities(con, extractor) == 2
    before = con.execute("SELECT * FROM entity_mentions ORDER BY ALL").fetchall()
    assert stages.extract_entities(con, extractor) == 0
    _load(con, _article("b", "Журналисты снова не дождались комментариев от Воронцова.", content_hash="h2"))
    assert stages.extract_entities(con, extractor) == 1
    assert _people(con)["b:Воронцова"] == "Олег Воронцов"
    assert before[0] in con.execute("SELECT * FROM entity_mentions ORDER BY ALL").fetchall()


def test_an_ambiguous_surname_goes_to_the_name_it_was_counted_under_most() -> None:
    index = AliasIndex()
    index.add([Mention(0, 7, "Громова", "PER", "Иван Громов", "Громов")] * 3)
    index.add([Mention(0, 7, "Громова", "PER", "Пётр Громов", "Громов")])
    assert index.resolve(Mention(0, 6, "Громов", "PER", "Громов", "Громов")).canonical == "Иван Громов"
    assert index.resolve(Mention(0, 11, "Анна Громова", "PER", "Анна Громова", "")).canonical == "Анна Громова"


def test_stored_short_names_are_merged_once_their_full_name_appears() -> None:
    known = pl.DataFrame(
        [
            {
                "entity_id": entity_id("PER", "Воронцов"),
                "canonical": "Воронцов",
                "type": "PER",
                "alias": "Воронцов",
                "mentions": 1,
            }
        ]
    )
    rows = entity_rows(
        {
            "n": (
                0,
                [
                    Mention(0, 13, "Олег Воронцов", "PER", "Олег Воронцов", "Олег Воронцов"),
                    Mention(20, 29, "Воронцова", "PER", "Олег Воронцов", "Воронцов"),
                ],
            )
        },
        AliasIndex.from_frame(known),
    )
    assert rows.merges.to_dicts() == [
        {
            "old_id": entity_id("PER", "Воронцов"),
            "new_id": entity_id("PER", "Олег Воронцов"),
            "canonical": "Олег Воронцов",
        }
    ]


def test_curated_long_forms_count_under_the_usual_name() -> None:
    curated = load_curated()
    mentions = [
        Mention(0, 17, "Соединенных Штатов", "LOC", "Соединенные Штаты", "Соединенные Штаты"),
        Mention(
            20, 45, "Североатлантического альянса", "ORG", "Североатлантический альянс", "Североатлантический альянс"
        ),
        Mention(50, 56, "Штаты", "ORG", "Штаты", "Штаты"),
    ]
    assert [m.canonical for m in apply_curated(mentions, curated)] == ["США", "НАТО", "Штаты"]


def _aliases_from_scratch(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        """
        SELECT entity_id, alias, count(*) FROM (
            SELECT entity_id, text AS alias FROM entity_mentions
            UNION ALL SELECT entity_id, lemma FROM entity_mentions WHERE lemma <> text
        ) GROUP BY ALL ORDER BY ALL
        """
    ).fetchall()


def test_the_alias_memory_kept_by_difference_equals_one_rebuilt_from_all_mentions(
    tmp_path: Path, extractor: EntityExtractor
) -> None:
    """New articles, a stored short name merged into a full one, a changed article read again, one removed name."""
    con = warehouse.connect(tmp_path / "w.duckdb")
    steps = [
        [_article("a", SHORT)],
        [_article("b", FULL), _article("c", "В Москве выступил Воронцов, его поддержали в Казани.")],
        [_article("a", "Журналисты не дождались комментариев от Воронцова в Казани.", content_hash="h2")],
        [_article("c", "Погода в Москве.", content_hash="h3")],
    ]
    for articles in steps:
        _load(con, *articles)
        assert stages.extract_entities(con, extractor) == len(articles)
        stored = con.execute("SELECT entity_id, alias, mentions FROM entity_aliases ORDER BY ALL").fetchall()
        assert stored == _aliases_from_scratch(con)
    assert con.execute("SELECT canonical FROM entities WHERE type = 'PER'").fetchall() == [("Олег Воронцов",)]
    assert ("Воронцова", 1) in [(alias, n) for _, alias, n in stored]
    assert con.execute("SELECT count(*) FROM entity_aliases WHERE alias = 'Казани'").fetchone() == (1,)
    orphans = "SELECT count(*) FROM entity_aliases WHERE entity_id NOT IN (SELECT entity_id FROM entities)"
    assert con.execute(orphans).fetchone() == (0,)


def test_a_persons_id_does_not_depend_on_the_order_of_the_name() -> None:
    assert entity_id("PER", "Ху Цзиньтао") == entity_id("PER", "Цзиньтао Ху")
    assert entity_id("PER", "Остап Петров") != entity_id("PER", "Остап Бендер")
    assert entity_id("LOC", "Корея Южная") != entity_id("LOC", "Южная Корея")
    rows = entity_rows(
        {
            "a": (0, [Mention(0, 11, "Ху Цзиньтао", "PER", "Ху Цзиньтао", "Ху Цзиньтао")]),
            "b": (0, [Mention(0, 11, "Цзиньтао Ху", "PER", "Цзиньтао Ху", "Цзиньтао Ху")]),
        }
    )
    assert rows.entities["canonical"].to_list() == ["Ху Цзиньтао"]
    assert rows.merges.is_empty()
