"""Serve the sample site on the loopback interface for the demo and the test-suite."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

from pipeline.fetch import FetchSettings
from pipeline.records import Source
from pipeline.sample_site.content import build_sample_site
from pipeline.sample_site.routes import Handler, Response, SiteApp

DEMO_RATE_LIMIT = 50.0
# The sample site is our own loopback server: its deliberate HTTP 500 page need not be retried at a public site's
# pace, which would make most of the demo's crawl a wait.
DEMO_FETCH_SETTINGS = FetchSettings(backoff_base=0.05)
# The sample site's public name (.test is reserved for testing and never resolves): links and canonical URLs use it,
# so article ids stay the same from one demo to the next although each serves on a new random port.
SAMPLE_PUBLIC_URL = "http://sample.newsdesk.test"


@dataclass(frozen=True)
class SiteServer:
    """A running sample site: where it listens, and the URL its pages call themselves by."""

    base_url: str
    public_url: str

    def mounts(self) -> dict[str, httpx.BaseTransport]:
        """httpx mounts that route requests for the public name to the loopback server (as an HTTP proxy)."""
        if self.public_url == self.base_url:
            return {}
        return {self.public_url: httpx.HTTPTransport(proxy=self.base_url)}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: SiteApp

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a crawler refusing a huge body) is normal here, not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients wait ~40 ms per page.
    disable_nagle_algorithm = True

    def _respond(self, *, with_body: bool) -> None:
        parts = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        response: Response = self.server.app.handle(parts.path, parse_qs(parts.query), headers)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body and response.body:
            try:
                self.wfile.write(response.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the test-suite and demo output should show the pipeline, not an access log."""


@contextmanager
def serve_sample_site(
    host: str = "127.0.0.1",
    port: int = 0,
    extra_routes: Mapping[str, Handler] | Callable[[str], Mapping[str, Handler]] | None = None,
    public_url: str | None = None,
) -> Iterator[SiteServer]:
    """Run the site in a background thread; its pages link to `public_url` (default: the loopback address).

    Port 0 lets the OS pick a free port so parallel test runs never collide. `extra_routes` adds or
    replaces paths, which is how fault endpoints (slow answers, redirects) are meant to be plugged in; given as a
    function it is called with the site's public URL, known only once the port is.
    Requests in absolute form (`GET http://sample.newsdesk.test/news/`, as a client sends to a proxy) are
    served too, which is how `SiteServer.mounts` reaches the site under its public name.
    """
    server = _Server((host, port), _RequestHandler)
    base_url = f"http://{host}:{server.server_address[1]}"
    site = SiteServer(base_url, (public_url or base_url).rstrip("/"))
    server.app = SiteApp(build_sample_site(), site.public_url)
    server.app.routes.update((extra_routes(site.public_url) if callable(extra_routes) else extra_routes) or {})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def sample_source(base_url: str) -> Source:
    """The sample site as a configured source: feed, sitemap and listing, so every discovery path is used."""
    base = base_url.rstrip("/")
    return Source(
        name="sample",
        start_urls=(f"{base}/rss.xml", f"{base}/sitemap.xml", f"{base}/news/"),
        rate_limit=DEMO_RATE_LIMIT,
    )
