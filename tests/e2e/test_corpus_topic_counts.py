"""Topic counts against real dated corpora: every (day, category) count and share in mart_topic_daily must equal
what the raw files say. Skips when ../shared/corpora is not beside the project."""

import gzip
import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline import stages, warehouse
from pipeline.importer import import_paths
from pipeline.normalize import load_taxonomy, matching_key

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578"
TELEGRAM = CORPORA / "telegram-news-ru" / "raw"
STORY = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
REUTERS_DAY = re.compile(r"<DATE>\s*(\d{1,2}-[A-Z]{3}-\d{4})(?:\s+(\d{2}:\d{2}:\d{2}))?")


def reuters_records() -> list[dict[str, object]]:
    """Stories as import records: DATE → published_at (no zone given: UTC), TOPICS → categories."""
    records = []
    for path in sorted(REUTERS.glob("reut2-*.sgm.gz")):
        for newid, story in STORY.findall(gzip.decompress(path.read_bytes()).decode("latin-1")):
            day, clock = REUTERS_DAY.search(story).groups()
            moment = datetime.strptime(f"{day} {clock or '00:00:00'}", "%d-%b-%Y %H:%M:%S")
            topics = re.search(r"<TOPICS>(.*?)</TOPICS>", story, re.S).group(1)
            title = re.search(r"<TITLE>(.*?)</TITLE>", story, re.S)
            body = re.search(r"<BODY>(.*?)</BODY>", story, re.S)
            records.append(
                {
                    "url": f"https://reuters.example/article/{newid}",
                    "published_at": moment.isoformat(),
                    "title": title.group(1) if title else None,
                    "body": body.group(1) if body else None,
                    "categories": re.findall(r"<D>(.*?)</D>", topics),
                    "source": "reuters",
                }
            )
    return records


def telegram_records() -> list[dict[str, object]]:
    records = []
    for path in sorted(TELEGRAM.glob("*_messages.json.gz")):
        for post in json.loads(gzip.decompress(path.read_bytes())):
            records.append(
                {
                    "url": f"https://t.me/c/{abs(post['sender_id'])}/{post['message_id']}",
                    "published_at": post["date"],
                    "title": None,
                    "body": post["text"],
                    "categories": [post["category"]],
                    "source": post["channel"],
                }
            )
    return records


def expected_counts(records: list[dict[str, object]]) -> dict[tuple[date, str], tuple[int, float]]:
    """Counted straight from the records: the taxonomy maps a label the way it maps a rubric."""
    mapping = load_taxonomy().rubric_to_category
    per_day: dict[date, set[str]] = defaultdict(set)
    per_category: dict[tuple[date, str], set[str]] = defaultdict(set)
    for record in records:
        moment = datetime.fromisoformat(str(record["published_at"]))
        day = (moment.astimezone(UTC) if moment.tzinfo else moment).date()
        per_day[day].add(str(record["url"]))
        for label in record["categories"]:  # type: ignore[union-attr]
            per_category[(day, mapping.get(matching_key(label), matching_key(label)))].add(str(record["url"]))
    return {key: (len(urls), len(urls) / len(per_day[key[0]])) for key, urls in per_category.items()}


def mart_counts(records: list[dict[str, object]], tmp_path: Path) -> dict[tuple[date, str], tuple[int, float]]:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    con = warehouse.connect(tmp_path / "w.duckdb")
    report = import_paths(con, [path])
    assert report.errors == []
    stages.build_models(con)
    rows = con.execute(
        "SELECT day, topic, articles, share FROM mart_topic_daily WHERE topic_kind = 'category'"
    ).fetchall()
    con.close()
    return {(day, topic): (n, share) for day, topic, n, share in rows}


def assert_same(mart: dict, expected: dict) -> None:
    assert mart.keys() == expected.keys()
    for key, (count, share) in expected.items():
        assert mart[key][0] == count, key
        assert mart[key][1] == pytest.approx(share), key


@pytest.mark.skipif(not REUTERS.exists(), reason="../shared/corpora/reuters21578 is not beside the project")
def test_reuters_category_counts_per_day_match_the_sgml(tmp_path: Path) -> None:
    records = reuters_records()
    assert len(records) == 15000
    assert_same(mart_counts(records, tmp_path), expected_counts(records))


@pytest.mark.skipif(not TELEGRAM.exists(), reason="../shared/corpora/telegram-news-ru is not beside the project")
def test_telegram_category_counts_per_day_match_the_json(tmp_path: Path) -> None:
    records = telegram_records()
    assert len(records) == 15469
    assert_same(mart_counts(records, tmp_path), expected_counts(records))
