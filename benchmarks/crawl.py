"""Crawler benchmark on loopback: politeness efficiency, raw throughput beside Scrapy, memory on a 20 MB page.

    python benchmarks/crawl.py [--hosts 4] [--rate 20] [--pages 100] [--raw-pages 2000]

The sites are `pipeline.sample_site.flat` servers in their own process (one per 127.0.0.x address), so the server
does not compete with the crawler for the GIL and request arrivals are timed where a site operator would time them.
Scrapy comes from the `bench` extra (`pip install -e ".[bench]"`); without it the comparison line says so.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pipeline.archive import WarcArchive
from pipeline.crawl import crawl, page_canonical
from pipeline.crawler.guard import AddressPolicy
from pipeline.fetch import Fetcher, FetchSettings
from pipeline.records import Source
from pipeline.urls import host_of

GAP_TOLERANCE = 0.002  # seconds of arrival jitter forgiven before a gap counts as a rate violation

SCRAPY_SPIDER = textwrap.dedent(
    """
    import json, sys
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    class Flat(SitemapSpider):
        name = "flat"
        sitemap_urls = [sys.argv[1]]

        def parse(self, response):
            yield {"url": response.url, "bytes": len(response.body)}

    process = CrawlerProcess(settings={
        "LOG_LEVEL": "ERROR", "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": int(sys.argv[2]), "CONCURRENT_REQUESTS_PER_DOMAIN": int(sys.argv[2]),
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "COOKIES_ENABLED": False,
    })
    crawler = process.create_crawler(Flat)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("item_scraped_count", 0), "seconds": stats["elapsed_time_seconds"]}))
    """
)


@contextmanager
def flat_server(hosts: list[str], pages: int) -> Iterator[tuple[list[str], dict[str, list]]]:
    """Serve flat sites in a child process; the hits dict fills in when the block ends."""
    command = [sys.executable, "-m", "pipeline.sample_site.flat", "--hosts", *hosts, "--pages", str(pages)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    hits: dict[str, list] = {}
    try:
        yield json.loads(child.stdout.readline()), hits
        child.stdin.close()
        hits.update(json.loads(child.stdout.readline()))
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()


def _violations(hits: list, interval: float, cap: int) -> tuple[int, int, float]:
    """(gaps shorter than the interval, moments over the concurrency cap, the shortest gap) for one host."""
    events = sorted([(a, 1) for _, a, _ in hits] + [(d, -1) for _, _, d in hits], key=lambda e: (e[0], e[1]))
    active = over = 0
    for _, step in events:
        active += step
        over += active > cap
    short, shortest = _short_gaps([arrived for _, arrived, _ in hits], interval)
    return short, over, shortest


def _short_gaps(stamps: list[float], interval: float) -> tuple[int, float]:
    """(gaps shorter than the interval less the tolerance, the shortest gap) between sorted send times."""
    gaps = [b - a for a, b in itertools.pairwise(sorted(stamps))]
    return sum(gap < interval - GAP_TOLERANCE for gap in gaps), min(gaps, default=0.0)


def _record_sends(fetcher: Fetcher) -> dict[str, list[float]]:
    """Stamp each request when the limiter lets it go, on the crawler's side.

    Server arrival stamps also carry the loopback stack's and the server's scheduling delays, which a loaded 2-core
    machine stretches and squeezes by tens of milliseconds; the send stamps show what the crawler itself did.
    """
    sends: dict[str, list[float]] = {}
    space = fetcher.limiter.space

    def stamped(host: str) -> None:
        space(host)
        sends.setdefault(host, []).append(time.monotonic())

    fetcher.limiter.space = stamped  # type: ignore[method-assign]
    return sends


def _window_violations(hits: list, rate: float) -> int:
    """One-second windows (starting at each arrival) holding more than `rate` requests: the limit as a rate."""
    arrivals = sorted(arrived for _, arrived, _ in hits)
    return sum(bisect.bisect_left(arrivals, start + 1.0) - i > rate for i, start in enumerate(arrivals))


def politeness(host_count: int, rate: float, pages: int) -> None:
    hosts = [f"127.0.0.{i}" for i in range(2, 2 + host_count)]
    settings = FetchSettings(host_concurrency=2, workers=8)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        # One server process per host: in one process the hosts' threads would delay each other's arrival stamps.
        served = [stack.enter_context(flat_server([host], pages)) for host in hosts]
        bases = [base for site_bases, _ in served for base in site_bases]
        sources = [Source(host_of(base), (f"{base}/sitemap.xml",), rate) for base in bases]
        with WarcArchive(Path(folder)) as archive, Fetcher(settings, archive=archive) as fetcher:
            sends = _record_sends(fetcher)
            started = time.perf_counter()
            results = crawl(sources, fetcher, archive)
            elapsed = time.perf_counter() - started
    hits = {url: log for _, site_hits in served for url, log in site_hits.items()}
    fetched = sum(len(r.pages) for r in results.values())
    requests = sum(len(h) for h in hits.values())
    checks = [_violations(h, 1 / rate, settings.host_concurrency) for h in hits.values()]
    ideal = host_count * rate
    print(f"politeness: {host_count} hosts x {rate:g} req/s, {pages} pages each, {elapsed:.2f} s")
    print(f"  requests/s {requests / elapsed:8.1f}   ideal {ideal:6.1f}   efficiency {requests / elapsed / ideal:.3f}")
    print(f"  pages/s    {fetched / elapsed:8.1f}   ({fetched} pages; robots.txt and sitemaps use the other slots)")
    print(
        f"  server-side arrivals: gaps < 1/r - {GAP_TOLERANCE * 1000:g} ms {sum(c[0] for c in checks)}, "
        f"concurrency violations {sum(c[1] for c in checks)}, shortest gap {min(c[2] for c in checks) * 1000:.1f} ms "
        f"(interval {1000 / rate:.1f} ms)"
    )
    sent = [_short_gaps(stamps, 1 / rate) for stamps in sends.values()]
    print(
        f"  crawler-side sends: gaps < 1/r - {GAP_TOLERANCE * 1000:g} ms {sum(c[0] for c in sent)}, "
        f"shortest gap {min(c[1] for c in sent) * 1000:.1f} ms"
    )
    windows = sum(_window_violations(h, rate) for h in hits.values())
    print(f"  one-second windows with more than {rate:g} requests at a host: {windows}")


def throughput(pages: int, concurrency: int) -> None:
    settings = FetchSettings(default_rate_limit=1e6, host_concurrency=concurrency, workers=concurrency)
    with flat_server(["127.0.0.20"], pages) as (bases, _), tempfile.TemporaryDirectory() as folder:
        source = Source("raw", (f"{bases[0]}/sitemap.xml",), 1e6)
        with WarcArchive(Path(folder)) as archive, Fetcher(settings, archive=archive) as fetcher:
            started = time.perf_counter()
            fetched = len(crawl([source], fetcher, archive)["raw"].pages)
            elapsed = time.perf_counter() - started
        print(f"raw throughput, limits lifted, {concurrency} in flight, one host:")
        print(f"  newsdesk (fetch + WARC archive) {fetched / elapsed:8.1f} pages/s  ({fetched} pages, {elapsed:.2f} s)")
        script = Path(folder) / "spider.py"
        script.write_text(SCRAPY_SPIDER)
        run = subprocess.run(
            [sys.executable, str(script), f"{bases[0]}/sitemap.xml", str(concurrency)], capture_output=True, text=True
        )
    if run.returncode != 0:
        print(f"  scrapy: not run ({run.stderr.strip().splitlines()[-1] if run.stderr else 'failed'})")
        return
    scrapy = json.loads(run.stdout.strip().splitlines()[-1])
    rate = scrapy["pages"] / scrapy["seconds"]
    print(
        f"  scrapy (fetch only, no archive)  {rate:8.1f} pages/s  ({scrapy['pages']} pages, {scrapy['seconds']:.2f} s)"
    )
    print(f"  newsdesk / scrapy {fetched / elapsed / rate:.2f}")


def _rss_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak_rss() -> None:
    """Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5")


