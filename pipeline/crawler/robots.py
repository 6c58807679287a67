"""robots.txt as RFC 9309 reads it: rules for our user agent, Crawl-delay, and what an unreachable file means."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class RobotsRules:
    """`rules` None means no restriction (no robots.txt); `unreachable` means crawl nothing on the host.

    RFC 9309: a 4xx robots.txt allows everything, but a 5xx or an unreachable one must be taken as a full disallow,
    since the site may be overloaded or its rules may be unknown for a reason that matters.
    """

    rules: Protego | None = None
    unreachable: str | None = None

    @classmethod
    def from_response(cls, status: int | None, body: bytes, error: str | None) -> RobotsRules:
        if status is not None and 200 <= status < 300:
            return cls(Protego.parse(body.decode("utf-8", "replace")))
        if status is not None and 400 <= status < 500:
            return cls()
        if error and error.startswith("blocked:"):
            return cls(unreachable=error)
        return cls(unreachable=f"robots.txt unavailable ({error or f'HTTP {status}'}): host not crawled")

    def refusal(self, url: str, user_agent: str) -> str | None:
        if self.unreachable:
            return self.unreachable
        if self.rules is not None and not self.rules.can_fetch(url, user_agent):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, user_agent: str) -> float:
        if self.rules is None:
            return 0.0
        delay = self.rules.crawl_delay(user_agent) or 0.0
        rate = self.rules.request_rate(user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return float(delay)

    def sitemaps(self) -> list[str]:
        return list(self.rules.sitemaps) if self.rules is not None else []
