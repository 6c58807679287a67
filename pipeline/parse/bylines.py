"""Author names from a byline: the label words around them dropped, and the text that only looks like a byline
(a "By" standing alone, a date, "More articles", a theme's credit) refused.

A wrong author is worse than none for the warehouse: it becomes an entity that wrote every article of a site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import pymorphy3
from selectolax.lexbor import LexborNode

from pipeline.parse.text import clean_text

# Words that introduce a name in the languages of the corpora and the crawl ("Veröffentlicht von", "Par", "Текст").
_LABEL = (
    r"(?:(?:written|posted|published|created|erstellt|veröffentlicht|geschrieben|verfasst|publié|publicado|"
    r"escrito)\s+)?(?:by|von|vom|par|por|door|av|автор[ыа]?|текст|author[s]?|autor(?:in)?|redakteur(?:in)?"
    r"|name)"
)
_PREFIX = re.compile(rf"(?i)^{_LABEL}\s*[:\-—]?\s+|^(?:作者|记者|記者)\s*[:：]?\s*")
_ONLY_LABEL = re.compile(rf"(?i)^{_LABEL}\s*:?$|^[\W_]*$")
# Text inside a byline element that is not a name: navigation, dates, counts, code, a photo credit.
_NOT_A_NAME = re.compile(
    r"(?i)\d|https?:|www\.|[{}*<>=@#|]|^(?:фото|photo|foto|bild|video|видео)\b|\b(?:weiter\w*|mehr|more|all|articles?|"
    r"artikel|archiv\w*|profil\w*|profile|show|view|anzeigen|follow|folgen|read|lesen|posts?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_DOMAIN = re.compile(r"(?i)\.(?:com|de|org|net|ch|at|ru|world|lt|is|fr|uk)$")
# A company's legal form after a comma ("Tallis Energy Storage, Inc.") belongs to the name.
_SPLIT = re.compile(
    r"\s*(?:,(?!\s*(?i:inc|llc|ltd|plc|corp|co|gmbh|ag|s\.?a|n\.?v)\b\.?)|;|、|\band\b|\bund\b|\bи\b|\bet\b|\by\b|&)\s*"
)
# A name ending in an initial keeps the initial's full stop ("Ким А.", "Соколова Е. В."); a sentence's is dropped.
_INITIAL_END = re.compile(r"(\s[A-ZА-ЯЁ])$")
# A label and a colon, then the names on the same line or the next ("<b>Автор:</b> Иван Петров").
_LABELLED = re.compile(
    r"(?im)^[^\S\n]*(?:автор[ыа]?|текст|author[s]?|autor(?:in|en)?|作者|记者|記者)[^\S\n]*[:：][^\S\n]*"
    r"(?:\n[^\S\n]*){0,2}([^\n]{2,80})$"
)
_LABEL_WORDS = ("автор", "текст", "author", "autor", "作者", "记者", "記者")
_BYLINE_WINDOW = 3000
_LABEL_COLON = re.compile(r"(?:автор[ыа]?|текст|author[s]?|autor(?:in|en)?|作者|记者|記者)[^\S\n]*[:：]")
_BYLINE_HINTS = ("byline", "author", "contributor")
_PHOTO_CREDIT = re.compile(r"(?i)(?:фото|photo|foto|bild|video|видео)\b")
_AFFILIATION = re.compile(r"\([^()]{1,40}\),?")
_JOINER = re.compile(r"(?i),|;|&|and|und|и|et|y")
# An author element is read as a byline only when its text is this short; longer, it is a bio or a teaser.
_MAX_LINE = 80
# rel/itemprop author elements further than this many levels from the first one belong to other articles.
_SAME_BYLINE = 3


# "Материал подготовила Елена Соколова", "Подготовили: Иван Петров и Анна Ли", an interviewer's "Беседовала …".
_CREDIT = re.compile(
    r"(?i:(?:материал|текст|статью|публикацию)\s+)?(?i:подготовил[аи]?|беседовал[аи]?|интервью записал[аи]?)"
    r"\s*:?\s+([А-ЯЁ].{2,80})"
)
_NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


@cache
def _morphology() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def is_russian_name(text: str) -> bool:
    """A Russian first name and surname ("Ирина Соколова", "Андрей Петрович Мельников"), which pymorphy3's
    dictionary of names tells from two capitalised words of another kind ("Новая Москва")."""
    words = text.split()
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    morph = _morphology()
    first, last = morph.parse(words[0]), morph.parse(words[-1])
    return any("Name" in p.tag for p in first) and any("Surn" in p.tag for p in last)


# "Por Inés Carrasco · Edición: Pablo Ruiz", "By Anna Berg | Photos by …": the names up to the next field.
_BYLINE_LINE = re.compile(
    r"(?i:by|por|von|par|door|di|автор:?|текст:?)\s+([A-ZÀ-ÖØ-ÞА-ЯЁ][^·|•\n]{2,60}?)\s*(?:[·|•]\s*.{0,80})?",
)


def byline_line(text: str) -> list[str]:
    """The authors a paragraph of their own names ("Por Inés Carrasco · Edición: Pablo Ruiz Seco"), else none."""
    found = _BYLINE_LINE.fullmatch(text) if len(text) <= _MAX_LINE + 40 else None
    if found is None:
        return []
    names = split_names(found.group(1), visible=True)
    # A person's first and last name each: "Von Risiken und Nebenwirkungen" is a heading.
    return names if names and all(name[:1].isupper() and 2 <= len(name.split()) <= 4 for name in names) else []


class Signature(NamedTuple):
    names: list[str]
    text: str
    # Said as a credit ("Материал подготовила …"): a byline whoever else the page names, where a bare name under
    # the text is one only when it is the author's.
    credit: bool


def signature(body: str) -> Signature | None:
    """The authors signed under the text as its last line ("…важным событием для района.\n\nЕлена Сорокина",
    "Материал подготовила Елена Соколова"), and the text without it."""
    text, _, last = body.rpartition("\n\n")
    if not text:
        return None
    if credit := _CREDIT.fullmatch(last):
        names = split_names(credit.group(1), visible=True)
        return Signature(names, text, credit=True) if names else None
    return Signature([last], text, credit=False) if is_russian_name(last) else None


def split_names(raw: str, visible: bool = False) -> list[str]:
    """One byline string into names, without its label ("By", "Автор:"). Visible text must also look like a name;
    a declared author is the page's word ("srf/hosb", "ORF.at") and is kept as written."""
    raw = _PREFIX.sub("", clean_text(raw))
    names = (_INITIAL_END.sub(r"\1.", name.strip(" .:")) for name in _SPLIT.split(raw))
    return [
        name
        for name in names
        if 2 <= len(name) <= 60 and len(name.split()) <= 5 and not _ONLY_LABEL.match(name)
        if not (visible and _NOT_A_NAME.search(name))
    ]


