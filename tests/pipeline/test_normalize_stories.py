"""Near-duplicate clusters: copies of one story join it, different stories stay apart, and counts are exact."""

import random
from datetime import datetime, timedelta

import polars as pl

from pipeline.normalize import signatures, story_clusters
from pipeline.normalize.stories import SHINGLE_WORDS

WORDS = [f"слово{i}" for i in range(5000)]


def article(article_id: str, body: str, day: int, title: str = "Заголовок") -> dict[str, object]:
    return {
        "article_id": article_id,
        "content_hash": str(hash(title + body)),
        "title": title,
        "body": body,
        "published_at": datetime(2026, 3, 1) + timedelta(days=day),
    }


def rewrite(body: str, share: float, rng: random.Random) -> str:
    words = body.split(" ")
    for position in rng.sample(range(len(words)), int(len(words) * share)):
        words[position] = rng.choice(WORDS)
    return " ".join(words)


def shingles(text: str) -> set[tuple[str, ...]]:
    words = text.split(" ")
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def clusters_of(rows: list[dict[str, object]]) -> dict[str, tuple[str, str]]:
    frame = pl.DataFrame(rows)
    sketched = frame.select("article_id", "content_hash", "published_at").join(
        signatures(frame).select("article_id", "minhash"), on="article_id"
    )
    return {r["article_id"]: (r["story_id"], r["duplicate"]) for r in story_clusters(sketched).iter_rows(named=True)}


def test_copies_and_light_rewrites_join_the_earliest_article_and_other_stories_stay_apart() -> None:
    rng = random.Random(5)
    rows = []
    for story in range(300):
        body = " ".join(rng.choices(WORDS, k=120))
        rows.append(article(f"s{story}", body, day=story % 30))
        if story % 3 == 0:
            rows.append(article(f"s{story}-copy", body, day=story % 30 + 1))
        if story % 5 == 0:
            rows.append(article(f"s{story}-rewrite", rewrite(body, 0.05, rng), day=story % 30 + 2))
    got = clusters_of(rows)
    for story in range(300):
        assert got[f"s{story}"] == (f"s{story}", "original")
        if story % 3 == 0:
            assert got[f"s{story}-copy"] == (f"s{story}", "same_text")
        if story % 5 == 0:
            assert got[f"s{story}-rewrite"] == (f"s{story}", "near")
    assert len({story for story, _ in got.values()}) == 300


def test_texts_below_the_threshold_are_not_joined_and_short_texts_only_by_exact_copy() -> None:
    rng = random.Random(8)
    body = " ".join(rng.choices(WORDS, k=120))
    far = rewrite(body, 0.6, rng)
    assert len(shingles(body) & shingles(far)) / len(shingles(body) | shingles(far)) < 0.2
    rows = [
        article("a", body, 0),
        article("b", far, 1),
        article("c", "Коротко", 0, title=""),
        article("d", "Коротко", 1, title=""),
        article("e", "Иначе", 2, title=""),
    ]
    got = clusters_of(rows)
    assert got["b"] == ("b", "original")
    assert got["d"] == ("c", "same_text") and got["e"] == ("e", "original")
