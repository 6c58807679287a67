"""Per-host politeness across crawlers that share nothing but PostgreSQL, measured on the server side."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg

from pipeline.archive import WarcArchive
from pipeline.crawl import crawl
from pipeline.crawler.shared_limits import PostgresHostGate
from pipeline.fetch import Fetcher, FetchSettings
from pipeline.sample_site.flat import FlatSite, serve_flat_sites

TOLERANCE = 0.012  # arrival jitter on a busy 2-core machine, as in tests/pipeline/test_crawl_politeness.py


def assert_spaced(gaps: list[float], interval: float) -> None:
    """A request released on time may still reach the server up to an interval late on a loaded machine and bunch
    with the next, so single gaps prove little; any four consecutive gaps must cover three intervals (two
    uncoordinated crawlers cover about two), and on average the host is never sent to faster than its rate."""
    assert all(sum(gaps[i : i + 4]) >= 3 * interval - TOLERANCE for i in range(len(gaps) - 3)), gaps
    assert sum(gaps) >= len(gaps) * interval - TOLERANCE, gaps


def crawl_as_separate_crawlers(tmp_path: Path, sites: list[FlatSite], dsn: str, rate: float, crawlers: int) -> None:
    """`crawlers` independent crawls of the same sites at once, each with its own limiter, archive and connections."""

    def one(index: int) -> None:
        folder = tmp_path / f"crawler-{index}"
        with (
            PostgresHostGate(dsn) as gate,
            WarcArchive(folder) as archive,
            Fetcher(FetchSettings(), archive=archive) as fetcher,
        ):
            fetcher.limiter.shared = gate
            results = crawl([site.source(rate, f"{site.host}-{index}") for site in sites], fetcher, archive)
        assert all(len(result.pages) == sites[0].pages for result in results.values())

    threads = [threading.Thread(target=one, args=(index,)) for index in range(crawlers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_two_crawlers_of_one_host_keep_its_rate_between_them(tmp_path: Path, postgres_dsn: str) -> None:
    with serve_flat_sites(["127.0.0.1", "127.0.0.2"], pages=8) as sites:
        started = time.monotonic()
        crawl_as_separate_crawlers(tmp_path, sites, postgres_dsn, rate=20.0, crawlers=2)
        elapsed = time.monotonic() - started
    for site in sites:
        assert len(site.hits) == 20  # each crawler: robots.txt, the sitemap, 8 pages
        assert_spaced(site.gaps(), 0.05)
    # 20 requests to each host at 20/s take at least 19 intervals: the crawlers queued behind each other.
    assert elapsed >= 19 * 0.05 - TOLERANCE
    with psycopg.connect(postgres_dsn) as con:
        hosts = {host for (host,) in con.execute("SELECT host FROM newsdesk_host_limits")}
    assert hosts == {"127.0.0.1", "127.0.0.2"}


def test_in_flight_requests_are_capped_across_crawlers(tmp_path: Path, postgres_dsn: str) -> None:
    with serve_flat_sites(["127.0.0.1"], pages=6, answer_after=0.15) as sites:
        crawl_as_separate_crawlers(tmp_path, sites, postgres_dsn, rate=1000.0, crawlers=3)
    # Each crawler alone may have 2 requests in flight; three of them still hold the host to 2.
    assert sites[0].peak_in_flight == 2


def test_a_pause_one_crawler_hears_holds_for_every_crawler(postgres_dsn: str) -> None:
    with PostgresHostGate(postgres_dsn) as first, PostgresHostGate(postgres_dsn) as second:
        first.pause("news.example", 0.3)
        started = time.monotonic()
        second.before_send("news.example", 0.01)
        second.after_response("news.example")
    assert time.monotonic() - started >= 0.3 - TOLERANCE
