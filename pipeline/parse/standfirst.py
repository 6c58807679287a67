"""The standfirst: the paragraph under the headline that sums the article up, printed above the article text.

It often sits in the page header beside the headline, outside the block that holds the article text, so it is looked
for separately. The page's description meta repeats it, which tells it apart from the byline, the kicker and the photo
credit around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborNode

from pipeline.parse.dates import DATE_FIELD
from pipeline.parse.dom import JUNK_TAGS, hint_tokens
from pipeline.parse.joining import PAGE_LEVEL
from pipeline.parse.measure import NodeText
from pipeline.parse.text import clean_text, word_key

# The description meta read, how short it may be, how far from the article block the standfirst is looked for (levels
# up, blocks before it at each level), and how many of the article's first paragraphs may already hold it.
_DESCRIPTIONS = 'meta[property="og:description"], meta[name="description"], meta[name="twitter:description"]'
_MIN_LEAD = 40
_LEAD_LEVELS = 5
_LEAD_SIBLINGS = 12
_LEAD_WITHIN = 3
_MAX_LEAD_DEPTH = 12
_LEAD_PREFIX = 60
_LEAD_SPREAD = 1.5
# A "summary" block can be the date line under the headline ("Published: 5:42 PM CDT April 9, 2025 Updated: …").
_DATE_LINE = re.compile(rf"{DATE_FIELD}\b", re.I)
# "perex" is the Czech and Slovak word for a standfirst, "anons" the Russian one, "opener" iDNES's class for one.
LEAD_HINTS = frozenset(
    {
        "intro",
        "lead",
        "abstract",
        "standfirst",
        "summary",
        "subheadline",
        "subtitle",
        "dek",
        "deck",
        "perex",
        "anons",
        "announce",
        # 1C-Bitrix's field for a news item's summary ("news-detail__preview", PREVIEW_TEXT).
        "preview",
        "opener",
    }
)
_LEAD_SELECTOR = ",".join(f"[class*={name}]" for name in sorted(LEAD_HINTS))
# Names only a standfirst goes by; "intro", "lead" and "summary" also name login boxes, players and teasers.
_STANDFIRST_HINTS = frozenset({"standfirst", "subheadline", "subtitle", "dek", "deck", "perex"})


def find_lead(container: LexborNode, paragraphs: list[str], title: str | None, measure: NodeText) -> str | None:
    """The standfirst, when the article's first paragraphs do not hold it already: the innermost element in the
    article's header or before the article block, a few levels up, that holds the page's description; failing
    that, one named as a standfirst."""
    opening = word_key(" ".join(paragraphs[:_LEAD_WITHIN]))
    # The fullest description first, then the others: a page's descriptions can be differently shortened copies of
    # the standfirst it prints ("…в июне. Объясняем…" beside "…в июне, теперь их перенесли… Объясняем…").
    for description in _descriptions(container):
        if len(description) < _MIN_LEAD or description == title:
            continue
        key = word_key(description.rstrip(".…"))
        probe = key.partition(" ")[0]
        # Descriptions run on into the second paragraph, or stop short of the end of the first: the text holds it,
        # and only a block named plainly as the standfirst can be one.
        if key[:_LEAD_PREFIX] in opening:
            return _named_lead(container, paragraphs, measure, _STANDFIRST_HINTS)
        for block in _blocks_before(container):
            text = measure.text(block)
            # The cheap test first: blocks before the article can be whole menus and sidebars.
            if probe in text.casefold() and key in word_key(text):
                lead = _innermost(block, key, measure)
                return lead if len(lead) <= _LEAD_SPREAD * len(description) else None
    return _named_lead(container, paragraphs, measure)


def _named_lead(
    container: LexborNode, paragraphs: list[str], measure: NodeText, names: frozenset[str] = LEAD_HINTS
) -> str | None:
    """A standfirst the description does not repeat, found by the name CMSs give it ("article-intro", "lead")."""
    for block in _blocks_before(container):
        for node in [block, *block.css(_LEAD_SELECTOR)]:
            if not hint_tokens(node) & names:
                continue
            text = measure.text(node)
            # A "lead" video or picture with its caption is media, not the standfirst.
            # Nor is a block of inline CSS or script (a theme's "{ margin-bottom:30px }" in a subtitle element).
            if _DATE_LINE.match(text) or "{" in text or node.css_first("img, video, iframe, picture, figure"):
                continue
            if len(text) >= _MIN_LEAD and measure.links(node) < 0.2 * len(text) and text not in paragraphs:
                return text
    return None


def _blocks_before(container: LexborNode) -> Iterator[LexborNode]:
    """The article block's own header (which the reader skips), then the blocks before it, nearest first, at each
    level up."""
    yield from (child for child in container.iter() if child.tag == "header" or "header" in hint_tokens(child))
    node: LexborNode | None = container
    for _ in range(_LEAD_LEVELS):
        if node is None or node.tag in PAGE_LEVEL:
            return
        previous, seen = node.prev, 0
        while previous is not None and seen < _LEAD_SIBLINGS:
            if previous.is_element_node and previous.tag not in JUNK_TAGS:
                seen += 1
                yield previous
            previous = previous.prev
        node = node.parent


def _innermost(block: LexborNode, key: str, measure: NodeText) -> str:
    """The smallest element holding all of the description: the lead paragraph, not the header around it."""
    found = block
    for _ in range(_MAX_LEAD_DEPTH):
        inner = next((child for child in found.iter() if key in word_key(measure.text(child))), None)
        if inner is None:
            break
        found = inner
    return measure.text(found)


def _descriptions(container: LexborNode) -> list[str]:
    """The page's distinct descriptions, the fullest first."""
    root = container
    while root.parent is not None and root.tag != "html":
        root = root.parent
    head = next((child for child in root.iter() if child.tag == "head"), None)
    if head is None:
        return []
    site = head.css_first('meta[property="og:site_name"]')
    name = site.attributes.get("content") if site is not None else None
    found = [
        text
        for meta in head.css(_DESCRIPTIONS)
        if (text := clean_text(meta.attributes.get("content"))) and not is_slogan(text, name)
    ]
    first = fullest(found)
    return list(dict.fromkeys([first, *found])) if first else []


def is_slogan(description: str, site: str | None) -> bool:
    """The site's description on every page ("Деловой вектор — экономика, бизнес и финансы Поволжья: новости,
    аналитика"), shown in its header too: it opens with the site's name and a dash or a colon."""
    if not site:
        return False
    rest = description.removeprefix(site).lstrip()
    return rest != description and rest[:1] in ("—", "–", "-", ":", "|")


def fullest(descriptions: list[str]) -> str | None:
    """The first description, or a later one that goes on where it stops: og:description is often a shortened copy
    of the description the page prints as its standfirst. One that only differs ("Nature - With the…") is not it."""
    chosen = next((text for text in descriptions if text), None)
    for text in descriptions:
        if chosen and len(text) > len(chosen) and word_key(text).startswith(word_key(chosen.rstrip(".…"))):
            chosen = text
    return chosen
