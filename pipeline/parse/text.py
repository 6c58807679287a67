"""Turning fetched bytes into trustworthy text: charset decoding, whitespace cleanup, a cheap language guess.

Russian news sites still serve windows-1251 and KOI8-R, often with a wrong or missing declaration, so the
declared charset is a hint to be checked, not a fact.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# WHATWG: these labels mean windows-1252 in browsers, and pages are written for browsers.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-cp1251": "cp1251",
    "win-1251": "cp1251",
}
_CYRILLIC_FALLBACKS = ("cp1251", "koi8-r")
# Multi-byte characters per malformed byte from which bytes are still read as UTF-8 (see _utf8).
_STRAY_BYTES = 20
# Bytes of a page's opening that are decoded to sniff it (see html_source).
OPENING = 100_000
# The most frequent lower-case Russian letters: right decodings are full of them, wrong ones are not.
_COMMON_RU = frozenset("оеаинтсрвлкмдпу")
_LATIN1_RUNS = re.compile("[\u00c0-\u00ff]{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
# Letters Ukrainian writes and Russian does not.
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_WORD_RUN = re.compile(r"[^\W\d_]+")
# The commonest short words of each language written in Latin letters, that other languages rarely use.
_LANGUAGE_WORDS = {
    "en": "the and of to is that with for was are this have from",
    "de": "der die und das ist nicht mit sich auf für ein eine dem den",
    "fr": "le les des est une dans pour qui pas sur avec sont",
    "es": "el los las del que por una para con está como sus",
    "it": "il della che di per non una sono gli dei alla nel",
    "pt": "os das não uma para com que pelo pela são dos mais",
    "nl": "het een van en niet zijn voor met ook dat wordt naar",
    "pl": "się nie jest na że do to jak przez od dla czy",
    "cs": "se je na že jsou pro také jako ale byl podle",
    "sv": "och att det är som för med inte till av har",
    "da": "og at det er som for med ikke til af har",
    "no": "og at det er som for med ikke til av har",
    "tr": "ve bir bu için ile olarak daha çok gibi",
    "id": "yang dan di dari ini untuk dengan tidak akan",
}
_FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    word: tuple(language for language, words in _LANGUAGE_WORDS.items() if word in words.split())
    for word in {word for words in _LANGUAGE_WORDS.values() for word in words.split()}
}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _declared(data: bytes, content_type: str | None) -> str | None:
    header = _HTTP_CHARSET.search(content_type or "")
    if header and (codec := _codec(header.group(1))):
        return codec
    meta = _META_CHARSET.search(data[:4096])
    return _codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def _utf8(data: bytes) -> str | None:
    """UTF-8 text, or None when the bytes are not UTF-8. A page cut off inside its last character (a truncated
    download) is still UTF-8, and so is a page with a stray byte or two among many well-formed characters (a
    pasted snippet in another charset): read as cp1251 or KOI8-R, all the rest would be mojibake."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data.decode("utf-8", "replace")
    text = data.decode("utf-8", "replace")
    # Each multi-byte character shortens the text by one to three: stray bytes are few beside them in real UTF-8,
    # while a single-byte Cyrillic page read as UTF-8 is all replacement marks.
    return text if _STRAY_BYTES * text.count("\ufffd") <= len(data) - len(text) else None


def _russian_score(text: str) -> int:
    return sum(1 for ch in text if ch in _COMMON_RU)


def _western_mojibake(text: str) -> bool:
    """Russian bytes read as windows-1252 give runs of À-ÿ letters; French or German text rarely does."""
    return len(_LATIN1_RUNS.findall(text, 0, 50000)) >= 3


def _best_cyrillic(data: bytes) -> str:
    decoded = [data.decode(codec, "replace") for codec in _CYRILLIC_FALLBACKS]
    return max(decoded, key=_russian_score)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, then HTTP charset, then `<meta>` charset, then UTF-8, then cp1251/KOI8-R.

    A declaration is overruled when the bytes are valid non-ASCII UTF-8: decoding those with another codec can
    only give mojibake, and real cp1251 or KOI8-R text is practically never valid UTF-8 by accident.
    """
    return _decode(data, content_type)[0]


def _decode(data: bytes, content_type: str | None) -> tuple[str, bool]:
    """The text, and whether it is exactly `data` read as UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace"), False
    as_utf8 = _utf8(data)
    declared = _declared(data, content_type)
    if as_utf8 is not None and (declared in (None, "utf-8") or not as_utf8.isascii()):
        return as_utf8, True
    if declared and declared != "utf-8":
        text = data.decode(declared, "replace")
        return (_best_cyrillic(data) if _western_mojibake(text) else text), False
    return _best_cyrillic(data), False


