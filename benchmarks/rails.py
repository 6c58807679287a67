"""Headline-rail quality on the hand-checked rail fixtures and the sample site, and rail + article speed.

    python benchmarks/rails.py [--repeat N] [--corpus-pages N]

Quality: per fixture in tests/fixtures/rails, then overall, title precision/recall/F1 (items matched on their
title), rubric accuracy and URL accuracy over the matched items; the same for the bundled sample site's article
pages (served on loopback). Speed: pages per second of `parse_page` (rail and article from one parse) against
`trafilatura.extract` (article only) on the same bytes: the fixtures, plus up to N real pages from
../shared/corpora/fundus when that folder is there, since real pages are much bigger than fixtures; the two take
turns, one pass over the pages each. trafilatura comes from the `bench` extra.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import trafilatura

from pipeline.parse import parse_page
from pipeline.parse.rails.score import RailScore, headlines_from_rows, score_rail
from pipeline.records import Headline
from pipeline.sample_site import build_sample_site, serve_sample_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "rails"
FUNDUS = ROOT / ".." / "shared" / "corpora" / "fundus"

Page = tuple[str, bytes, str | None, list[Headline]]


def fixture_pages() -> Iterator[Page]:
    for spec in sorted(FIXTURES.glob("*.json")):
        doc = json.loads(spec.read_text(encoding="utf-8"))
        yield spec.stem, spec.with_suffix(".html").read_bytes(), doc["url"], headlines_from_rows(doc["headlines"])


def sample_pages() -> list[Page]:
    site = build_sample_site()
    with serve_sample_site() as server, httpx.Client() as client:
        return [
            (article.path, client.get(url := article.url(server.base_url)).content, url, [*expected])
            for article in site.articles
            if len(expected := site.expected_headlines(article, server.base_url)) >= 4
        ]


def corpus_pages(limit: int) -> list[tuple[bytes, str]]:
    if limit <= 0 or not (FUNDUS / "index.json").exists():
        return []
    rows = json.loads((FUNDUS / "index.json").read_text(encoding="utf-8"))[:limit]
    return [(gzip.decompress((FUNDUS / row["html"]).read_bytes()), row["url"]) for row in rows]


def _line(name: str, score: RailScore) -> str:
    return (
        f"{name:<34}{score.expected:>5}{score.predicted:>6}{score.matched:>6}  "
        f"P {score.precision:5.3f}  R {score.recall:5.3f}  F1 {score.f1:5.3f}  "
        f"rubric {score.rubric_accuracy:5.3f}  url {score.url_accuracy:5.3f}"
    )


def quality(label: str, pages: list[Page], per_page: bool) -> None:
    total = RailScore()
    print(f"{label:<34}{'gold':>5}{'found':>6}{'match':>6}")
    for name, html, url, expected in pages:
        score = score_rail(expected, parse_page(html, url).headlines)
        total += score
        if per_page:
            print(_line(f"  {name}", score))
    print(_line(f"  all {len(pages)} pages", total))


def rates(
    workers: dict[str, Callable[[bytes, str | None], object]], pages: list[tuple[bytes, str | None]], repeat: int
) -> dict[str, float]:
    """Pages per second of each worker. They take turns, one pass over the pages each, `repeat` times: on a shared
    machine the load drifts, and timing all of one worker's passes before the other's would compare two loads."""
    seconds = dict.fromkeys(workers, 0.0)
    for _ in range(repeat):
        for name, work in workers.items():
            started = time.perf_counter()
            for html, url in pages:
                work(html, url)
            seconds[name] += time.perf_counter() - started
    return {name: repeat * len(pages) / spent for name, spent in seconds.items()}


def speed(label: str, pages: list[tuple[bytes, str | None]], repeat: int) -> None:
    workers = {"ours": parse_page, "theirs": lambda html, url: trafilatura.extract(html, url=url)}
    got = rates(workers, pages, repeat)
    ours, theirs = got["ours"], got["theirs"]
    print(
        f"{label:<34}{len(pages):>5} pages  parse_page {ours:8.1f} pages/s  "
        f"trafilatura.extract {theirs:7.1f} pages/s  ratio {ours / theirs:5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the pages for the speed figures")
    parser.add_argument("--corpus-pages", type=int, default=60, help="real fundus pages for the speed figure")
    args = parser.parse_args()
    fixtures = list(fixture_pages())
    sample = sample_pages()
    quality("rail fixtures", fixtures, per_page=True)
    quality("sample site", sample, per_page=False)
    print()
    speed("rail fixtures", [(html, url) for _, html, url, _ in fixtures], args.repeat)
    speed("sample site", [(html, url) for _, html, url, _ in sample], args.repeat)
    if real := corpus_pages(args.corpus_pages):
        speed("fundus real pages", [(html, url) for html, url in real], args.repeat)


if __name__ == "__main__":
    main()
