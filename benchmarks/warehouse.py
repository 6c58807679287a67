"""Bulk import into the warehouse: N synthetic articles with known duplicates, imported, normalized, deduplicated.

    python benchmarks/warehouse.py [--n 100000 1000000] [--keep DIR]

Each N gets a JSON Lines file with ~2% URL duplicates (the same article under a tracking-parameter or trailing-slash
variant, with an updated title: the later record must win), ~2% same-text copies under other outlets' URLs, ~1%
lightly rewritten copies (5% of body words replaced), and a few bad records. The import runs in a child process
(the real `newsdesk import` command), so peak RSS is the command's own; then the same file is imported again and
must add 0 rows. Prints seconds, rows/s, peak RSS, DuckDB file size, the load average, and every duplicate count
against what was planted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import duckdb

SOURCES = [f"outlet{i}" for i in range(20)]
RUBRICS = ["Мир", "В мире", "World", "Политика", "Экономика", "Спорт", "Культура", "Наука", "Светская хроника"]


@dataclass
class Planted:
    records: int = 0
    base: int = 0
    url_duplicates: int = 0
    same_text: int = 0
    near: int = 0
    bad: int = 0


def _vocabulary(rng: random.Random) -> list[str]:
    syllables = ["ра", "ко", "ми", "ст", "ве", "ло", "ду", "на", "ты", "gre", "lin", "tor", "van", "mel", "sor"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(20_000)]


def _text(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choices(words, k=count))


def generate(path: Path, n: int, seed: int = 1) -> Planted:
    """Writes n records; the duplicates copy base articles chosen without overlap, so every count is exact."""
    rng = random.Random(seed)
    words = _vocabulary(rng)
    planted = Planted(records=n)
    planted.url_duplicates = planted.same_text = n // 50
    planted.near = n // 100
    planted.bad = max(n // 10_000, 4)
    planted.base = n - planted.url_duplicates - planted.same_text - planted.near - planted.bad
    start = datetime(2025, 1, 1, tzinfo=UTC)
    base: list[dict[str, object]] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(planted.base):
            source = SOURCES[i % len(SOURCES)]
            moment = start + timedelta(seconds=rng.randrange(0, 600 * 86400))
            offset = timedelta(hours=rng.choice((3, 0, -5)))
            paragraphs = "\n\n".join(_text(rng, words, rng.randint(25, 45)) for _ in range(3))
            record = {
                "url": f"https://www.{source}.example/news/{moment:%Y/%m/%d}/{i}",
                "title": _text(rng, words, 8),
                "body": paragraphs,
                "published_at": moment.astimezone(timezone(offset)).isoformat(),
                "rubric": rng.choice(RUBRICS),
                "source": source,
            }
            if i % 7 == 0:
                record["categories"] = ["politics"]
            if i < planted.url_duplicates + planted.same_text + planted.near:
                base.append(record)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        copies = iter(base)
        for k in range(planted.url_duplicates):
            record = dict(next(copies))
            variant = ("?utm_source=rss", "/", "#comments", "?utm_medium=x&fbclid=1")[k % 4]
            record["url"] = str(record["url"]).replace("https://www.", "https://WWW.") + variant
            record["title"] = f"{record['title']} (обновлено)"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for k in range(planted.same_text):
            record = dict(next(copies))
            record["url"] = f"https://copy{k % 5}.example/syndicated/{k}"
            record["source"] = f"copy{k % 5}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for k in range(planted.near):
            record = dict(next(copies))
            body = str(record["body"]).split(" ")
            for position in rng.sample(range(len(body)), len(body) // 20):
                body[position] = rng.choice(words)
            record.update(url=f"https://rewrite{k % 5}.example/a/{k}", source=f"rewrite{k % 5}", body=" ".join(body))
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for k in range(planted.bad):
            out.write(
                (
                    '{"title": "no url"}',
                    '{"url": "https://x.example/b", "published_at": "someday"}',
                    "{broken",
                    '{"url": 5}',
                )[k % 4]
                + "\n"
            )
    return planted


def run_import(db: Path, data: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "import", str(data), "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return time.perf_counter() - started, done.stderr.strip().splitlines()[-1]


def measure(n: int, folder: Path) -> None:
    data, db = folder / f"articles-{n}.jsonl", folder / f"warehouse-{n}.duckdb"
    started = time.perf_counter()
    planted = generate(data, n)
    megabytes = data.stat().st_size / 1e6
    print(f"\nN = {n:,}: generated {megabytes:,.0f} MB of JSON Lines in {time.perf_counter() - started:.1f} s")
    print(f"  planted: {planted}")
    load = os.getloadavg()[0]
    seconds, summary = run_import(db, data)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  import + normalize + dedup: {seconds:6.1f} s  {n / seconds:9,.0f} rows/s  peak RSS {rss:,.0f} MB")
    print(f"  (load average before: {load:.2f} on {os.cpu_count()} cores) {summary}")
    print(f"  DuckDB file: {db.stat().st_size / 1e6:,.0f} MB")
    again, summary = run_import(db, data)
    print(f"  second import: {again:6.1f} s  {summary}")
    con = duckdb.connect(str(db), read_only=True)
    articles, stories = con.execute(
        "SELECT count(*), count(DISTINCT story_id) FROM articles JOIN story_clusters USING (article_id)"
    ).fetchone()
    kinds = dict(con.execute("SELECT duplicate, count(*) FROM story_clusters GROUP BY 1").fetchall())
    same_hash = con.execute("SELECT count(*) - count(DISTINCT content_hash) FROM articles").fetchone()[0]
    updated = con.execute("SELECT count(*) FROM articles WHERE title LIKE '%(обновлено)'").fetchone()[0]
    errors = con.execute("SELECT count(*) FROM import_errors").fetchone()[0]
    con.close()
    expected_articles = planted.base + planted.same_text + planted.near
    print(
        f"  articles {articles:,} (expected {expected_articles:,}); "
        f"URL duplicates merged {n - planted.bad - articles:,} "
        f"(planted {planted.url_duplicates:,}), newest title kept on {updated:,}"
    )
    print(
        f"  same-text copies {same_hash:,} by content hash, {kinds.get('same_text', 0):,} in clusters "
        f"(planted {planted.same_text:,}); near copies clustered {kinds.get('near', 0):,} (planted {planted.near:,})"
    )
    print(f"  distinct stories {stories:,} (expected {planted.base:,}); bad records {errors} (planted {planted.bad})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.n:
            measure(n, folder)


if __name__ == "__main__":
    main()
