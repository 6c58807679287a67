"""Near-duplicate stories: syndicated or lightly rewritten copies found with MinHash and LSH, recorded as clusters.

Vectorized with numpy rather than datasketch: datasketch hashes one document at a time in Python (~100 µs each),
which is minutes per million articles; here a batch of documents is one pass of array arithmetic. The sketch is
one-permutation MinHash (Li, Owen, Zhang 2012) with rotation densification (Shrivastava 2017): each word 3-shingle
hashes once, its top bits pick one of 32 bins, and a bin keeps its smallest value, so two texts agree in a bin
with probability equal to their Jaccard similarity. LSH bands of two bins find candidate pairs in sorted order,
and a pair joins a cluster when its signatures agree in at least half the bins (estimated Jaccard ≥ 0.5).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.normalize.text import text_key

BINS = 32
ROWS_PER_BAND = 2
SHINGLE_WORDS = 3
MAX_WORDS = 200  # the opening of a story is what copies share; their tails are each outlet's boilerplate
THRESHOLD = 0.5
CHUNK = 50_000
# Token hashes come from polars, stable within one polars version only: a new version re-hashes every text.
METHOD = f"oph{BINS}-shingle{SHINGLE_WORDS}-words{MAX_WORDS}-polars{pl.__version__}"
EMPTY = np.uint32(0xFFFFFFFF)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
SIGNATURE_SCHEMA = {
    "article_id": pl.String,
    "content_hash": pl.String,
    "method": pl.String,
    "minhash": pl.Array(pl.UInt32, BINS),
}
CLUSTER_SCHEMA = {"article_id": pl.String, "story_id": pl.String, "duplicate": pl.String, "similarity": pl.Float64}


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer: every input bit moves every output bit, so the top bits make a fair bin."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _sketch(words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """(documents × BINS) uint32 MinHash of word 3-shingles; rows of texts under three words are all EMPTY."""
    n = len(lengths)
    signature = np.full(n * BINS, EMPTY, dtype=np.uint32)
    shingles = np.maximum(lengths - (SHINGLE_WORDS - 1), 0)
    if shingles.sum():
        ends = np.cumsum(lengths)
        first = np.repeat(ends - lengths, shingles) + (
            np.arange(shingles.sum()) - np.repeat(np.cumsum(shingles) - shingles, shingles)
        )
        z = words[first] * np.uint64(0x9E3779B97F4A7C15)
        for k in range(1, SHINGLE_WORDS):
            z = (z ^ words[first + k]) * np.uint64(0xC2B2AE3D27D4EB4F)
        z = _mix(z)
        bins = (z >> np.uint64(64 - 5)).astype(np.int64)
        values = ((z >> np.uint64(16)) & np.uint64(0xFFFFFFFE)).astype(np.uint32)
        np.minimum.at(signature, np.repeat(np.arange(n) * BINS, shingles) + bins, values)
    signature = signature.reshape(n, BINS)
    original = signature.copy()
    for distance in range(1, BINS):
        empty = signature == EMPTY
        if not empty.any():
            break
        source = np.roll(original, -distance, axis=1)
        take = empty & (source != EMPTY)
        shifted = source[take].astype(np.uint64) + np.uint64(distance * 0x9E3779B1)
        signature[take] = (shifted & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    return signature


def signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """The MinHash of each article's title and opening words (null when it has under three words).

    `articles` has article_id, content_hash, title and body."""
    parts = []
    for start in range(0, articles.height, CHUNK):
        chunk = articles.slice(start, CHUNK)
        tokens = chunk.select(
            text_key("title", "body").str.replace_all("\n", " ", literal=True).str.split(" ").list.head(MAX_WORDS)
        ).to_series()
        lengths = tokens.list.len().to_numpy().astype(np.int64)
        sketch = _sketch(tokens.explode().hash(seed=7).to_numpy(), lengths)
        too_short = pl.Series(lengths < SHINGLE_WORDS)
        parts.append(
            chunk.select("article_id", "content_hash", pl.lit(METHOD).alias("method")).with_columns(
                pl.Series("minhash", sketch, dtype=pl.Array(pl.UInt32, BINS)).set(too_short, None)
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame(schema=SIGNATURE_SCHEMA)


def _band_edges(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row paired with the first (earliest) row that shares one of its bands."""
    pairs = []
    for band in range(0, BINS, ROWS_PER_BAND):
        keys = matrix[:, band].astype(np.uint64) << np.uint64(32) | matrix[:, band + 1].astype(np.uint64)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        leader = order[np.repeat(starts, np.diff(np.r_[starts, len(order)]))]
        follower = order != leader
        pairs.append(np.stack([order[follower], leader[follower]]))
    edges = np.unique(np.concatenate(pairs, axis=1), axis=1) if pairs else np.empty((2, 0), dtype=np.int64)
    return edges[0], edges[1]


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest index in each node's connected component (label propagation with pointer jumping)."""
    labels = np.arange(n)
    while len(a):
        low = np.minimum(labels[a], labels[b])
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        while not np.array_equal(labels, labels[labels]):
            labels = labels[labels]
        if np.array_equal(labels[a], labels[b]):
            break
    return labels


def story_clusters(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per article: its story (the earliest-published article of its cluster), how it relates to it.

    `articles` has article_id, content_hash, published_at and minhash (null for texts too short to sketch).
    Same content hash always joins; signatures join when they agree in THRESHOLD of their bins."""
    ordered = articles.sort("published_at", "article_id", nulls_last=True)
    n = ordered.height
    first_of_text = ordered.with_row_index("row").group_by("content_hash").agg(pl.col("row").min().alias("first"))
    text_leader = ordered.join(first_of_text, on="content_hash", how="left", maintain_order="left")["first"].to_numpy()
    rows = np.arange(n)
    a, b = [rows], [text_leader.astype(np.int64)]
    has_sketch = ordered["minhash"].is_not_null().to_numpy()
    matrix = np.zeros((n, BINS), dtype=np.uint32)
    if has_sketch.any():
        index = np.flatnonzero(has_sketch)
        matrix[index] = ordered["minhash"].filter(pl.Series(has_sketch)).to_numpy()
        left, right = _band_edges(matrix[index])
        left, right = index[left], index[right]
        keep = (matrix[left] == matrix[right]).mean(axis=1) >= THRESHOLD
        a.append(left[keep])
        b.append(right[keep])
    labels = _components(n, np.concatenate(a), np.concatenate(b))
    similarity = np.where(has_sketch & has_sketch[labels], (matrix == matrix[labels]).mean(axis=1), 1.0)
    duplicate = np.where(rows == labels, "original", np.where(text_leader < rows, "same_text", "near"))
    return pl.DataFrame(
        {
            "article_id": ordered["article_id"],
            "story_id": ordered["article_id"].gather(labels),
            "duplicate": duplicate,
            "similarity": similarity,
        },
        schema=CLUSTER_SCHEMA,
    )
