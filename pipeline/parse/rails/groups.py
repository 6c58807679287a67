"""Finding the rail among the page's link lists: repeated sibling items, one headline each, not a related block.

A rail is a run of sibling elements built alike (same tag and first class), each holding exactly one headline link.
Many such runs exist on a page; the rail is the biggest one that is neither a "related" block nor a list embedded in
the article's prose, plus same-built runs of comparable size (a rail split into columns).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from pipeline.parse.block_names import HEADLINE_LISTS, RELATED_STORIES
from pipeline.parse.dom import ancestors, first_element, hint_tokens, next_element, previous_element, text_of
from pipeline.parse.rails.labels import MAX_RUBRIC_CHARS, is_scoreline, label
from pipeline.parse.rails.links import Candidate, LinkFilter, short_headline
from pipeline.parse.text import SPACELESS, clean_text

MIN_ITEMS = 4
# Items of a list that is one of several built alike side by side.
_COLUMN_ITEMS = 2
_COLUMN_LEVELS = 3
_HEADED_ITEMS = 3
MAX_LEVELS = 7
_STOP_TAGS = frozenset({"body", "html", "-document"})
_RELATED_HINTS = frozenset(
    {"related", "readalso", "recommend", "recommended", "recommendations", "similar", "seealso", "also", "outbrain"}
)
# Matched against lower-cased text: a case-insensitive pattern of this many phrases costs three times as much.
_RELATED_LABEL = re.compile(RELATED_STORIES)
# A second list headed as the site's headlines ("Популярное" next to the news feed) is kept beside the main rail.
_RAIL_LABEL = re.compile(HEADLINE_LISTS)
# "More from Politics", "Ещё из рубрики Экономика", "Mehr aus Politik", "Plus d'articles Politique".
_MORE_FROM = re.compile(
    r"(?:more (?:from|in|on)|ещё из(?: рубрики| раздела)?|еще из(?: рубрики| раздела)?"
    r"|другие новости (?:рубрики|раздела)|mehr aus(?: dem ressort)?|plus d'articles|plus de|más de|altro da)"
    r"\s+(.{2,40})$"
)
# A heading that names a block is short; longer text is the block's content.
_HEADING_CHARS = 60
# Paragraphs this long beside a list mean the list is part of the article's text.
_PROSE_CHARS = 100
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# A story's address carries a date, a number or a slug of words ("/2025/11/18/…", "…-608414", "/retail-sales-beat-
# forecasts/"); a section's, a product's or a service page's rarely does ("/bengaluru", "/roundup/mac-pro/").
_STORY_PATH = re.compile(r"\d{4,}|(?:19|20)\d\d/\d\d|[^\W_]+(?:[-_][^\W_]+){2,}/?(?:\.\w+)?$")
_STORY_SHARE = 0.75
# A list beside the rail reads as headlines when its median item is a sentence, not a name.
_LIST_WORDS = 5
_LIST_CHARS = 35


@dataclass
class Group:
    """Sibling items sharing a parent and a tag/class signature, each with its single headline link."""

    parent: LexborNode
    signature: str
    items: list[tuple[LexborNode, Candidate]] = field(default_factory=list)
    score: float = 0.0
    # The fewest items the group may keep: fewer for one of several columns built alike.
    least: int = MIN_ITEMS

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
    return len(group.items) >= group.least and len(group.items) >= 0.8 * len(targets)


def repeated_groups(links: list[Candidate], declared: bool = True) -> list[Group]:
    """Sibling items built alike with one headline link each, up to seven levels above the links. `declared` says the
    page declares itself an article; a page that does not (a front page) keeps its lists of three stories too."""
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
    columns = _short_columns(members, parents)
    groups = [
        Group(parents[key[0]], key[1], items, least=_COLUMN_ITEMS if key in columns else MIN_ITEMS)
        for key, items in members.items()
        if len(items) >= MIN_ITEMS or key in columns
    ]
    # Three stories headed as the site's picks ("Выбор редакции", "Главное") or by a link to a section ("Мнения"),
    # or set out as teaser cards (<article>) on a page that is no article, are a rail of their own. Headings cost a
    # read of the elements around the list, so the addresses come first.
    threes = (
        Group(parents[key[0]], key[1], items, least=_HEADED_ITEMS)
        for key, items in members.items()
        if len(items) == _HEADED_ITEMS and key not in columns
    )
    groups += (
        group
        for group in threes
        if _stories(group)
        and (
            _headed_as_headlines(group)
            or _heading_link(group) is not None
            or (not declared and group.signature.startswith("article.") and _headline_list(group))
        )
    )
    return [group for group in groups if _one_headline_per_item(group)]


def _headed_as_headlines(group: Group) -> bool:
    # The block's first element may be its first item, whose headline can say "Latest…" too.
    own = {link.text for _, link in group.items}
    return any(_RAIL_LABEL.search(text.lower()) for text in _headings(group) if text not in own)


def _short_columns(
    members: dict[tuple[int, str], list[tuple[LexborNode, Candidate]]], parents: dict[int, LexborNode]
) -> set[tuple[int, str]]:
    """Lists too short to be a rail alone that stand side by side, built alike, as a front page's section columns
    do (three stories under "Politique", three under "Économie"): together they are one."""
    # Only lists built like a short one can be its columns.
    short = {key[1] for key, items in members.items() if _COLUMN_ITEMS <= len(items) < MIN_ITEMS}
    if not short:
        return set()
    cousins: dict[tuple[int, str, str], list[tuple[int, str]]] = {}
    signatures: dict[int, str] = {}
    for key, items in members.items():
        if len(items) < _COLUMN_ITEMS or key[1] not in short:
            continue
        # Columns meet a level or a few above their lists: "<section><h2>…</h2><ul>" side by side in one block.
        node, path = parents[key[0]], key[1]
        for _ in range(_COLUMN_LEVELS):
            above = node.parent
            if above is None or above.tag in _STOP_TAGS:
                break
            if (signature := signatures.get(node.mem_id)) is None:
                signature = signatures[node.mem_id] = _signature(node)
            path = f"{signature}>{path}"
            cousins.setdefault((above.mem_id, path, key[1]), []).append(key)
            node = above
    return {
        key
        for keys in cousins.values()
        if len(keys) >= 2 and sum(len(members[key]) for key in keys) >= 2 * MIN_ITEMS
        for key in keys
    }


def _merge_highlighted(
    members: dict[tuple[int, str], list[tuple[LexborNode, Candidate]]], links: list[Candidate]
) -> None:
    """A few items of a list classed apart ("top3" on the first three of a ranking, "first", "active") join the
    siblings of the same tag that are enough for a group, and so does a lead item standing just before the block that
    holds them; siblings that each have a class of their own (a menu) stay apart."""
    big: dict[tuple[int, str], tuple[int, str]] = {}
    for key, items in members.items():
        if len(items) >= MIN_ITEMS:
            big.setdefault((key[0], key[1].partition(".")[0]), key)
    order: dict[int, int] = {}
    for key in [key for key, items in members.items() if len(items) < MIN_ITEMS]:
        target = big.get((key[0], key[1].partition(".")[0]))
        if target is None and len(members[key]) == 1 and key[1].startswith("article."):
            # A lead story card set before the grid of the rest ("<article class=lead>" beside "<div class=grid>").
            beside = next_element(members[key][0][0])
            target = big.get((beside.mem_id, key[1].partition(".")[0])) if beside is not None else None
        if target is None:
            continue
        order = order or {link.node.mem_id: position for position, link in enumerate(links)}
        merged = members[target] + members.pop(key)
        members[target] = sorted(merged, key=lambda entry: order[entry[1].node.mem_id])


def _path(item: LexborNode, link: LexborNode) -> tuple[str, ...]:
    """The signatures of the elements from below the item down to its link."""
    steps = []
    node: LexborNode | None = link
    while node is not None and node.mem_id != item.mem_id:
        steps.append(_signature(node))
        node = node.parent
    return tuple(reversed(steps))


def _follow(item: LexborNode, path: tuple[str, ...]) -> LexborNode | None:
    node: LexborNode | None = item
    for step in path:
        child = first_element(node) if node is not None else None
        while child is not None and _signature(child) != step:
            child = next_element(child)
        node = child
    return node


def fill_in(group: Group, links: LinkFilter) -> None:
    """Adds the items built like the rest whose headline is too short to be taken for one on its own ("Ставка на
    паузе" among "Брюссель ищет компромисс по бюджету"): the link at the same place in a sibling item of the same
    signature."""
    # Most lists have no sibling left over: counting the parent's elements is cheaper than reading their paths.
    siblings, child = 0, first_element(group.parent)
    while child is not None:
        siblings += 1
        child = next_element(child)
    if siblings <= len(group.items):
        return
    paths = Counter(_path(item, link.node) for item, link in group.items)
    path, count = paths.most_common(1)[0]
    if count < 0.6 * len(group.items):
        return
    known = {item.mem_id: (item, link) for item, link in group.items}
    items = []
    child = first_element(group.parent)
    while child is not None:
        if child.mem_id in known:
            items.append(known[child.mem_id])
        elif _signature(child) == group.signature:
            node = _follow(child, path)
            candidate = short_headline(node, links) if node is not None and node.tag == "a" else None
            # Its address must vouch for it as much as its place does: a short name linking to "/video/" is a
            # section's.
            if candidate is not None and story_path(candidate.target):
                items.append((child, candidate))
        child = next_element(child)
    # Short headlines stay the exception: a list mostly of them is a menu.
    added = len(items) - len(known)
    if added > 0 and added * 2 <= len(known):
        group.items = items


def _headings(group: Group) -> Iterator[str]:
    """Texts that may name the block: the element before it or its first element, on it and two levels up."""
    for node in (group.parent, *ancestors(group.parent, 2)):
        for heading in (previous_element(node), first_element(node)):
            text = _short_text(heading, _HEADING_CHARS) if heading is not None else ""
            if text:
                yield text


def _heading_link(group: Group) -> str | None:
    """The text of a heading over the block that is a link into the site and nothing else."""
    # The heading stands before the block, or first in it, above items that are the block's children.
    headings = (first_element(group.parent), *map(previous_element, (group.parent, *ancestors(group.parent, 2))))
    for heading in headings:
        if heading is None or heading.tag not in _HEADING_TAGS:
            continue
        link = first_element(heading)
        host = urlsplit(group.items[0][1].target).netloc
        href = link.attributes.get("href") if link is not None and link.tag == "a" else None
        if not href or urlsplit(href).netloc not in ("", host):
            return None
        text = text_of(heading)
        return label(text) if text == text_of(link) else None
    return None


def section_headings(groups: list[Group]) -> dict[int, str]:
    """Per group (by id), the section it is headed by, where blocks built alike stand side by side under headings
    linking to different sections ("Business", "Technology" over the columns of a front page): the heading is the
    rubric of each of its headlines. A single block's heading names the block ("Новости часа", "Schlagzeilen")."""
    found: dict[tuple[str, str], dict[int, str]] = {}
    for group in groups:
        if text := _heading_link(group):
            found.setdefault((group.signature, _signature(group.parent)), {})[id(group)] = text
    return {key: text for columns in found.values() if len(set(columns.values())) >= 2 for key, text in columns.items()}


def _is_related(group: Group, sections: frozenset[str]) -> bool:
    """A block of stories on the article's subject: named so by its class or heading, or headed "More from X"
    where X is the section the page's own address is filed under ("More from Politics" on /politics/…); "More from
    The Signal Post" names the site, whose latest stories make a rail."""
    nodes = [group.parent, *ancestors(group.parent, 2)]
    if any(hint_tokens(node) & _RELATED_HINTS for node in nodes):
        return True
    for text in _headings(group):
        lowered = text.lower()
        if _RELATED_LABEL.search(lowered):
            return True
        more = _MORE_FROM.match(lowered)
        if more and "-".join(more.group(1).split()) in sections:
            return True
    return False


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


def story_path(url: str) -> bool:
    scheme_end = url.find("://", 0, 12)
    rest = url[scheme_end + 3 :] if scheme_end >= 0 else url
    path, _, query = rest.partition("?")
    return _STORY_PATH.search(path[path.find("/") :] if "/" in path else "") is not None or any(
        ch.isdigit() for ch in query
    )


def _headline_list(group: Group) -> bool:
    """A list outside the article worth keeping beside the rail: headlines of stories, not the site's sections,
    products, job ads or service pages that are set out alike."""
    texts = sorted(len(link.text.split()) for _, link in group.items)
    sizes = sorted(len(link.text) for _, link in group.items)
    middle = len(texts) // 2
    if SPACELESS.search(group.items[0][1].text) is None and (
        texts[middle] < _LIST_WORDS or sizes[middle] < _LIST_CHARS
    ):
        return False
    return _stories(group)


def _stories(group: Group) -> bool:
    """Whether the items' addresses are stories': three quarters carry a date, a number or a slug."""
    return sum(story_path(link.target) for _, link in group.items) >= _STORY_SHARE * len(group.items)


def _inside(group: Group, body: LexborNode | None) -> bool:
    """Whether the group lies in the block read as the article; a block that is the group's own list (a listing
    page's grid of cards, read as text for its summaries) is no article around it."""
    return body is not None and body.mem_id in {a.mem_id for a in ancestors(group.parent)}


def _score(group: Group, inside: bool) -> float:
    score = sum(1 + min(len(link.text), 100) / 50 for _, link in group.items)
    return score * 0.3 if inside else score


def _scoreboard(group: Group) -> bool:
    """Match results and fixtures, built like a rail and linking to the site's match pages."""
    return sum(is_scoreline(link.text) for _, link in group.items) * 2 >= len(group.items)


def select(
    groups: list[Group], body: LexborNode | None, sections: frozenset[str] = frozenset(), declared: bool = False
) -> list[Group]:
    """The best-scoring rail, then every other list of headlines outside the article ("Most read" in the sidebar, a
    grid of cards below the text, a column per section); inside the article's block only same-built columns of the
    rail and lists headed as the site's headlines count, since its other lists are the article's own."""
    candidates = [g for g in groups if not _is_related(g, sections) and not _in_prose(g) and not _scoreboard(g)]
    if not candidates:
        return []
    # On a page that does not declare itself an article, the block read as one for its length is a front page's or a
    # section's column: its lists of stories are lists like the others.
    inside = {id(group): declared and _inside(group, body) for group in candidates}
    for group in candidates:
        group.score = _score(group, inside[id(group)])
    # Nested levels of one list share their links: the better-scoring level is taken.
    candidates.sort(key=lambda g: -g.score)
    best = candidates[0]
    chosen = [best]
    taken = {link.node.mem_id for _, link in best.items}
    left = []
    for group in candidates[1:]:
        links = {link.node.mem_id for _, link in group.items}
        if links & taken:
            continue
        column = group.signature == best.signature and group.score >= 0.5 * best.score
        if column or (not inside[id(group)] and _headline_list(group)) or _headed_as_headlines(group):
            chosen.append(group)
            taken |= links
        else:
            left.append((group, links))
    # A list built like a chosen one, standing beside it (under one block a few levels up) and headed by a link to
    # its section, is the next column of a front page's sections, whose headlines may run shorter than a list alone
    # must show.
    built = {
        (group.signature, _signature(group.parent), above.mem_id)
        for group in chosen
        for above in ancestors(group.parent, _COLUMN_LEVELS)
    }
    for group, links in left:
        shape = (group.signature, _signature(group.parent))
        beside = any((*shape, above.mem_id) in built for above in ancestors(group.parent, _COLUMN_LEVELS))
        if beside and _stories(group) and not links & taken and _heading_link(group) is not None:
            chosen.append(group)
            taken |= links
    return chosen
