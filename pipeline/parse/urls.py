"""Links as absolute URLs and their hosts, cheaply: a page has hundreds of links and the rail reads them all."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract

# The Public Suffix List as tldextract ships it: never fetched at run time, and private suffixes (github.io,
# blogspot.com) included, so two users' sites there are two sites.
_SUFFIXES = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def resolve(href: str | None, base: str | None) -> str | None:
    """Absolute URL without fragment, or None for links that lead nowhere (javascript:, mailto:, bare #)."""
    href = (href or "").strip()
    if not href or href.startswith("#") or re.match(r"(?i)(javascript|mailto|tel|data):", href):
        return None
    url = urljoin(base, href) if base else href
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


class LinkResolver:
    """Absolute links and their hosts for one page; urljoin costs ~15 µs, and pages have hundreds of links, many
    of them repeated (a teaser's picture, kicker and title all link to the same story)."""

    def __init__(self, base: str | None) -> None:
        parts = urlsplit(base or "")
        self.base = base
        self.host = host(base)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
        self._resolved: dict[str | None, str | None] = {}
        self._hosts: dict[str, str] = {}

    def __call__(self, href: str | None) -> str | None:
        if href in self._resolved:
            return self._resolved[href]
        clean = (href or "").strip()
        url: str | None
        if self.origin and clean.startswith("/") and not clean.startswith("//"):
            url = self.origin + clean.split("#", 1)[0]
        elif clean.startswith(("http://", "https://")):
            url = clean.split("#", 1)[0]
        else:
            url = resolve(clean, self.base)
        self._resolved[href] = url
        return url

    def host_of(self, url: str) -> str:
        if self.origin and url.startswith(self.origin + "/"):
            return self.host
        name = self._hosts.get(url)
        if name is None:
            name = self._hosts[url] = host(url)
        return name


def host(url: str | None) -> str:
    name = (urlsplit(url or "").hostname or "").lower()
    return name.removeprefix("www.")


@lru_cache(maxsize=4096)
def site(name: str) -> str:
    """The registrable domain a host belongs to (sport.example.co.uk → example.co.uk): a news site spreads its
    sections over subdomains. Names under a suffix the list does not know (.example, .test, an intranet) count
    their last two labels; an IP address is its own site."""
    parts = _SUFFIXES(name)
    if parts.ipv4 or ":" in name:
        return name
    if parts.suffix:
        return parts.top_domain_under_public_suffix or name
    return ".".join(name.rsplit(".", 2)[-2:])


_TRACKING = re.compile(r"(?:^|&)(?:utm_[a-z]+|fbclid|gclid|yclid)=[^&]*", re.I)


def without_tracking(url: str) -> str:
    """The URL without its campaign parameters (utm_*, fbclid, gclid, yclid), which name where a link was shown,
    not what it leads to."""
    path, mark, query = url.partition("?")
    if not mark or "=" not in query:
        return url
    rest = _TRACKING.sub("", query).lstrip("&")
    return f"{path}?{rest}" if rest else path


def url_sections(url: str | None) -> frozenset[str]:
    """The lower-cased segments of a page's path but the last: the sections it is filed under
    ("/politics/2025/05/20/budget/" → politics, 2025, 05, 20)."""
    if not url:
        return frozenset()
    segments = [segment for segment in urlsplit(url).path.lower().split("/") if segment]
    return frozenset(segments[:-1])
