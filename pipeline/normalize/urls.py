"""URL canonicalization and article ids for a whole column at once.

`pipeline.urls.canonicalize_url` is the definition; parsing URLs one by one in Python costs ~20 s per million, so
the common shapes (http(s), plain host, optional port, a query that is empty, tracking-only or plain ASCII) are
canonicalized with polars string kernels here, and every other URL goes through the Python function. Tests check
both paths agree on generated URLs of every shape.
"""

from __future__ import annotations

import polars as pl

from pipeline.normalize.text import sha1_hex
from pipeline.urls import TRACKING_PARAMS, canonicalize_url

SIMPLE_URL = r"^(?i:(https?))://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[^?#\s]*)?(?:\?([^#\s]*))?(?:#\S*)?$"
TRACKING = r"(?i)^(?:utm_[^=]*|" + "|".join(sorted(TRACKING_PARAMS)) + r")(?:=.*)?$"
# Names and values that parse_qsl/urlencode give back unchanged, so sorting them is all canonicalization does.
PLAIN_PARAM = r"^[A-Za-z0-9._~-]+(?:=[A-Za-z0-9._~-]*)?$"


def _python_canonical(url: str) -> str | None:
    try:
        return canonicalize_url(url)
    except ValueError:
        return None


def canonical_urls(urls: pl.Series) -> pl.Series:
    """canonicalize_url of each value (null for null or an unparsable URL)."""
    parts = urls.to_frame("url").select(pl.col("url").str.extract_groups(SIMPLE_URL).alias("p")).unnest("p")
    parts.columns = ["scheme", "host", "port", "path", "query"]
    params = pl.col("query").fill_null("").str.split("&").list.eval(pl.element().filter(pl.element() != ""))
    kept = params.list.eval(pl.element().filter(~pl.element().str.contains(TRACKING)))
    # Sorting "name\0value" orders as sorted((name, value)) does: \0 sorts below every character a name holds.
    sort_key = pl.element().str.replace(r"^([^=]*)$", "$1=").str.replace("=", "\x00", literal=True)
    fast = parts.with_columns(
        scheme=pl.col("scheme").str.to_lowercase(),
        port=pl.col("port").cast(pl.Int64, strict=False),
        path=pl.col("path").fill_null("/"),
        kept=kept,
    ).with_columns(
        ok=pl.col("scheme").is_not_null()
        & (pl.col("port").is_null() | (pl.col("port") <= 65535))
        & pl.col("kept").list.eval(pl.element().str.contains(PLAIN_PARAM)).list.all(),
        netloc=pl.when(
            pl.col("port").is_null()
            | ((pl.col("scheme") == "http") & (pl.col("port") == 80))
            | ((pl.col("scheme") == "https") & (pl.col("port") == 443))
        )
        .then(pl.col("host").str.to_lowercase())
        .otherwise(pl.concat_str(pl.col("host").str.to_lowercase(), pl.lit(":"), pl.col("port").cast(pl.String))),
        path=pl.when(pl.col("path").str.len_bytes() > 1)
        .then(pl.col("path").str.strip_chars_end("/").replace("", "/"))
        .otherwise(pl.col("path")),
        query=pl.col("kept").list.eval(sort_key).list.sort().list.join("&").str.replace_all("\x00", "=", literal=True),
    )
    canonical = fast.select(
        pl.when(pl.col("ok")).then(
            pl.concat_str(
                "scheme",
                pl.lit("://"),
                "netloc",
                "path",
                pl.when(pl.col("query") != "").then(pl.lit("?") + pl.col("query")).otherwise(pl.lit("")),
            )
        )
    ).to_series()
    slow = urls.filter(canonical.is_null() & urls.is_not_null()).unique()
    if slow.is_empty():
        return canonical.alias(urls.name)
    mapping = {url: _python_canonical(url) for url in slow}
    return (
        pl.DataFrame({"url": urls, "fast": canonical})
        .select(pl.coalesce("fast", pl.col("url").replace_strict(mapping, default=None, return_dtype=pl.String)))
        .to_series()
        .alias(urls.name)
    )


def url_ids(canonical: pl.Series) -> pl.Series:
    """pipeline.urls.url_id of each canonical URL; null stays null."""
    return sha1_hex(canonical, 16).set(canonical.is_null(), None)