def html_source(data: bytes, content_type: str | None = None) -> tuple[bytes, str]:
    """The page as UTF-8 bytes for the HTML parser, which reads UTF-8, and its opening as text, to sniff whether it
    is HTML at all. The usual UTF-8 page is handed over as fetched and decoded only as far as needed: valid
    non-ASCII UTF-8 in its opening settles the charset as surely as the whole page would (see decode_html)."""
    if not data.startswith(_BOMS[0][0]) and _declared(data, content_type) in (None, "utf-8"):
        try:
            opening = codecs.getincrementaldecoder("utf-8")().decode(data[:OPENING], final=False)
        except UnicodeDecodeError:
            opening = ""
        if opening and (not opening.isascii() or len(data) <= OPENING):
            return data, opening
    text, exact = _decode(data, content_type)
    return (data if exact else utf8(text)), text[:OPENING]


def utf8(text: str) -> bytes:
    """Lone surrogates (from broken escapes) cannot be encoded; the HTML parser drops them the same way."""
    return text.encode("utf-8", "ignore")


def clean_text(text: str | None) -> str:
    """Collapse every kind of whitespace (nbsp, thin and zero-width spaces included) to single spaces."""
    if not text:
        return ""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    # Soft hyphens mark where a browser may break a long word ("Mit\u00adtel\u00adal\u00adter"); kept, they split
    # every such word for search and counting.
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    return " ".join(text.split())


_WORD = re.compile(r"\w+")
# Kana, CJK ideographs and Hangul: scripts where a word is a character or two and a line of ten is a sentence.
_CJK_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
CJK = re.compile(f"[{_CJK_LETTERS}]")
# Scripts written with few or no spaces between words (Thai, Lao, Myanmar, Khmer, and the CJK ones): word counts say
# little about a line's length there.
SPACELESS = re.compile(f"[{_CJK_LETTERS}\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def word_key(text: str) -> str:
    """The words of a text, case and punctuation aside: how two renderings of one headline or summary compare."""
    return " ".join(_WORD.findall(text.casefold()))


def looks_binary(text: str) -> bool:
    """Images and archives served as text/html decode to control characters and replacement marks."""
    sample = text[:4096]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad / len(sample) > 0.05


# Languages written in Cyrillic (Serbian is written in both scripts).
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn"})
_SCRIPT_SAMPLE = 400
_SCRIPT_LETTERS = 100


def fits_script(language: str, text: str) -> bool:
    """Whether a declared language is written in the script the text is in, Cyrillic or Latin: a template's `<html
    lang="en">` stays on Russian pages, and a Russian site's English pages keep its "ru"."""
    sample = text[:_SCRIPT_SAMPLE]
    cyrillic, latin = len(_CYR.findall(sample)), len(_LAT.findall(sample))
    if cyrillic + latin < _SCRIPT_LETTERS or language == "sr":
        return True
    if cyrillic > 4 * latin:
        return language in _CYRILLIC_LANGUAGES
    return latin <= 4 * cyrillic or language not in _CYRILLIC_LANGUAGES


def guess_language(text: str) -> str | None:
    """A guess for pages that declare no language: the script, then, among languages of one script, the one whose
    commonest short words the text uses most ("the", "und", "que", "і"). Enough for a page's language field; the
    entity stage reads only Russian and English."""
    sample = text[:5000]
    cyrillic = len(_CYR.findall(sample))
    latin = len(_LAT.findall(sample))
    if cyrillic + latin < 20:
        return None
    if cyrillic >= latin:
        return "uk" if len(_UKRAINIAN.findall(sample)) * 40 > cyrillic else "ru"
    counts: dict[str, int] = {}
    for word in _WORD_RUN.findall(sample.lower()):
        for language in _FUNCTION_WORDS.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    best = max(counts, key=counts.__getitem__, default="en")
    return best if counts.get(best, 0) >= 3 else "en"