def memory_child(base: str, max_bytes: int) -> None:
    """In a fresh process: peak RSS before and after one 20 MB page, fetched, archived and its head read."""
    settings = FetchSettings(max_bytes=max_bytes, default_rate_limit=1000.0)
    policy = AddressPolicy([host_of(base)])
    with tempfile.TemporaryDirectory() as folder, WarcArchive(Path(folder)) as archive:
        fetcher = Fetcher(settings, archive=archive, policy=policy)
        fetcher.fetch(f"{base}/p/0").close()
        _reset_peak_rss()
        before = _rss_mb("VmRSS")
        outcome = fetcher.fetch(f"{base}/huge")
        if outcome.response is not None:
            page_canonical(outcome.response)
        outcome.close()
        after = _rss_mb("VmHWM")
        fetcher.client.close()
    print(json.dumps({"before": before, "after": after, "error": outcome.attempts[-1].error}))


def memory() -> None:
    with flat_server(["127.0.0.30"], 1) as (bases, _):
        print("memory: one 20 MB page")
        for label, cap in (
            ("cap lifted to 32 MB: fetched and archived", 32 * 2**20),
            ("default 10 MB cap", 10 * 2**20),
        ):
            run = subprocess.run(
                [sys.executable, __file__, "--memory-child", bases[0], str(cap)], capture_output=True, text=True
            )
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            growth = figures["after"] - figures["before"]
            outcome = figures["error"] or "ok"
            peak = f"({figures['before']:.0f} -> {figures['after']:.0f} MB)"
            print(f"  {label:<44} peak RSS +{growth:5.1f} MB {peak}, {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second allowed per host")
    parser.add_argument("--pages", type=int, default=100, help="pages per host in the politeness run")
    parser.add_argument("--raw-pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight in the raw throughput run")
    parser.add_argument("--memory-child", nargs=2, metavar=("BASE_URL", "MAX_BYTES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child[0], int(args.memory_child[1]))
        return
    politeness(args.hosts, args.rate, args.pages)
    throughput(args.raw_pages, args.concurrency)
    memory()


if __name__ == "__main__":
    main()
