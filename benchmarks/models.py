"""Build time of the SQL models over N synthetic articles, and of an incremental build after 10k more arrive.

    python benchmarks/models.py --articles 1000000 [--articles 5000000] [--keep DIR]

With --keep the generated warehouses stay in DIR and later runs reuse them.

The synthetic warehouse is generated in DuckDB itself (a year of days, 40 sources, 12 rubrics, 20,000 entities
with a skewed popularity, five entity mentions and about one configured topic per article, 2% of articles in
same-text or near-duplicate story clusters), so the figure is the models' cost, not the generator's. Prints
seconds per model, total, and the peak RSS of the generator and of the builds, each in a process of its own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from pipeline import warehouse
from pipeline.incremental import build_incrementally
from pipeline.sql_models import load_models

RUBRICS = [
    "Мир",
    "Политика",
    "Экономика",
    "Общество",
    "Армия",
    "Происшествия",
    "Культура",
    "Спорт",
    "World",
    "Politics",
    "Business",
    "Science",
]
CATEGORIES = [
    "world",
    "politics",
    "economy",
    "society",
    "military",
    "incidents",
    "culture",
    "sport",
    "world",
    "politics",
    "economy",
    "science",
]


def generate(con: duckdb.DuckDBPyConnection, first: int, count: int, days: int = 365, first_day: int = 0) -> None:
    """Articles numbered first .. first+count-1 with their categories, entities and topics."""
    con.execute(
        f"""
        INSERT INTO articles BY NAME
        SELECT
            'a' || i AS article_id,
            'source-' || (hash(i) % 40) AS source,
            'https://s.example/' || i AS url,
            'https://s.example/' || i AS canonical_url,
            'title ' || i AS title,
            TIMESTAMP '2025-01-01' + to_days({first_day})
                + to_seconds(CAST(hash(i * 7) % ({days} * 86400) AS BIGINT)) AS published_at,
            0 AS published_offset_minutes,
            ['ru', 'en'][1 + CAST(hash(i) % 2 AS INTEGER)] AS language,
            $rubrics[1 + CAST(hash(i * 3) % 12 AS INTEGER)] AS rubric,
            $categories[1 + CAST(hash(i * 3) % 12 AS INTEGER)] AS category,
            [] AS authors, [] AS tags,
            CASE WHEN i % 50 = 0 THEN 'dup' || (i // 100) ELSE md5(CAST(i AS VARCHAR)) END AS content_hash,
            now()::TIMESTAMP AS first_seen, now()::TIMESTAMP AS last_seen
        FROM range({first}, {first + count}) t(i)
        """,
        {"rubrics": RUBRICS, "categories": CATEGORIES},
    )
    con.execute(
        f"""
        INSERT INTO article_categories
        SELECT 'a' || i, $categories[1 + CAST(hash(i * 3) % 12 AS INTEGER)] FROM range({first}, {first + count}) t(i)
        """,
        {"categories": CATEGORIES},
    )
    con.execute(
        f"""
        INSERT OR IGNORE INTO article_entities
        SELECT 'a' || i, 'e' || CAST(floor(pow(hash(i * 11 + k) % 1000000 / 1000000.0, 3) * 20000) AS INTEGER),
               1, 0, false
        FROM range({first}, {first + count}) t(i), range(5) r(k)
        """
    )
    con.execute(
        f"""
        INSERT INTO story_clusters
        SELECT 'a' || i,
               'a' || CASE WHEN i % 50 = 0 THEN i // 100 * 100 WHEN i % 50 = 25 THEN i - 25 ELSE i END,
               CASE WHEN i % 100 = 50 THEN 'same_text' WHEN i % 50 = 25 THEN 'near' ELSE 'original' END,
               CASE WHEN i % 50 = 25 THEN 0.8 ELSE 1.0 END
        FROM range({first}, {first + count}) t(i)
        """
    )
    con.execute(
        f"""
        INSERT INTO article_topics
        SELECT 'a' || i, 'topic-' || (hash(i * 13) % 8), ['keyword:x']
        FROM range({first}, {first + count}) t(i) WHERE hash(i * 17) % 10 < 9
        """
    )


def build(con: duckdb.DuckDBPyConnection, label: str, full: bool = False) -> float:
    started = time.perf_counter()
    report = build_incrementally(con, load_models(), full=full)
    total = time.perf_counter() - started
    for name, (how, rows) in report.items():
        print(f"  {name:<30}{how:<12}{rows:>12,} rows written")
    print(f"{label}: {total:.2f} s")
    return total


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_warehouse(db: Path, articles: int) -> None:
    con = warehouse.connect(db)
    started = time.perf_counter()
    generate(con, 0, articles)
    con.execute(
        "INSERT INTO entities SELECT 'e' || i, 'Entity ' || i, ['PER', 'ORG', 'LOC'][1 + i % 3] FROM range(20000) t(i)"
    )
    con.close()
    print(f"\n{articles:,} synthetic articles generated in {time.perf_counter() - started:.1f} s")
    print(f"peak RSS of the generator: {_peak_rss_mb():,.0f} MB")


def build_warehouse(db: Path, articles: int) -> None:
    con = warehouse.connect(db)
    build(con, f"full build over {articles:,} articles")
    generate(con, articles, 10_000, days=7, first_day=366)
    build(con, "incremental build after 10,000 more articles (the week after)")
    build(con, "full rebuild for comparison", full=True)
    con.close()
    print(f"DuckDB file: {db.stat().st_size / 1e9:.2f} GB")
    print(f"peak RSS of the builds: {_peak_rss_mb():,.0f} MB")


def in_own_process(target: Callable[[Path, int], None], db: Path, articles: int) -> None:
    """A fresh process per phase, so the builds' peak RSS is theirs, not the generator's (as in production, where
    imports and `newsdesk build` are separate runs)."""
    process = multiprocessing.get_context("spawn").Process(target=target, args=(db, articles))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"{target.__name__} failed with exit code {process.exitcode}")


def run(articles: int, folder: Path) -> None:
    """The builds run on a copy, so a kept generated warehouse (--keep) starts every later run from the same state."""
    generated = folder / f"models-{articles}-generated.duckdb"
    if generated.exists():
        print(f"\nreusing {generated} (delete it to regenerate)")
    else:
        in_own_process(generate_warehouse, generated, articles)
    db = folder / f"models-{articles}.duckdb"
    shutil.copyfile(generated, db)
    in_own_process(build_warehouse, db, articles)
    db.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="repeatable; default 1,000,000")
    parser.add_argument("--keep", type=Path, help="keep the generated warehouses in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for count in args.articles or [1_000_000]:
            run(count, folder)


if __name__ == "__main__":
    main()
