"""`newsdesk import` of JSON Lines and Parquet: bad records by number, idempotent re-imports, newest wins."""

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline import commands, warehouse
from pipeline.importer import import_paths, records
from pipeline.progress import StageProgress


def run_import(db: Path, *files: Path) -> tuple[int, str]:
    stream = io.StringIO()
    code = commands.import_files(db, list(files), StageProgress(stream))
    return code, stream.getvalue()


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_each_bad_record_is_reported_by_line_and_the_rest_load(tmp_path: Path) -> None:
    data = tmp_path / "in.jsonl"
    lines = [
        b'{"url": "https://a.example/1", "title": "&laquo;One&raquo;", "body": "x", "published_at": "2026-01-02"}',
        b"",
        b'{"url": "https://a.example/2", "title": 5}',
        b'{"url": "https://a.example/3", "title": "\xff"}',
        b'{"url": "mailto:x@y", "title": "t"}',
        b'{"url": "https://a.example/4", "published_at": "2999-01-01T00:00:00Z"}',
        b'{"url": "https://a.example:99999/5"}',
        b"[1, 2]",
        b'{"url": "https://a.example/6", "authors": ["By A. Writer"], "language": "en-GB", "rubric": "Hobbies"}',
    ]
    data.write_bytes(b"\n".join(lines) + b"\n")
    code, said = run_import(tmp_path / "w.duckdb", data)
    assert code == 1
    errors = rows(tmp_path / "w.duckdb", "SELECT record, error FROM import_errors ORDER BY record")
    assert [record for record, _ in errors] == [3, 4, 5, 6, 7, 8]
    assert errors[0][1] == "Expected `str | null`, got `int` - at `$.title`" and errors[1][1] == "invalid UTF-8"
    assert "unparsable published_at '2999-01-01T00:00:00Z'" in errors[3][1]
    assert f"{data}:4: invalid UTF-8" in said and "imported 2 records (2 new articles)" in said
    assert rows(tmp_path / "w.duckdb", "SELECT title, authors, language FROM articles ORDER BY url") == [
        ("«One»", [], None),
        (None, ["A. Writer"], "en"),
    ]
    assert rows(tmp_path / "w.duckdb", "SELECT rubric, articles FROM unknown_rubrics") == [("Hobbies", 1)]


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path) -> None:
    db, data = tmp_path / "w.duckdb", tmp_path / "in.jsonl"
    data.write_text(
        '{"url": "https://a.example/1?utm_source=x", "title": "Old", "body": "b", "categories": ["World"]}\n'
        '{"url": "https://a.example/1/", "title": "New", "body": "b", "categories": ["economy"]}\n'
        '{"url": "https://b.example/9", "title": "New", "body": "b"}\n'
        "{oops\n"
    )
    run_import(db, data)
    everything = "SELECT * FROM articles ORDER BY article_id"
    first = rows(db, everything), rows(db, "SELECT * FROM article_categories ORDER BY ALL")
    assert [r[4] for r in first[0]] == ["New", "New"]
    assert [c for _, c in first[1]] == ["economy"]
    code, said = run_import(db, data)
    assert code == 1 and "(0 new articles)" in said
    assert (rows(db, everything), rows(db, "SELECT * FROM article_categories ORDER BY ALL")) == first
    assert rows(db, "SELECT count(*) FROM import_errors") == [(1,)]
    assert rows(db, "SELECT duplicate, count(*) FROM story_clusters GROUP BY ALL ORDER BY ALL") == [
        ("original", 1),
        ("same_text", 1),
    ]


def test_an_older_file_never_rolls_an_article_back_but_widens_its_span(tmp_path: Path) -> None:
    db, new, old = tmp_path / "w.duckdb", tmp_path / "new.jsonl", tmp_path / "old.jsonl"
    new.write_text('{"url": "https://a.example/1", "title": "Updated", "body": "b"}\n')
    old.write_text('{"url": "https://a.example/1", "title": "First", "body": "b"}\n')
    os.utime(old, (datetime(2026, 1, 1, tzinfo=UTC).timestamp(),) * 2)
    os.utime(new, (datetime(2026, 2, 1, tzinfo=UTC).timestamp(),) * 2)
    run_import(db, new, old)
    assert rows(db, "SELECT title, first_seen, last_seen FROM articles") == [
        ("Updated", datetime(2026, 1, 1), datetime(2026, 2, 1))
    ]


