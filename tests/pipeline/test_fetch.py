"""The fetcher against a real HTTP server on 127.0.0.1 with fault endpoints."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.crawler.guard import AddressPolicy
from pipeline.fetch import Fetcher, FetchSettings

HITS: dict[str, int] = {}


class FaultHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        HITS[self.path] = HITS.get(self.path, 0) + 1
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/flaky":
            self._send(500, b"oops") if HITS[self.path] == 1 else self._send(200, b"<html>ok</html>")
        elif self.path == "/busy":
            self._send(503, b"busy", headers={"Retry-After": "0"})
        elif self.path == "/gone":
            self._send(404, b"no")
        elif self.path == "/huge":
            self._send(200, b"x" * 3_000_000)
        elif self.path == "/loop":
            self._send(302, b"", headers={"Location": "/loop"})
        else:
            self._send(200, b"<html><body>fine</body></html>")


@pytest.fixture()
def server() -> Iterator[str]:
    HITS.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FaultHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetcher(**overrides: object) -> Fetcher:
    settings = {"backoff_base": 0.01, "default_rate_limit": 1000.0, "max_bytes": 1_000_000, **overrides}
    return Fetcher(FetchSettings(**settings), policy=AddressPolicy(["127.0.0.1"]))  # type: ignore[arg-type]


def test_a_500_is_retried_until_it_succeeds(server: str) -> None:
    with fetcher() as f:
        outcome = f.fetch(f"{server}/flaky")
    assert outcome.ok
    robots, *attempts = outcome.attempts
    assert robots.kind == "robots" and robots.status == 200
    assert [(a.status, a.attempt) for a in attempts] == [(500, 1), (200, 2)]
    assert attempts[0].error == "HTTP 500 Internal Server Error"
    assert outcome.response is not None and outcome.response.body == b"<html>ok</html>"


def test_404_is_not_retried_and_retry_after_is_honoured(server: str) -> None:
    with fetcher() as f:
        gone = f.fetch(f"{server}/gone")
        busy = f.fetch(f"{server}/busy")
    assert [a.status for a in gone.attempts if a.kind == "page"] == [404] and not gone.ok
    assert [a.status for a in busy.attempts] == [503, 503, 503]


def test_robots_disallow_is_respected_without_a_request(server: str) -> None:
    with fetcher() as f:
        outcome = f.fetch(f"{server}/private/page")
    assert outcome.attempts[-1].error == "disallowed by robots.txt"
    assert "/private/page" not in HITS and HITS["/robots.txt"] == 1


def test_body_over_the_cap_and_redirect_loops_are_clear_errors(server: str) -> None:
    with fetcher() as f:
        huge = f.fetch(f"{server}/huge")
        loop = f.fetch(f"{server}/loop")
    assert huge.attempts[-1].error == "body over 977 KB"
    assert huge.response is None
    assert loop.attempts[-1].error == "redirect loop"
    assert HITS["/loop"] == 1


def test_requests_to_one_host_are_spaced_by_the_rate_limit(server: str) -> None:
    with fetcher(default_rate_limit=20.0) as f:
        f.fetch(f"{server}/a")
        started = time.monotonic()
        for path in ("/b", "/c", "/d"):
            f.fetch(f"{server}{path}")
        elapsed = time.monotonic() - started
    assert elapsed >= 3 * (1 / 20.0) * 0.9


def test_non_http_urls_are_refused(server: str) -> None:
    with fetcher() as f:
        assert f.fetch("file:///etc/passwd").attempts[0].error == "only http and https URLs are fetched"
