"""Text clean-up: the vectorized steps against their plain-Python definitions, and the cases news text brings."""

import random
import sys
import unicodedata

import polars as pl
import pytest

from pipeline.normalize import clean_authors, clean_text, language_code
from pipeline.normalize.text import NFC_SENSITIVE


def clean(values: list[str | None], keep_paragraphs: bool = False) -> list[str | None]:
    return pl.DataFrame({"t": values}, schema={"t": pl.String}).select(clean_text("t", keep_paragraphs))["t"].to_list()


def test_entities_quotes_invisible_characters_and_spacing() -> None:
    assert clean(["  “Газпром”&nbsp;&amp; &#171;Роснефть&#187;\u00ad\u200b  ", "AT&T &para=2 R&D", "\ufeff", None]) == [
        '"Газпром" & «Роснефть»',
        "AT&T &para=2 R&D",
        None,
        None,
    ]
    assert clean(["It’s ‘fine’ „so“"]) == ["It's 'fine' \"so\""]


def test_bodies_keep_paragraphs_but_not_stray_spacing() -> None:
    assert clean(["Один\t\u00a0 абзац.\r\n \r\n\r\n\r\nДругой\u2028абзац. "], keep_paragraphs=True) == [
        "Один абзац.\n\nДругой\nабзац."
    ]


def test_nfc_composes_decomposed_letters() -> None:
    assert clean(["Йо\u0308жик e\u0301"]) == [unicodedata.normalize("NFC", "Йо\u0308жик e\u0301")]


def test_every_code_point_nfc_can_change_is_caught_by_the_cheap_filter() -> None:
    """A character outside NFC_SENSITIVE is NFC alone and after any base letter, so skipping such rows is safe."""
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    flagged = pl.Series(characters).str.contains(NFC_SENSITIVE).to_list()
    for character, is_flagged in zip(characters, flagged, strict=True):
        if is_flagged:
            continue
        assert unicodedata.is_normalized("NFC", character), hex(ord(character))
        for base in ("a", "е", "\u1100", "\u0915"):
            assert unicodedata.is_normalized("NFC", base + character), (base, hex(ord(character)))


@pytest.mark.parametrize("seed", [1, 2])
def test_spacing_fast_path_matches_the_plain_rule(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["a", "б", " ", "  ", "\t", "\n", "\u2003", "\u00a0", "x y"]
    texts = ["".join(rng.choices(pieces, k=rng.randint(0, 12))) for _ in range(2000)]
    expected = [" ".join(t.replace("\u00a0", " ").split()) or None for t in texts]
    assert clean(texts) == expected


def test_bylines_become_one_clean_name_each() -> None:
    frame = pl.DataFrame(
        {"authors": [["By John Smith and Jane Doe", "john smith"], ["Автор: Анна Ветрова, Иван Петров (ivan@x.ru)"]]}
    )
    assert frame.select(clean_authors())["authors"].to_list() == [
        ["John Smith", "Jane Doe"],
        ["Анна Ветрова", "Иван Петров"],
    ]


def test_language_codes_are_iso_639_1() -> None:
    frame = pl.DataFrame({"language": ["ru-RU", "en_GB", "RUS", "English", "x-klingon", None, "de"]})
    assert frame.select(language_code())["language"].to_list() == ["ru", "en", "ru", "en", None, None, "de"]
