from datetime import datetime, timedelta

import polars as pl

from pipeline.normalize import (
    article_categories,
    load_taxonomy,
    matching_key,
    normalize_articles,
    normalize_headlines,
)
from pipeline.pages import PARSED_ARTICLES_SCHEMA, PARSED_HEADLINES_SCHEMA


def parsed(**overrides: object) -> dict[str, object]:
    row = {
        "page_id": "p1",
        "parser_version": "1",
        "url": "http://s.test/a",
        "canonical_url": None,
        "title": "  Заголовок\u00ad статьи ",
        "lead": None,
        "body": "Первый  абзац.\n\n\n\nВторой\u200b абзац.",
        "published_at": datetime(2026, 9, 14, 7, 5),
        "published_offset_minutes": 180,
        "updated_at": None,
        "authors": [" Анна Ветрова "],
        "rubric": "В мире",
        "tags": [],
        "language": "RU",
        "source": "s",
        "final_url": "http://s.test/a/?utm_source=rss",
        "fetched_at": datetime(2026, 9, 14, 8, 0),
    }
    row.update(overrides)
    return row


SCHEMA = {
    **PARSED_ARTICLES_SCHEMA,
    "source": pl.String,
    "final_url": pl.String,
    "fetched_at": pl.Datetime("us"),
}


def test_text_is_cleaned_and_rubric_mapped_to_category() -> None:
    out = normalize_articles(pl.DataFrame([parsed()], schema=SCHEMA), load_taxonomy())
    row = out.row(0, named=True)
    assert row["title"] == "Заголовок статьи"
    assert row["body"] == "Первый абзац.\n\nВторой абзац."
    assert row["authors"] == ["Анна Ветрова"]
    assert row["language"] == "ru"
    assert row["category"] == "world"
    assert row["canonical_url"] == "http://s.test/a"


def test_fetches_of_one_article_collapse_to_the_newest_with_first_seen_kept() -> None:
    rows = [
        parsed(page_id="p1", fetched_at=datetime(2026, 9, 14, 8), title="Old"),
        parsed(page_id="p2", final_url="http://s.test/a#x", fetched_at=datetime(2026, 9, 15, 8), title="New"),
    ]
    out = normalize_articles(pl.DataFrame(rows, schema=SCHEMA), load_taxonomy())
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["title"], row["first_seen"], row["last_seen"]) == (
        "New",
        datetime(2026, 9, 14, 8),
        datetime(2026, 9, 15, 8),
    )
    assert article_categories(out).to_dicts() == [{"article_id": row["article_id"], "category": "world"}]


def test_unknown_rubrics_are_kept() -> None:
    out = normalize_articles(pl.DataFrame([parsed(rubric="Светская хроника")], schema=SCHEMA), load_taxonomy())
    assert out["rubric"].to_list() == ["Светская хроника"] and out["category"].to_list() == [None]


def test_rail_headlines_are_counted_once_per_source_and_url() -> None:
    schema = {**PARSED_HEADLINES_SCHEMA, "source": pl.String, "fetched_at": pl.Datetime("us")}
    rows = [
        {
            "page_id": p,
            "position": pos,
            "title": "Новость дня",
            "url": "http://s.test/n?utm_source=x",
            "rubric": "Мир",
            "source": "s",
            "fetched_at": datetime(2026, 9, d),
        }
        for p, pos, d in (("p1", 1, 1), ("p2", 3, 2), ("p3", 2, 5))
    ]
    headlines, sightings = normalize_headlines(pl.DataFrame(rows, schema=schema), load_taxonomy())
    assert headlines.height == 1
    row = headlines.row(0, named=True)
    assert (row["times_seen"], row["first_seen"], row["last_seen"]) == (
        3,
        datetime(2026, 9, 1),
        datetime(2026, 9, 5),
    )
    assert row["url"] == "http://s.test/n" and row["category"] == "world"
    assert sorted(sightings["position"].to_list()) == [1, 2, 3]


def test_matching_key_ignores_case_yo_and_spacing() -> None:
    assert matching_key("  Всё  о Мире ") == matching_key("всЕ о мире")


def test_rail_history_gives_time_on_rail_rank_and_the_newest_known_rubric() -> None:
    schema = {**PARSED_HEADLINES_SCHEMA, "source": pl.String, "fetched_at": pl.Datetime("us")}
    sightings_in = [
        ("p1", 3, "s", "Мир", datetime(2026, 9, 1, 8)),
        ("p2", 1, "s", "Мир", datetime(2026, 9, 1, 11)),
        ("p3", 5, "s", None, datetime(2026, 9, 1, 14)),
        ("q1", 2, "other", "Общество", datetime(2026, 9, 1, 9)),
    ]
    rows = [
        {"page_id": p, "position": pos, "title": "Новость дня", "url": "http://s.test/n", "rubric": r, "source": src}
        | {"fetched_at": at}
        for p, pos, src, r, at in sightings_in
    ]
    headlines, sightings = normalize_headlines(pl.DataFrame(rows, schema=schema), load_taxonomy())
    by_source = {row["source"]: row for row in headlines.iter_rows(named=True)}
    assert set(by_source) == {"s", "other"}
    ours = by_source["s"]
    assert (ours["rubric"], ours["category"], ours["times_seen"]) == ("Мир", "world", 3)
    assert ours["last_seen"] - ours["first_seen"] == timedelta(hours=6)
    mine = sightings.filter(pl.col("headline_id") == ours["headline_id"]).sort("seen_at")
    assert mine["position"].to_list() == [3, 1, 5] and mine["position"].min() == 1
