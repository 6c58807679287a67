"""Main-content detection: score blocks by the paragraphs they hold, then widen the winner to the whole article.

The scoring follows the Readability family (text length, commas, link density, class and id hints) because it
works across sites without per-site rules. Articles split into many small blocks (steps of a how-to, one box per
section, a lead box and a text box) give a winner that holds only a part: the widening step climbs to the ancestor
that gathers the competing blocks, as Readability does with its top candidates (pipeline.parse.joining).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from pipeline.parse.body import INLINE_TAGS
from pipeline.parse.dom import (
    JUNK_TAGS,
    NEGATIVE_HINTS,
    POSITIVE_HINTS,
    STRONG_NEGATIVE_HINTS,
    ancestors,
    hint_tokens,
)
from pipeline.parse.index import PageIndex
from pipeline.parse.joining import PAGE_LEVEL, join_article
from pipeline.parse.measure import NodeText
from pipeline.parse.text import clean_text

_COMMAS = re.compile("[,，、،]")
# Consent banners and cookie settings are long, comma-rich prose that outscores short articles. A paragraph on cookies
# and consent or settings does not count; an article on cookie law still wins on its other paragraphs.
_CONSENT = re.compile(
    r"(?:consent|setting|browser|accept|privacy|einwillig|zustimm|akzeptier|einstellung|datenschutz"
    r"|consentement|paramètre|navigateur|согласи|настройк|браузер)",
    re.I,
)
# Readability's figures: the five best blocks compete.
_TOP = 5
_MAX_ANCESTORS = 40
_HINT_LEVELS = 4
# Blocks scoring this share of the best one (Readability's close runners-up) hold article text the reader must not
# drop for their names.
_CORE_SCORE = 0.75
# A winner holding less article text than this may have lost to text kept in lists or inline-only divs.
_THIN = 500
# A content-like class name earns its full bonus on a block holding this much article text.
_FULL_BONUS_TEXT = 500.0
# Layout words name grids that hold the article as often as the furniture beside it ("sidebar-grid__container"). A
# login panel's messages ("Your password must be 8 characters long") are long prose that can outscore a short article.
_JUNK_HINTS = STRONG_NEGATIVE_HINTS - {
    "sidebar",
    "footer",
    "banner",
    "navbar",
    "navigation",
    "breadcrumb",
    "breadcrumbs",
} | {"login", "signin", "logon"}


_LENIENT_JUNK = JUNK_TAGS - {"aside"}


@dataclass(frozen=True)
class Container:
    """The block holding the article, and the children of it that are not article (siblings left out)."""

    node: LexborNode
    skip: frozenset[int] = frozenset()
    # The blocks scoring close to the best and their ancestors up to `node`: the reader must not drop them for their
    # names, as wrappers named "article modal-enabled" or "article-header" can hold the whole text.
    core: frozenset[int] = frozenset()


class _Context:
    """Whether an element's ancestry disqualifies the text in it. Tags count at any height; class names and forms
    only near the text, as page wrappers carry layout names ("panel-two-col-sidebar-right") and feature flags
    ("enable-sharing"), and ASP.NET wraps whole pages in a form. Paragraphs share nearly all their ancestors, so
    each element's lineage is built once, from its parent's."""

    def __init__(self, excluded: set[int], junk: frozenset[str] = JUNK_TAGS) -> None:
        self.excluded = excluded
        self.junk = junk
        # Per element: its id and its ancestors' (up to _MAX_ANCESTORS in all), and the distance up to the nearest
        # junk element, itself included.
        self.lineage: dict[int, tuple[tuple[int, ...], int]] = {}
        self.hints: dict[int, bool] = {}

    def _lineage(self, node: LexborNode) -> tuple[tuple[int, ...], int]:
        fresh: list[tuple[LexborNode, int]] = []
        current: LexborNode | None = node
        known: tuple[tuple[int, ...], int] = ((), _MAX_ANCESTORS)
        # Only _MAX_ANCESTORS levels count, and a page nested 100,000 deep must not be walked to the top.
        while current is not None and len(fresh) < _MAX_ANCESTORS:
            key = current.mem_id
            if (found := self.lineage.get(key)) is not None:
                known = found
                break
            fresh.append((current, key))
            current = current.parent
        ids, distance = known
        for element, key in reversed(fresh):
            tag = element.tag
            junk = (tag in self.junk and tag != "form") or key in self.excluded
            distance = 0 if junk else min(distance + 1, _MAX_ANCESTORS)
            ids = ((key, *ids))[:_MAX_ANCESTORS]
            known = self.lineage[key] = (ids, distance)
        return known

    def _hint_junk(self, node: LexborNode) -> bool:
        key = node.mem_id
        verdict = self.hints.get(key)
        if verdict is None:
            verdict = self.hints[key] = node.tag == "form" or _boilerplate_block(node)
        return verdict

    def chain(self, parent: LexborNode) -> tuple[list[LexborNode], tuple[int, ...]] | None:
        """The nearest ancestors of a paragraph (its parent first) and the ids of all it counts towards, or None
        when the paragraph sits in junk."""
        ids, distance = self._lineage(parent)
        if distance < _MAX_ANCESTORS:
            return None
        near: list[LexborNode] = []
        current: LexborNode | None = parent
        while current is not None and len(near) < _HINT_LEVELS:
            if self._hint_junk(current):
                return None
            near.append(current)
            current = current.parent
        return near, ids


def _boilerplate_block(node: LexborNode) -> bool:
    """A comments list, share bar or related box; a wrapper also named for content ("article modal-enabled",
    "content-with-sidebar") holds real articles, so it keeps the benefit of the doubt."""
    if node.tag in PAGE_LEVEL or node.tag in ("main", "article"):
        return False
    tokens = hint_tokens(node)
    return bool(tokens & _JUNK_HINTS) and not tokens & POSITIVE_HINTS


def _hint_bonus(node: LexborNode, good: float) -> float:
    """Class and tag hints. A content-like name is worth its full bonus only on a block holding an article's worth
    of text: an author bio or a print-preview box is named "content" too, and would outscore a short article.
    The classes of <body> name the page's template ("single-article"), not a block of it."""
    if node.tag in PAGE_LEVEL:
        return -3.0
    tokens = hint_tokens(node)
    if "articlebody" in tokens:
        return 50.0
    bonus = 25.0 * min(good / _FULL_BONUS_TEXT, 1.0) if tokens & POSITIVE_HINTS else 0.0
    bonus -= 25.0 if tokens & NEGATIVE_HINTS else 0.0
    return bonus + {"article": 10.0, "main": 5.0, "div": 2.0, "section": 2.0}.get(node.tag or "", -3.0)


