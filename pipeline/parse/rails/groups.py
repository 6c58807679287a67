"""Finding the rail among the page's link lists: repeated sibling items, one headline each, not a related block.

A rail is a run of sibling elements built alike (same tag and first class), each holding exactly one headline link.
Many such runs exist on a page; the rail is the biggest one that is neither a "related" block nor a list embedded in
the article's prose, plus same-built runs of comparable size (a rail split into columns).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from pipeline.parse.block_names import HEADLINE_LISTS, RELATED_STORIES
from pipeline.parse.dom import ancestors, first_element, hint_tokens, text_of
from pipeline.parse.rails.labels import MAX_RUBRIC_CHARS
from pipeline.parse.rails.links import Candidate
from pipeline.parse.text import clean_text

MIN_ITEMS = 4
MAX_LEVELS = 7
_STOP_TAGS = frozenset({"body", "html", "-document"})
_RELATED_HINTS = frozenset(
    {"related", "readalso", "recommend", "recommended", "recommendations", "similar", "seealso", "also", "outbrain"}
)
# Matched against lower-cased text: a case-insensitive pattern of this many phrases costs three times as much.
_RELATED_LABEL = re.compile(RELATED_STORIES)
# A second list headed as the site's headlines ("Популярное" next to the news feed) is kept beside the main rail.
_RAIL_LABEL = re.compile(HEADLINE_LISTS)
# A heading that names a block is short; longer text is the block's content.
_HEADING_CHARS = 60
# Paragraphs this long beside a list mean the list is part of the article's text.
_PROSE_CHARS = 100


@dataclass
class Group:
    """Sibling items sharing a parent and a tag/class signature, each with its single headline link."""

    parent: LexborNode
    signature: str
    items: list[tuple[LexborNode, Candidate]] = field(default_factory=list)
    score: float = 0.0

    @property
    def item_ids(self) -> set[int]:
        return {item.mem_id for item, _ in self.items}


def _signature(node: LexborNode) -> str:
    classes = (node.attrs.get("class") or "").split()
    return f"{node.tag}.{classes[0] if classes else ''}"


def _one_headline_per_item(group: Group) -> bool:
    """Keep items whose links lead to one story; an item holding two stories is a section, not a rail item."""
    targets: dict[int, dict[str, Candidate]] = {}
    nodes: dict[int, LexborNode] = {}
    for item, link in group.items:
        targets.setdefault(item.mem_id, {}).setdefault(link.target, link)
        nodes[item.mem_id] = item
    group.items = []
    for item_id, links in targets.items():
        if len(links) == 1:
            group.items.append((nodes[item_id], next(iter(links.values()))))
            continue
        ranked = sorted(links.values(), key=lambda c: -len(c.text))
        # A second, label-sized link (a long rubric such as "Конфликт на Ближнем Востоке") does not split an item.
        if len(ranked[1].text) <= MAX_RUBRIC_CHARS:
            group.items.append((nodes[item_id], ranked[0]))
    return len(group.items) >= MIN_ITEMS and len(group.items) >= 0.8 * len(targets)


def repeated_groups(links: list[Candidate]) -> list[Group]:
    # Items filed under (parent id, item signature); a Group is built only for the few keys with enough items.
    members: dict[tuple[int, str], list[tuple[LexborNode, Candidate]]] = {}
    parents: dict[int, LexborNode] = {}
    # Per element: its parent (None at page level) with the group key it files under. Neighbouring links share
    # their ancestors, so each is read from the tree once.
    above: dict[int, tuple[LexborNode | None, tuple[int, str]]] = {}
    for link in links:
        item = link.node
        for _ in range(MAX_LEVELS):
            known = above.get(item.mem_id)
            if known is None:
                parent = item.parent
                if parent is None or parent.tag in _STOP_TAGS:
                    known = above[item.mem_id] = (None, (0, ""))
                else:
                    known = above[item.mem_id] = (parent, (parent.mem_id, _signature(item)))
            parent, key = known
            if parent is None:
                break
            bucket = members.get(key)
            if bucket is None:
                bucket = members[key] = []
                parents[key[0]] = parent
            bucket.append((item, link))
            item = parent
    _merge_highlighted(members, links)
    groups = (Group(parents[key[0]], key[1], items) for key, items in members.items() if len(items) >= MIN_ITEMS)
    return [group for group in groups if _one_headline_per_item(group)]


def _merge_highlighted(
    members: dict[tuple[int, str], list[tuple[LexborNode, Candidate]]], links: list[Candidate]
) -> None:
    """A few items of a list classed apart ("top3" on the first three of a ranking, "first", "active") join the
    siblings of the same tag that are enough for a group; siblings that each have a class of their own (a menu) stay
    apart."""
    big: dict[tuple[int, str], tuple[int, str]] = {}
    for key, items in members.items():
        if len(items) >= MIN_ITEMS:
            big.setdefault((key[0], key[1].partition(".")[0]), key)
    order: dict[int, int] = {}
    for key in [key for key, items in members.items() if len(items) < MIN_ITEMS]:
        target = big.get((key[0], key[1].partition(".")[0]))
        if target is None:
            continue
        order = order or {link.node.mem_id: position for position, link in enumerate(links)}
        merged = members[target] + members.pop(key)
        members[target] = sorted(merged, key=lambda entry: order[entry[1].node.mem_id])


def _previous_element(node: LexborNode) -> LexborNode | None:
    previous = node.prev
    while previous is not None and not previous.is_element_node:
        previous = previous.prev
    return previous


def _headings(group: Group) -> Iterator[str]:
    """Texts that may name the block: the element before it or its first element, on it and two levels up."""
    for node in (group.parent, *ancestors(group.parent, 2)):
        for heading in (_previous_element(node), first_element(node)):
            text = _short_text(heading, _HEADING_CHARS) if heading is not None else ""
            if text:
                yield text


def _is_related(group: Group) -> bool:
    nodes = [group.parent, *ancestors(group.parent, 2)]
    if any(hint_tokens(node) & _RELATED_HINTS for node in nodes):
        return True
    return any(_RELATED_LABEL.search(text.lower()) for text in _headings(group))


def _short_text(node: LexborNode, limit: int) -> str:
    """The node's clean text when it is at most `limit` characters, else "". A block's first element can be the
    whole article: cleaning a prefix rules it out, since cleaning never makes a prefix longer than the whole."""
    raw = node.text(deep=True)
    if len(raw) > 4 * limit and len(clean_text(raw[: 4 * limit])) > limit:
        return ""
    text = clean_text(raw)
    return text if len(text) <= limit else ""


def _long_paragraphs(node: LexborNode, skip: set[int]) -> int:
    return sum(
        1
        for child in node.iter()
        if child.tag == "p" and child.mem_id not in skip and len(text_of(child)) >= _PROSE_CHARS
    )


def _in_prose(group: Group) -> bool:
    """A list of links between the article's paragraphs ("Хроника событий") belongs to the article."""
    skip = group.item_ids
    outer = group.parent.parent
    count = _long_paragraphs(group.parent, skip) + (_long_paragraphs(outer, skip) if outer is not None else 0)
    return count >= 2


def _score(group: Group, body: LexborNode | None) -> float:
    score = sum(1 + min(len(link.text), 100) / 50 for _, link in group.items)
    inside = {group.parent.mem_id, *(a.mem_id for a in ancestors(group.parent))}
    if body is not None and body.mem_id in inside:
        score *= 0.3
    return score


def select(groups: list[Group], body: LexborNode | None) -> list[Group]:
    """The best-scoring rail, plus same-built blocks of comparable size (a rail split into columns)."""
    candidates = [g for g in groups if not _is_related(g) and not _in_prose(g)]
    for group in candidates:
        group.score = _score(group, body)
    if not candidates:
        return []
    best = max(candidates, key=lambda g: g.score)
    chosen = [best]
    taken = {link.node.mem_id for _, link in best.items}
    for group in candidates:
        links = {link.node.mem_id for _, link in group.items}
        if links & taken:
            continue
        column = group.signature == best.signature and group.score >= 0.5 * best.score
        if column or any(_RAIL_LABEL.search(text.lower()) for text in _headings(group)):
            chosen.append(group)
            taken |= links
    return chosen
