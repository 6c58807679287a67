"""The command line as users script it: output shapes, exit codes, one-line errors."""

import io
import json
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.sample_site import serve_sample_site

FIXTURES = Path(__file__).parent / "fixtures" / "html"
EXTRACT_KEYS = {
    "path",
    "url",
    "canonical_url",
    "title",
    "lead",
    "body",
    "published_at",
    "updated_at",
    "authors",
    "rubric",
    "tags",
    "language",
    "headlines",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_prints_one_json_object_per_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "empty.html"
    broken.write_bytes(b"")
    code, out, _ = run(
        capsys, "extract", "--url", "https://iz.example/news/1", str(FIXTURES / "izvestia_like_ru.html"), str(broken)
    )
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 1
    assert first.keys() >= EXTRACT_KEYS and "error" not in first
    assert len(first["headlines"]) == 17 and first["language"] == "ru"
    assert second["error"] == "empty page"


def test_entities_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Дональд Трамп прилетел в Токио. Трампа встретили."))
    code, out, _ = run(capsys, "entities")
    result = json.loads(out)
    assert code == 0 and result["path"] is None
    assert {(e["text"], e["canonical"]) for e in result["entities"] if e["type"] == "PER"} == {
        ("Дональд Трамп", "Дональд Трамп"),
        ("Трампа", "Дональд Трамп"),
    }


def test_scrape_a_loopback_site_from_a_sources_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with serve_sample_site() as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[sources]]\nname = "local"\nstart_urls = ["{site.base_url}/rss.xml"]\nrate_limit = 100\n')
        code, _, err = run(capsys, "scrape", "--sources", str(sources), "--max-pages", "5", "--db", str(db))
    assert code == 0, err
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    assert con.execute("SELECT count(*) FROM fetch_log WHERE kind = 'discovery'").fetchone() == (1,)


def test_import_loads_good_records_and_reports_bad_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    records = [
        {
            "url": "https://a.example/1",
            "title": "Санкции продлили",
            "body": "ЕС продлил санкции.",
            "published_at": "2026-09-01T10:00:00+03:00",
            "rubric": "Мир",
            "categories": ["politics"],
        },
        {"title": "no url"},
        {"url": "https://a.example/2", "title": "t", "body": "b", "published_at": "yesterday-ish"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n")
    code, _, err = run(capsys, "import", str(path), "--db", str(db))
    assert code == 1
    assert f"{path}:2: no http(s) url" in err and f"{path}:4: invalid JSON" in err
    code, _, _ = run(capsys, "build", "--skip-entities", "--db", str(db))
    assert code == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM import_errors").fetchone() == (3,)
    assert con.execute("SELECT published_at, published_offset_minutes FROM articles").fetchone()[1] == 180
    kinds = con.execute("SELECT topic_kind, topic FROM mart_topic_daily ORDER BY ALL").fetchall()
    assert kinds == [("category", "politics"), ("category", "world"), ("rubric", "Мир"), ("topic", "sanctions")]


def test_export_writes_parquet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run(capsys, "build", "--skip-entities", "--db", str(db))
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "out"), "--db", str(db))
    assert code == 0 and "wrote" in err
    assert (tmp_path / "out" / "articles.parquet").exists()


def test_errors_are_one_line_and_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "sql", "SELECT 1", "--db", str(tmp_path / "missing.duckdb"))
    assert code == 1 and err.count("\n") == 1 and "no warehouse" in err
    code, _, err = run(capsys, "scrape", "--sources", str(tmp_path / "nope.toml"), "--db", str(tmp_path / "w.duckdb"))
    assert code == 1 and "cannot read sources file" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["scrape"])
    assert exit_info.value.code == 2