_LINE_HOLDERS = frozenset({"font", "span", "b", "i", "center"})


def _paragraph_nodes(index: PageIndex, thorough: bool) -> list[tuple[LexborNode, bool]]:
    """Paragraphs, plus divs and cells that hold prose directly: many CMSs never write a <p>. Thorough, also list
    items, divs holding only inline markup ("<div><span>text</span></div>") and the <font> or <span> holding
    lines set apart by <br>, for pages whose text is neither.
    Each comes with whether all its text is its own (a loose div's child blocks are paragraphs of their own)."""
    loose = [d for tag in ("div", "td") for d in index.tag(tag) if len(d.text(deep=False).strip()) >= 60]
    prose = index.tag("p") + index.tag("pre") if index.tag("pre") else index.tag("p")
    found = [(node, True) for node in prose] + [(node, False) for node in loose]
    if thorough:
        seen = {d.mem_id for d in loose}
        found += [(d, True) for d in index.tag("div") if d.mem_id not in seen and _inline_only(d)]
        found += [(item, True) for item in index.tag("li")]
        # Text set in lines by <br> inside a <font> or <span> (old table layouts): the element holding the lines.
        for br in index.tag("br"):
            holder = br.parent
            if holder is not None and holder.tag in _LINE_HOLDERS and holder.mem_id not in seen:
                seen.add(holder.mem_id)
                if len(holder.text(deep=False).strip()) >= 60:
                    found.append((holder, False))
    return found


def _inline_only(node: LexborNode) -> bool:
    return all(child.is_text_node or child.tag in INLINE_TAGS for child in node.iter(include_text=True))


