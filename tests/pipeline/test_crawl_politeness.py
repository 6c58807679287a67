"""Politeness measured on the server side: spacing of requests per host, concurrency per host, hosts in parallel."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from pipeline.archive import WarcArchive
from pipeline.crawl import crawl
from pipeline.fetch import Fetcher, FetchSettings
from pipeline.sample_site.flat import FlatSite, serve_flat_sites

TOLERANCE = 0.012  # arrival jitter on a busy 2-core machine; the crawler spaces request starts exactly


def assert_spaced(gaps: list[float], interval: float) -> None:
    """Requests spaced by `interval`, as far as arrival stamps can tell on a loaded machine.

    The server stamps an arrival when its thread gets the CPU: one late stamp shortens the gap after it by as
    much as it lengthened the gap before. So single gaps get a fifth of an interval of slack, while every pair
    of consecutive gaps must span two intervals (a crawler that sends early fails that, a late stamp does not).
    """
    assert min(gaps) >= 0.8 * interval, gaps
    assert all(a + b >= 2 * interval - TOLERANCE for a, b in itertools.pairwise(gaps)), gaps


def run(tmp_path: Path, sites: list[FlatSite], rate: float, **settings: float | int) -> float:
    started = time.monotonic()
    with WarcArchive(tmp_path / "warc") as archive, Fetcher(FetchSettings(**settings), archive=archive) as fetcher:  # type: ignore[arg-type]
        results = crawl([site.source(rate) for site in sites], fetcher, archive)
    assert all(len(r.pages) == sites[0].pages for r in results.values())
    return time.monotonic() - started


def test_each_host_gets_its_rate_while_hosts_are_fetched_at_once(tmp_path: Path) -> None:
    with serve_flat_sites(["127.0.0.1", "127.0.0.2"], pages=8) as sites:
        elapsed = run(tmp_path, sites, rate=10.0)
    for site in sites:
        assert len(site.hits) == 10  # robots.txt, the sitemap, 8 pages
        assert_spaced(site.gaps(), 0.1)
    assert elapsed >= 0.9 - TOLERANCE  # one host alone needs 9 intervals
    # Hosts are crawled at once: each host's requests start before the other host's last one, not after it.
    windows = [(min(a for _, a, _ in site.hits), max(a for _, a, _ in site.hits)) for site in sites]
    assert max(start for start, _ in windows) < min(end for _, end in windows)


def test_robots_crawl_delay_wins_when_stricter(tmp_path: Path) -> None:
    with serve_flat_sites(["127.0.0.1"], pages=3, crawl_delay=0.25) as sites:
        run(tmp_path, sites, rate=100.0)
    # The first gap follows robots.txt, read before its Crawl-delay was known; every later one honours it.
    assert_spaced(sites[0].gaps()[1:], 0.25)


def test_sources_sharing_a_host_share_its_limit(tmp_path: Path) -> None:
    with serve_flat_sites(["127.0.0.1"], pages=6) as sites:
        site = sites[0]
        sources = [site.source(10.0, "a"), site.source(10.0, "b")]
        with WarcArchive(tmp_path) as archive, Fetcher(FetchSettings(), archive=archive) as fetcher:
            crawl(sources, fetcher, archive)
    assert len(site.hits) >= 12
    assert_spaced(site.gaps(), 0.1)


def test_concurrency_per_host_is_capped(tmp_path: Path) -> None:
    with serve_flat_sites(["127.0.0.1"], pages=12, answer_after=0.1) as sites:
        run(tmp_path, sites, rate=1000.0, host_concurrency=2, workers=6)
    assert sites[0].peak_in_flight == 2