def byline(tree_root: LexborNode) -> list[str]:
    """Each rel/itemprop author element of the first byline is one author; a class-named byline may list several in
    one line."""
    marked = tree_root.css('[rel="author"], [itemprop="author"]')[:10]
    if marked:
        scope = marked[0]
        for _ in range(_SAME_BYLINE):
            scope = scope.parent or scope
        names = [name for node in marked if _inside(node, scope) for name in _names(node)]
        if names:
            return names
    for node in tree_root.css('[class*="byline"], [class*="author"], [class*="contributor"]')[:8]:
        # A picture's credit sits in "photo-author" elements: "Фото: Андрей Голубев, Курьеръ".
        if _named_as_byline(node) and not _PHOTO_CREDIT.match(node.text().lstrip()) and (names := _names(node)):
            return names
    return []


def _named_as_byline(node: LexborNode) -> bool:
    """WordPress writes a post's tags and categories into its wrapper's class ("tag-fan-contributor"): a class word
    names a byline only when it is not one of those."""
    words = (node.attributes.get("class") or "").lower().split()
    return any(
        any(hint in word for hint in _BYLINE_HINTS) and not word.startswith(("tag-", "category-")) for word in words
    )


def labelled_byline(scopes: Sequence[LexborNode]) -> list[str]:
    """A name after "Автор:" in an element no class or attribute names, on small sites and old CMSs: read only
    around the headline and the article, where a labelled name is this article's. The plain text is searched for the
    label first: splitting a long article's text into lines costs ten times as much, and most pages have no label."""
    for scope in scopes:
        text = scope.text(deep=True)
        # Only the ends of the text: the label stands by the headline or under the article. Substring tests first,
        # as a pattern with alternatives costs the regex engine a hundred times as much over a long text.
        ends = (text[:_BYLINE_WINDOW] + "\n" + text[-_BYLINE_WINDOW:]).lower()
        if not any(word in ends for word in _LABEL_WORDS) or not _LABEL_COLON.search(ends):
            continue
        if match := _LABELLED.search(scope.text(separator="\n")):
            return split_names(match.group(1), visible=True)
    return []


def _inside(node: LexborNode, scope: LexborNode) -> bool:
    parent: LexborNode | None = node
    for _ in range(_SAME_BYLINE + 1):
        if parent is None:
            return False
        if parent.mem_id == scope.mem_id:
            return True
        parent = parent.parent
    return False


def _names(node: LexborNode) -> list[str]:
    inner = node.css_first('[itemprop="name"]') or node
    lines = [line for line in (clean_text(raw) for raw in inner.text(separator="\n").split("\n")) if line]
    for at, line in enumerate(lines):
        if _ONLY_LABEL.match(line):
            continue
        if len(line) > _MAX_LINE:
            return []
        # Names in elements of their own ("<a>Дмитрий Орлов</a>, <a>Екатерина Белова</a>") are one line of text,
        # joined by the separators between them; whatever follows without one (a date, a role) is not a name.
        parts, rest = [line], lines[at + 1 :]
        while rest:
            # A name's affiliation after it ("Jake Morales (KTVM), Dana Whitfield"): dropped, its comma kept.
            if _AFFILIATION.fullmatch(rest[0]):
                parts[-1] += "," if rest.pop(0).endswith(",") else ""
                continue
            if not (parts[-1].endswith(",") or (len(rest) >= 2 and _JOINER.fullmatch(rest[0]))):
                break
            if _JOINER.fullmatch(rest[0]):
                parts.append(rest.pop(0))
            parts.append(rest.pop(0))
        return split_names(" ".join(parts), visible=True)
    return []


def without_credits(names: list[str], site: str | None) -> list[str]:
    """A publisher listed next to people ("Rob Picheta, CNN", "Ernst Lohoff, jungle.world") is a credit; alone,
    it is the author the page declares."""
    site = (site or "").casefold()
    people = [name for name in names if name.casefold() != site and not _DOMAIN.search(name)]
    return people or names
