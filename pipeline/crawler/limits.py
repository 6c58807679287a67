"""Per-host politeness shared by every worker thread and every source of one crawl.

A host's limit is a minimum interval between request starts (1/rate, or robots.txt's Crawl-delay when stricter)
and a cap on requests in flight. Sources that share a host share its state, and the strictest setting wins, so two
sources on one site never add up to twice the allowed rate. Crawlers in several processes add a `SharedHostGate`
(`pipeline.crawler.shared_limits`), which makes the same limits hold across all of them.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

# Sends are spaced this much wider than the limit: between the send and the server reading the request lie thread
# switches and socket writes that jitter by milliseconds, and the limit is a promise about arrivals.
SEND_MARGIN = 0.06


@dataclass
class _Host:
    max_active: int
    default_interval: float
    rate_interval: float | None = None
    robots_interval: float = 0.0
    next_start: float = 0.0
    last_sent: float = -math.inf
    active: int = 0

    @property
    def interval(self) -> float:
        rate = self.default_interval if self.rate_interval is None else self.rate_interval
        return max(rate, self.robots_interval) * (1 + SEND_MARGIN)


class SharedHostGate(Protocol):
    """Limits held with other crawler processes: waited on just before each send, freed after its response."""

    def before_send(self, host: str, interval: float) -> None: ...

    def after_response(self, host: str) -> None: ...

    def pause(self, host: str, seconds: float) -> None: ...


class HostLimiter:
    def __init__(self, default_interval: float, max_active: int, shared: SharedHostGate | None = None) -> None:
        self.default_interval = default_interval
        self.max_active = max_active
        self.shared = shared
        self._hosts: dict[str, _Host] = {}
        self._changed = threading.Condition()

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(self.max_active, self.default_interval)
        return state

    def limit_rate(self, host: str, interval: float) -> None:
        """A configured interval for `host`; with several (sources sharing the host) the strictest one holds."""
        with self._changed:
            state = self._host(host)
            state.rate_interval = interval if state.rate_interval is None else max(state.rate_interval, interval)

    def apply_crawl_delay(self, host: str, delay: float) -> None:
        """robots.txt's Crawl-delay: a floor under the configured interval."""
        with self._changed:
            self._host(host).robots_interval = delay

    def interval(self, host: str) -> float:
        with self._changed:
            return self._host(host).interval

    def pause(self, host: str, seconds: float) -> None:
        """No new request to `host` for `seconds` (a 429 or 503 with Retry-After speaks for the whole host)."""
        with self._changed:
            state = self._host(host)
            state.next_start = max(state.next_start, time.monotonic() + seconds)
        if self.shared is not None:
            self.shared.pause(host, seconds)

    def ready_at(self, host: str) -> float:
        """When a request to `host` could start (monotonic clock); infinity while it is at its concurrency cap."""
        with self._changed:
            state = self._host(host)
            return math.inf if state.active >= state.max_active else state.next_start

    def try_acquire(self, host: str) -> bool:
        """Take a slot that can start now, or take nothing; the caller must `release` a slot it took."""
        with self._changed:
            state = self._host(host)
            now = time.monotonic()
            if state.active >= state.max_active or state.next_start > now:
                return False
            state.active += 1
            state.next_start = now + state.interval
            return True

    def acquire(self, host: str) -> None:
        """Block until a request to `host` may start: a free concurrency slot, then the reserved start time."""
        with self._changed:
            state = self._host(host)
            while state.active >= state.max_active:
                self._changed.wait()
            start = max(time.monotonic(), state.next_start)
            state.next_start = start + state.interval
            state.active += 1
        delay = start - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def space(self, host: str) -> None:
        """Hold a request until the interval since the host's previous request has passed, just before it is sent.

        Slots are reserved when a URL is handed to a worker; the thread switch and request building between
        reservation and send vary by milliseconds, so the spacing is checked once more at the last moment. The
        stamp is the moment a request actually goes: a thread that wakes late from its wait must not leave the next
        request closer than the interval behind it, so each waiter re-checks after waking.
        """
        with self._changed:
            state = self._host(host)
            while (wait := state.last_sent + state.interval - time.monotonic()) > 0:
                self._changed.wait(wait)
            state.last_sent = time.monotonic()
            interval = state.interval
        if self.shared is not None:
            self.shared.before_send(host, interval)

    def release(self, host: str) -> None:
        if self.shared is not None:
            self.shared.after_response(host)
        with self._changed:
            self._host(host).active -= 1
            self._changed.notify_all()

    @contextmanager
    def slot(self, host: str, held: bool = False) -> Iterator[None]:
        """One request's slot; `held` when the caller already took it with `try_acquire`."""
        if not held:
            self.acquire(host)
        try:
            yield
        finally:
            self.release(host)