def test_parquet_records_keep_their_typed_times_and_offsets(tmp_path: Path) -> None:
    data = tmp_path / "in.parquet"
    pl.DataFrame(
        {
            "url": ["https://p.example/1", None],
            "title": ["T", "no url"],
            "published_at": pl.Series([datetime(2026, 3, 1, 12), datetime(2026, 3, 1, 12)]).dt.replace_time_zone(
                "Europe/Moscow"
            ),
            "categories": [["Спорт"], None],
        }
    ).write_parquet(data)
    con = warehouse.connect(tmp_path / "w.duckdb")
    report = import_paths(con, [data])
    assert [(e.record, e.error) for e in report.errors] == [(2, "no http(s) url")]
    assert con.execute("SELECT published_at, published_offset_minutes FROM articles").fetchall() == [
        (datetime(2026, 3, 1, 9), 180)
    ]
    assert con.execute("SELECT category FROM article_categories").fetchall() == [("sport",)]


def test_an_article_updated_in_a_later_chunk_of_the_same_file_replaces_the_earlier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "CHUNK_RECORDS", 2)
    db, data = tmp_path / "w.duckdb", tmp_path / "in.jsonl"
    data.write_text(
        '{"url": "https://a.example/1", "title": "First", "body": "b", "rubric": "Спорт", "categories": ["Мир"]}\n'
        '{"url": "https://a.example/2", "title": "Other", "body": "c", "rubric": "Спорт"}\n'
        "\n"
        '{"url": "https://a.example/1#x", "title": "Second", "body": "b", "rubric": "Спорт", "categories": ["Мир"]}\n'
        '{"url": "https://a.example/1?utm_source=x", "title": "Third", "body": "b", "rubric": "Культура"}\n'
        "not json\n"
    )
    code, said = run_import(db, data)
    assert code == 1 and f"{data}:6: invalid JSON" in said
    assert rows(db, "SELECT url, title FROM articles ORDER BY url") == [
        ("https://a.example/1?utm_source=x", "Third"),
        ("https://a.example/2", "Other"),
    ]
    assert rows(
        db, "SELECT a.title, c.category FROM article_categories c JOIN articles a USING (article_id) ORDER BY ALL"
    ) == [
        ("Other", "sport"),
        ("Third", "culture"),
    ]


def test_the_arrow_reader_and_the_typed_decoder_give_the_same_records(tmp_path: Path) -> None:
    """Arrow reads a clean chunk; a chunk it refuses goes to msgspec: both give the same frame for good lines."""
    good = [
        b'{"url": "https://a.example/1", "title": "\\u00abT\\u00bb", "authors": ["A", "B"], "extra": {"x": 1}}\n',
        b'{"url": "https://a.example/2", "tags": [], "categories": null, "published_at": "2026-01-02"}\n',
        b'{"title": "no url"}\n',
    ]
    numbers = [1, 2, 4]
    fast = records._arrow(good)
    assert fast is not None
    slow = records._frame(*records._decode_lines(numbers, good)[:2])
    assert records._decode(numbers, good).frame.equals(slow)
    assert fast.equals(slow.drop("record"))
    # What Arrow would take but the typed record refuses (a null in a list), or reads differently (two objects on
    # one line), is left to msgspec, which names the line.
    for line, reason in [
        (b'{"url": "https://a.example/3", "authors": ["A", null]}\n', "Expected `str`, got `null`"),
        (b'{"url": "https://a.example/4"} {"url": "https://a.example/5"}\n', "invalid JSON"),
    ]:
        assert records._arrow([*good, line]) is None
        chunk = records._decode([*numbers, 7], [*good, line])
        assert chunk.frame.equals(slow) and chunk.unreadable[0][0] == 7 and reason in chunk.unreadable[0][1]
