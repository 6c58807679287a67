"""Text clean-up as polars expressions: Unicode NFC, HTML entities, quotes, invisible characters, spacing, authors.

Bulk imports push gigabytes of text through here, so each step touches only what it must: NFC and entity decoding
run on the rows that can change (found with a cheap regex), and whitespace is rewritten only where it is not
already a single space.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import polars as pl

INVISIBLE = "[\u00ad\u200b\u200c\u200d\u2060\ufeff]"
# Characters that NFC can change, or that a following one can combine with: combining marks, Hangul jamo, the
# scripts whose precomposed letters NFC excludes, and the few singletons (Ohm, Angstrom, ...) it maps away.
# A row without any of them is already NFC (tests check every code point).
NFC_SENSITIVE = (
    r"[\p{M}\u0340-\u0344\u0374\u037e\u0387\u0900-\u0dff\u0f00-\u0fff\u1100-\u11ff\u1f00-\u1fff\u2000\u2001"
    r"\u2126\u212a\u212b\u2329\u232a\u2adc\uf900-\ufaff\ufb1d-\ufb4f\U0001d15e-\U0001d1c0\U0002f800-\U0002fa1d]"
)
ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_ENTITY = re.compile(ENTITY)
# CMS "smart quotes" make one sentence differ between two feeds; straight quotes are the form every CMS keeps.
# Guillemets stay: they are the Russian standard and unambiguous. No-break spaces become plain spaces here too.
QUOTES = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u301d": '"',
    "\u301e": '"',
    "\uff02": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\uff07": "'",
    "\u00a0": " ",
    "\u202f": " ",
}
# Rows without any of these characters (most of them) skip the retyping pass, and rows whose spacing is already
# clean skip the spacing pass: each replace_all over a million bodies copies a gigabyte even where nothing matches.
RETYPED = INVISIBLE[:-1] + "".join(QUOTES) + "]"
LINE_SPACING = r"\s{2,}|[^\S ]"
BODY_SPACING = r"[^\S\n ]|  | \n|\n |\n\n\n"
# For hashing and matching only: guillemets and straight quotes count as the same quote, ё as е.
TEXT_KEY_FOLDS = {"«": '"', "»": '"', "ё": "е", "Ё": "Е"}
AUTHOR_PREFIX = r"(?i)^(?:by|from|автор(?:ы)?|текст|фото|редактор|корреспондент)\s*[:\-—]?\s+"
AUTHOR_SEPARATORS = r"(?i)\s*(?:[,;/|&]|\s(?:and|и)\s)\s*"
LANGUAGE_NAMES = {
    "rus": "ru",
    "russian": "ru",
    "русский": "ru",
    "eng": "en",
    "english": "en",
    "ukr": "uk",
    "ukrainian": "uk",
    "deu": "de",
    "ger": "de",
    "german": "de",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "spa": "es",
    "spanish": "es",
}


def matching_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def only_where(pattern: str, fix: Callable[[pl.Series], pl.Series]) -> Callable[[pl.Series], pl.Series]:
    """Apply `fix` to the rows matching `pattern` only; the others are left as they are, untouched and uncopied."""

    def apply(series: pl.Series) -> pl.Series:
        hits = series.str.contains(pattern).fill_null(False).arg_true()
        if hits.is_empty():
            return series
        return series.clone().scatter(hits, fix(series.gather(hits)))

    return apply


def _unescape(series: pl.Series) -> pl.Series:
    """Only well-formed entities (with their semicolon): "AT&T" and "?a=1&para=2" stay as they are."""
    return pl.Series([_ENTITY.sub(lambda m: html.unescape(m.group(0)), v) for v in series], dtype=pl.String)


def _retype(series: pl.Series) -> pl.Series:
    return series.str.replace_all(INVISIBLE, "").str.replace_many(QUOTES)


def _body_spacing(series: pl.Series) -> pl.Series:
    return (
        series.str.replace_all(r"\r\n?|[\u2028\u2029\u0085]", "\n")
        .str.replace_all(r"[^\S\n]{2,}|[^\S\n ]", " ")
        .str.replace_all(r" ?\n ?", "\n")
        .str.replace_all(r"\n{3,}", "\n\n")
    )


def clean_text(column: str, keep_paragraphs: bool = False) -> pl.Expr:
    """Entities decoded, NFC, no invisible characters, straight quotes and spacing; paragraph breaks survive in
    bodies. Empty results become null."""
    expr = (
        pl.col(column)
        .map_batches(only_where(ENTITY, _unescape), return_dtype=pl.String, is_elementwise=True)
        .map_batches(only_where(NFC_SENSITIVE, lambda s: s.str.normalize("NFC")), is_elementwise=True)
        .map_batches(only_where(RETYPED, _retype), is_elementwise=True)
    )
    if keep_paragraphs:
        expr = expr.map_batches(only_where(BODY_SPACING, _body_spacing), is_elementwise=True)
    else:
        expr = expr.map_batches(
            only_where(LINE_SPACING, lambda s: s.str.replace_all(LINE_SPACING, " ")), is_elementwise=True
        )
    # Not when/then over `expr` twice: an eager select does not share the common part and cleaned every text twice.
    return expr.str.strip_chars().replace("", None).alias(column)


def clean_authors(column: str = "authors") -> pl.Expr:
    """One name per element: bylines split on commas and "and"/"и", prefixes ("By", "Автор:") and e-mail
    addresses dropped, spacing fixed, duplicates (ignoring case) removed in order."""
    name = (
        pl.element()
        .str.replace_all(r"\S+@\S+\.\w+|https?://\S+|[()\[\]]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" .,;:-—")
        .str.replace(AUTHOR_PREFIX, "")
        .str.replace_all(AUTHOR_SEPARATORS, "\x1f")
        .str.split("\x1f")
        .explode()
        .str.strip_chars(" .,;:-—")
    )
    names = pl.col(column).list.eval(name.filter(name.str.contains(r"\w") & (name.str.len_chars() <= 80)))
    keys = names.list.eval(pl.element().str.to_lowercase())
    return names.list.gather(keys.list.eval(pl.element().arg_unique())).alias(column)


def language_code(column: str = "language") -> pl.Expr:
    """ISO 639-1 from what pages and feeds declare: "ru-RU", "en_GB", "RUS", "English"; anything else is null."""
    primary = pl.col(column).str.strip_chars().str.to_lowercase().str.extract(r"^([^-_\s]+)")
    mapped = primary.replace(LANGUAGE_NAMES)
    return pl.when(mapped.str.contains(r"^[a-z]{2}$")).then(mapped).otherwise(None).alias(column)


def text_key(*columns: str) -> pl.Expr:
    """The text two copies of one story share: cleaned columns joined, quotes and ё folded (case kept: lowering
    gigabytes of text costs more than the rare copy that differs only in case, which the near-duplicate pass
    catches anyway)."""
    joined = pl.concat_str([pl.col(c).fill_null("") for c in columns], separator="\n")
    folded = "[" + "".join(TEXT_KEY_FOLDS) + "]"
    return joined.map_batches(
        only_where(folded, lambda s: s.str.replace_many(TEXT_KEY_FOLDS)), return_dtype=pl.String, is_elementwise=True
    )


def sha1_hex(series: pl.Series, length: int = 40) -> pl.Series:
    """SHA-1 of each value's UTF-8 bytes, read straight from the Arrow buffer (no Python strings built)."""
    array = series.fill_null("").to_arrow(compat_level=pl.CompatLevel.oldest())
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[array.offset : array.offset + len(array) + 1].tolist()
    data = memoryview(data_buffer) if data_buffer is not None else memoryview(b"")
    sha1 = hashlib.sha1
    return pl.Series(
        series.name,
        [sha1(data[start:end]).hexdigest()[:length] for start, end in pairwise(offsets)],
        dtype=pl.String,
    )
