"""A flat loopback site that records when each request arrived: the ground truth for politeness tests and benchmarks.

One server per host address (127.0.0.x are all loopback on Linux), each with a robots.txt, a sitemap of `pages`
article pages, a 20 MB page at `/huge`, and a log of (path, arrival, departure) taken on the server side, so rate
and concurrency limits are measured where a site operator would measure them, not where the crawler believes it
sent requests.

Run as a script it serves in its own process (for benchmarks, so the server does not share the crawler's GIL) and
prints its hits as JSON when stdin closes: `python -m pipeline.sample_site.flat --hosts 127.0.0.2 --pages 100`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pipeline.records import Source

HUGE_BYTES = 20 * 1024 * 1024


@dataclass
class FlatSite:
    host: str
    pages: int
    crawl_delay: float | None = None
    page_bytes: int = 4000
    answer_after: float = 0.0
    hits: list[tuple[str, float, float]] = field(default_factory=list)
    peak_in_flight: int = 0
    base_url: str = ""
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            delay = f"Crawl-delay: {self.crawl_delay:g}\n" if self.crawl_delay else ""
            return 200, "text/plain", f"User-agent: *\nDisallow: /private/\n{delay}".encode()
        if path == "/sitemap.xml":
            urls = "".join(f"<url><loc>{self.base_url}/p/{i}</loc></url>" for i in range(self.pages))
            xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            return 200, "application/xml", xml.encode()
        if path == "/huge":
            return 200, "text/html; charset=utf-8", b"<!doctype html><html><body>" + b"x" * HUGE_BYTES
        if path.startswith("/p/"):
            filler = "Текст новости о погоде и политике. " * (self.page_bytes // 60)
            html = (
                f"<!doctype html><html lang='ru'><head><title>Страница {path}</title></head><body><article>"
                f"<h1>Новость номер {path[3:]} на тестовом сайте</h1><p>{filler}</p></article></body></html>"
            )
            return 200, "text/html; charset=utf-8", html.encode()
        return 404, "text/plain", b"no"

    def enter(self) -> float:
        with self._lock:
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        return time.monotonic()

    def leave(self, path: str, arrived: float) -> None:
        with self._lock:
            self._in_flight -= 1
            self.hits.append((path, arrived, time.monotonic()))

    def gaps(self) -> list[float]:
        """Seconds between consecutive request arrivals at this host."""
        arrivals = sorted(arrived for _, arrived, _ in self.hits)
        return [b - a for a, b in itertools.pairwise(arrivals)]

    def source(self, rate_limit: float, name: str | None = None) -> Source:
        return Source(name or self.host, (f"{self.base_url}/sitemap.xml",), rate_limit)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        arrived = site.enter()
        try:
            if site.answer_after:
                time.sleep(site.answer_after)
            status, content_type, body = site.body(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            site.leave(self.path, arrived)

    def log_message(self, format: str, *args: object) -> None:
        """Silent, like the sample site."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: FlatSite

    def handle_error(self, request: object, client_address: object) -> None:
        """A crawler hanging up on a body over its cap is expected here, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_flat_sites(hosts: list[str], pages: int, **options: float | int | None) -> Iterator[list[FlatSite]]:
    """One FlatSite per host address, each on a free port, served from background threads."""
    with ExitStack() as stack:
        sites = []
        for host in hosts:
            server = _Server((host, 0), _Handler)
            site = FlatSite(host, pages, **options)  # type: ignore[arg-type]
            site.base_url = f"http://{host}:{server.server_address[1]}"
            server.site = site
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            stack.callback(thread.join)
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            sites.append(site)
        yield sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", nargs="+", default=["127.0.0.1"])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--page-bytes", type=int, default=4000)
    args = parser.parse_args()
    with serve_flat_sites(args.hosts, args.pages, page_bytes=args.page_bytes) as sites:
        print(json.dumps([site.base_url for site in sites]), flush=True)
        sys.stdin.read()
        print(json.dumps({site.base_url: site.hits for site in sites}), flush=True)


if __name__ == "__main__":
    main()
