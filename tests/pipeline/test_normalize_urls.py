"""The column-at-a-time canonicalization gives exactly what pipeline.urls.canonicalize_url gives, URL by URL."""

import itertools
import random

import polars as pl

from pipeline.normalize import canonical_urls, url_ids
from pipeline.urls import canonicalize_url, url_id

PARTS = {
    "scheme": ["http", "https", "HTTPS", "ftp"],
    "host": ["Example.org", "news.site.ru", "ex.org.", "пример.рф", "user:pw@x.org", "[::1]", ""],
    "port": ["", ":80", ":443", ":8080", ":080", ":99999", ":"],
    "path": ["", "/", "/a", "/a/", "/a//", "/A/b.html", "/a%20b", "/a b", "//x"],
    "query": [
        *("", "?", "?a=1", "?utm_source=x", "?b=2&a=1", "?a=1&&b=", "?UTM_Medium=y&id=5", "?x=%41", "?q=a+b"),
        *("?ref=1&from=2", "?a", "?ab=0&a=1&a1=3", "?k=v=w", "?a=1;b=2", "?utm%5Fsource=1"),
    ],
    "fragment": ["", "#", "#x", "#a b"],
}


def python_canonical(url: str) -> str | None:
    try:
        return canonicalize_url(url)
    except ValueError:
        return None


def random_url(rng: random.Random) -> str:
    pick = {name: rng.choice(choices) for name, choices in PARTS.items()}
    return f"{pick['scheme']}://{pick['host']}{pick['port']}{pick['path']}{pick['query']}{pick['fragment']}"


def test_fast_and_python_paths_agree_on_every_shape() -> None:
    rng = random.Random(3)
    every_query = itertools.product(PARTS["scheme"], PARTS["host"][:3], PARTS["port"], PARTS["query"])
    urls = [
        *(random_url(rng) for _ in range(5000)),
        *(f"{s}://{h}{p}/x{q}" for s, h, p, q in every_query),
        " https://x.org/a ",
        None,
    ]
    got = canonical_urls(pl.Series(urls, dtype=pl.String)).to_list()
    assert got == [python_canonical(u) if u is not None else None for u in urls]


def test_ids_are_the_same_as_url_id() -> None:
    canonical = ["https://x.org/a", "http://пример.рф/", None]
    assert url_ids(pl.Series(canonical)).to_list() == [url_id(canonical[0]), url_id(canonical[1]), None]