class Scores:
    """Readability scores of the blocks near each paragraph, and the article text each element holds (`good`); the
    tree is read once, measures are cached."""

    def __init__(self, index: PageIndex, measure: NodeText, context: _Context, thorough: bool = False) -> None:
        self.measure = measure
        self.nodes: dict[int, LexborNode] = {}
        self.score: dict[int, float] = {}
        self.good: dict[int, float] = {}
        chains: dict[int, tuple[list[LexborNode], tuple[int, ...]] | None] = {}
        good_under: dict[int, float] = {}
        weight_under: dict[int, float] = {}
        for paragraph, whole in _paragraph_nodes(index, thorough):
            text = measure.text(paragraph)
            # Text written straight into a div counts towards that div, as Readability's wrapping of it in <p> would.
            parent = paragraph.parent if whole else paragraph
            if len(text) < 25 or parent is None:
                continue
            # Paragraphs come in runs under one parent: its ancestry is judged once.
            parent_id = parent.mem_id
            if parent_id not in chains:
                chains[parent_id] = context.chain(parent)
            if chains[parent_id] is None:
                continue
            density = measure.links(paragraph) / len(text)
            weight = (1 + len(_COMMAS.findall(text)) + min(len(text) / 100, 3)) * (1 - density)
            if "ookie" in text and _CONSENT.search(text):
                continue
            if weight <= 0:
                continue
            own = len(text) if whole else len(clean_text(paragraph.text(deep=False)))
            good = own * (1 - density)
            if whole:
                self.good[paragraph.mem_id] = self.good.get(paragraph.mem_id, 0.0) + good
            good_under[parent_id] = good_under.get(parent_id, 0.0) + good
            weight_under[parent_id] = weight_under.get(parent_id, 0.0) + weight
        # Sums per parent, handed to the ancestors once rather than paragraph by paragraph.
        for parent_id, good in good_under.items():
            near, ids = chains[parent_id] or ((), ())
            for key in ids:
                self.good[key] = self.good.get(key, 0.0) + good
            # zip: on pages nested deeper than _MAX_ANCESTORS the ids may stop short of the nearest ancestors.
            for level, (node, key) in enumerate(zip(near[:3], ids, strict=False)):
                if node.tag in ("html", "-document"):
                    break
                if key not in self.score:
                    self.nodes[key] = node
                    self.score[key] = 0.0
                self.score[key] += weight_under[parent_id] / (1, 2, 3)[level]
        for key, node in self.nodes.items():
            self.score[key] += _hint_bonus(node, self.good.get(key, 0.0))

    def final(self, node: LexborNode) -> float:
        return self.score.get(node.mem_id, 0.0) * (1 - self.measure.link_density(node))

    def ranked(self) -> list[tuple[LexborNode, float]]:
        scored: list[tuple[LexborNode, float]] = []
        floor = -math.inf
        for key in sorted(self.score, key=self.score.__getitem__, reverse=True)[: _TOP * 2]:
            # Link density only lowers a score, so a block scoring below the fifth best final score so far is out
            # without measuring it (measuring a big block's links is the costly part).
            if max(self.score[key], 0.0) < floor:
                break
            scored.append((self.nodes[key], self.final(self.nodes[key])))
            if len(scored) >= _TOP:
                floor = sorted((score for _, score in scored), reverse=True)[_TOP - 1]
        return sorted(scored, key=lambda item: item[1], reverse=True)[:_TOP]


def find_container(index: PageIndex, excluded: set[int], measure: NodeText | None = None) -> Container | None:
    """The element holding the most article-like text, widened to the article when its text is spread thin."""
    measure = measure or NodeText()
    scores = Scores(index, measure, _Context(excluded))
    ranked = scores.ranked()
    if not ranked or scores.good.get(ranked[0][0].mem_id, 0.0) < _THIN:
        scores = Scores(index, measure, _Context(excluded), thorough=True)
        ranked = scores.ranked()
    if not ranked or ranked[0][1] <= 0:
        # Some templates set the whole story in an <aside> (a "direct content" panel): when nothing outside one
        # reads as text, the text in one is the article.
        scores = Scores(index, measure, _Context(excluded, _LENIENT_JUNK), thorough=True)
        ranked = scores.ranked()
    if not ranked or ranked[0][1] <= 0:
        return None
    node, skip = join_article(ranked, scores, excluded)
    return Container(node, skip, _core(ranked, node))


def _core(ranked: list[tuple[LexborNode, float]], container: LexborNode) -> frozenset[int]:
    """The blocks inside the container scoring close to the best one, and their ancestors up to it."""
    core: set[int] = set()
    top = ranked[0][1]
    for best, score in ranked:
        if score < _CORE_SCORE * top:
            continue
        path = [best.mem_id]
        for parent in ancestors(best, _MAX_ANCESTORS):
            if parent.mem_id == container.mem_id:
                core.update(path)
                break
            path.append(parent.mem_id)
    return frozenset(core)
