"""Headline text: the site's name taken off a title, and whether two titles say the same thing.

Titles carry the site's name for search engines and browser tabs ("Bridge reopens | Courier"), but headlines also
carry their own tails ("Dog chases off burglars – police seek witnesses"); the page's h1 tells the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.parse.text import clean_text, word_key

# A hyphen separates only with spaces around it: "GdP-Vize" is one word.
_SEPARATOR = r"(?:\s*[|:·»]\s*|\s+[\u2014\u2013\-/]+\s+|\s*::\s*)"
_SUFFIX_SEPARATORS = re.compile(r"\s+(?:[|\u2014\u2013\-:·»]|::|//)\s+")
TRAIL_SEPARATORS = re.compile(r"\s+(?:[|·»>/]|::|//)\s+")
_WORD = re.compile(r"\w+")
_TRIM = " |\u2014\u2013-:·»/"


def agrees(candidate: str, others: Sequence[str]) -> bool:
    """Whether most words of `candidate` appear in one of `others`."""
    words = set(_WORD.findall(candidate.casefold()))
    return not words or any(len(words & set(_WORD.findall(other.casefold()))) >= 0.6 * len(words) for other in others)


def strip_site_suffix(title: str, site: str | None = None, shown: Sequence[str] = ()) -> str:
    """Remove " — Site", " | Site", " - Site" (or the declared site's name as a prefix) that pages add for search
    engines. A tail the page's own h1 also prints ("… – Zeugenaufruf") is part of the headline and stays."""
    title = clean_text(title)
    if any(word_key(text) == word_key(title) for text in shown if text):
        return title
    # "The Times of Bharat" prints itself as "Times of Bharat" too.
    for name in (site, site[4:]) if site and site[:4].lower() == "the " else (site,):
        if name and name.casefold() in title.casefold():
            for pattern in (rf"{_SEPARATOR}{re.escape(name)}(?!\w).*$", rf"^{re.escape(name)}{_SEPARATOR}"):
                cut = re.sub(pattern, "", title, flags=re.I)
                if cut != title and (stripped := cut.strip(_TRIM)):
                    return _trail_headline(stripped) or _without_section(stripped)
    if headline := _trail_headline(title):
        return headline
    parts = _SUFFIX_SEPARATORS.split(title)
    if len(parts) > 1 and len(parts[-1]) <= 30 and len(parts[-1].split()) <= 3 and not _goes_on(title, parts[-1], site):
        head = title[: title.rfind(parts[-1])].rstrip(_TRIM)
        if len(head.split()) >= 2:
            return _without_section(head)
        # A single word before the only separator is the site's or the document's name ("rfc-draft-04 - Title").
        if len(parts) == 2 and not shown:
            return parts[1].strip(_TRIM) or title
    return title


def _trail_headline(title: str) -> str | None:
    """The one part with a headline's length in a trail of site and sections around it ("Вестник :: Новости :: Мост
    отремонтируют до конца лета"). Dashes do not count here: headlines hold them."""
    trail = TRAIL_SEPARATORS.split(title)
    if len(trail) >= 3:
        long = [part for part in trail if len(part.split()) >= 4]
        if len(long) == 1 and all(len(part.split()) <= 3 for part in trail if part is not long[0]):
            return long[0].strip(_TRIM)
    return None


def trail_end(title: str) -> str | None:
    """The headline a `<title>` ends with after short parts joined by dashes ("Газета «Край» - Экономика -
    Молочный завод …"), which headlines also write ("Trump - Biden - debate: who won"): the caller checks that the
    page shows it on its own."""
    parts = _SUFFIX_SEPARATORS.split(title)
    if len(parts) >= 3 and len(parts[-1].split()) >= 4 and all(len(part.split()) <= 3 for part in parts[:-1]):
        return parts[-1].strip(_TRIM)
    return None


_DOMAIN_TAIL = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _goes_on(title: str, tail: str, site: str | None) -> bool:
    """A tail in lower case after a dash, on a page whose site's name is known and not in the title, goes on with
    the headline ("Ishall stängs akut – taket kan rasa" on Aftonposten). Without a known name it may be the brand
    written in lower case ("… - brand eins online"), and after a pipe it always may ("… | moving letters")."""
    if not site or site.casefold() in title.casefold() or not tail[:1].islower() or _DOMAIN_TAIL.fullmatch(tail):
        return False
    return title[: title.rfind(tail)].rstrip()[-1:] in "-\u2013\u2014"


def _without_section(title: str) -> str:
    """The headline without the section left in front of the site's name ("… | Pune News - Times of Bharat"): a
    pipe never stands inside a headline."""
    head, _, tail = title.rpartition(" | ")
    words = len(tail.split())
    if head and len(tail) <= 30 and words <= 3 and not tail[:1].islower() and len(head.split()) >= max(5, 2 * words):
        return head.rstrip(_TRIM)
    return title


def is_trimmed_title(declared: str, document: str, site: str | None) -> bool:
    """Whether og:title is the `<title>` with the site's name already taken off ("Chapter Two - Book Title" beside
    "Chapter Two - Book Title | Site"): what is left after a separator in it is the author's, the series' or the
    column's name the site chose to keep, not its own. A tail naming the declared site is still the site's."""
    head, full = word_key(declared), word_key(document)
    if not head or full == head or not full.startswith(head) or not _SUFFIX_SEPARATORS.search(declared):
        return False
    if not _SUFFIX_SEPARATORS.match(document[len(clean_text(declared)) :]):
        return False
    tail, name = word_key(_SUFFIX_SEPARATORS.split(declared)[-1]), word_key(site or "")
    return not name or (name not in tail and tail not in name)


def is_title_tail(heading: str, document: str) -> bool:
    """Whether an h1 is the site's name that the `<title>` ends with ("Kleine Schafskunde | Mäscot das Schaf")."""
    head, tail = word_key(document), word_key(heading)
    return bool(tail) and head != tail and head.endswith(tail) and bool(_SUFFIX_SEPARATORS.search(document))
