"""The headline rail: the long, page-level list of links to other articles of the same site, with rubrics.

Sites differ in markup but not in shape: a rail is a run of sibling elements built alike, each holding one
headline-length link to the same site and maybe a short label. Menus, breadcrumbs and tag clouds fail the
headline-length test; a small "Related" block fails the size and label tests; the article's own links sit in
prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.parse.dom import LinkResolver, ancestors, hint_tokens, resolve, text_of
from pipeline.records import Headline

MIN_ITEMS = 4
MAX_LEVELS = 4
MAX_RUBRIC_CHARS = 40
_OUTSIDE_RAIL = frozenset({"nav", "footer", "form", "button", "select", "template", "noscript"})
_LABEL_HINTS = ("rubric", "categor", "section", "kicker", "label", "topic", "tag", "theme", "subject")
_RELATED_HINTS = frozenset(
    {"related", "readalso", "recommend", "recommended", "recommendations", "similar", "seealso", "also"}
)
_RELATED_LABEL = re.compile(
    r"(читайте|смотрите|см\.)\s+также|по теме|related|see also|read (more|also)|"
    r"more on this|ещё по теме|еще по теме",
    re.I,
)
_TIME_PARTS = re.compile(
    r"\d{1,2}[:.]\d{2}|\d{1,2}\s+[\u0430-\u044f\u0451]+\s*(\d{4})?|\d{1,2}\.\d{1,2}(\.\d{2,4})?|\b(сегодня|вчера|today|"
    r"yesterday)\b|\d+\s*(мин|min|ч|h|час\w*|hours?|minutes?)\.?\s*(назад|ago)?",
    re.I,
)
_TITLE_SELECTOR = "h1, h2, h3, h4, h5, h6, [class*='title'], [class*='headline']"


@dataclass
class _Group:
    """Sibling items sharing a parent and a tag/class signature, each with its single headline link."""

    parent: LexborNode
    signature: str
    items: list[tuple[LexborNode, LexborNode, str]] = field(default_factory=list)
    score: float = 0.0


def _same_site(link: str, resolver: LinkResolver) -> bool:
    if resolver.base is None:
        return True
    a, b = resolver.host_of(link), resolver.host
    return bool(a) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def _is_headline_text(text: str) -> bool:
    return (len(text.split()) >= 4 or len(text) >= 25) and len(text) <= 300


def _in_prose(link: LexborNode, text: str) -> bool:
    """An in-body link sits inside a paragraph that says much more than the link does."""
    block = link.parent
    while block is not None and block.tag in ("span", "b", "strong", "em", "i"):
        block = block.parent
    if block is None or block.tag not in ("p", "li", "blockquote"):
        return False
    return len(text_of(block)) > 1.5 * len(text)


def _headline_links(tree: LexborHTMLParser, url: str | None) -> list[tuple[LexborNode, str]]:
    resolver = LinkResolver(url)
    own = {resolve(url, None)}
    links = []
    for link in tree.css("a[href]"):
        text = text_of(link)
        if not _is_headline_text(text):
            continue
        target = resolver(link.attributes.get("href"))
        if target is None or target in own or not _same_site(target, resolver):
            continue
        if _in_prose(link, text) or any(a.tag in _OUTSIDE_RAIL for a in ancestors(link, 15)):
            continue
        links.append((link, target))
    return links


def _signature(node: LexborNode) -> str:
    classes = (node.attributes.get("class") or "").split()
    return f"{node.tag}.{classes[0] if classes else ''}"


def _groups(links: list[tuple[LexborNode, str]]) -> list[_Group]:
    groups: dict[tuple[int, str], _Group] = {}
    for link, target in links:
        item = link
        for _ in range(MAX_LEVELS):
            parent = item.parent
            if parent is None or parent.tag in ("body", "html", "-document"):
                break
            key = (parent.mem_id, _signature(item))
            group = groups.setdefault(key, _Group(parent, key[1]))
            group.items.append((item, link, target))
            item = parent
    return [g for g in groups.values() if len(g.items) >= MIN_ITEMS and _one_link_per_item(g)]


def _one_link_per_item(group: _Group) -> bool:
    """Keep items holding exactly one headline URL; a block of several links is a section, not an item."""
    urls: dict[int, set[str]] = {}
    for item, _, target in group.items:
        urls.setdefault(item.mem_id, set()).add(target)
    single = [entry for entry in group.items if len(urls[entry[0].mem_id]) == 1]
    seen: set[int] = set()
    group.items = [e for e in single if e[0].mem_id not in seen and not seen.add(e[0].mem_id)]
    return len(group.items) >= MIN_ITEMS and len(group.items) >= 0.8 * len(urls)


def _is_related(group: _Group) -> bool:
    nodes = [group.parent, *ancestors(group.parent, 2)]
    if any(hint_tokens(node) & _RELATED_HINTS for node in nodes):
        return True
    for node in nodes:
        for label in (node.prev, _first_element(node)):
            while label is not None and not label.is_element_node:
                label = label.prev
            text = text_of(label) if label is not None else ""
            if text and len(text) <= 60 and _RELATED_LABEL.search(text):
                return True
    return False


def _first_element(node: LexborNode) -> LexborNode | None:
    return next((child for child in node.iter() if child.is_element_node), None)


def _label(text: str, title: str) -> str | None:
    """A rubric is a short label; a combined "Политика, 12:30" keeps only its non-time part."""
    if not text or text == title:
        return None
    label = _TIME_PARTS.sub(" ", text).strip(" ,|·•\u2014\u2013-/\u00a0")
    label = re.sub(r"\s+", " ", label)
    if not label or len(label) > MAX_RUBRIC_CHARS or not any(ch.isalpha() for ch in label):
        return None
    return label


def _inner_rubric(item: LexborNode, link: LexborNode, title: str) -> str | None:
    """Prefer an element whose class says it is a label; otherwise the first short text of the item."""
    inside_link = {node.mem_id for node in link.css("*")} | {link.mem_id}
    candidates: list[tuple[int, str]] = []
    for node in item.css("*"):
        if node.mem_id in inside_link or node.tag in ("img", "picture", "svg", "br"):
            continue
        text = text_of(node)
        if title in text or len(text) > 2 * MAX_RUBRIC_CHARS:
            continue
        if label := _label(text, title):
            hinted = any(hint in (node.attributes.get("class") or "").lower() for hint in _LABEL_HINTS)
            candidates.append((0 if hinted else 1, label))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _sibling_rubric(item: LexborNode, title: str, forward: bool, stops: set[int]) -> str | None:
    """Flat rails alternate label and headline as siblings; read the nearest label on the rail's side."""
    node = item.next if forward else item.prev
    while node is not None and node.mem_id not in stops:
        text = text_of(node) if node.is_element_node else (node.text() or "").strip()
        if text:
            return _label(text, title)
        node = node.next if forward else node.prev
    return None


def _labels_follow(group: _Group) -> bool:
    """Labels follow their headlines when none precedes the first item and one follows the last."""
    stops = {item.mem_id for item, _, _ in group.items}
    (first, _, _), (last, _, _) = group.items[0], group.items[-1]
    before_first = _sibling_rubric(first, "", False, stops)
    after_last = _sibling_rubric(last, "", True, stops)
    return before_first is None and after_last is not None


def _title_of(link: LexborNode) -> tuple[str, str | None]:
    """The headline inside the link, and a label (section, time) the link wraps around it, split off."""
    full = text_of(link)
    children = [child for child in link.iter() if child.is_element_node]
    if not children:
        return full, None
    inner = link.css_first(_TITLE_SELECTOR)
    title = text_of(inner) if inner is not None else ""
    if not _is_headline_text(title):
        title = full
    label = None
    for child in children:
        text = text_of(child)
        if not text or len(text) > MAX_RUBRIC_CHARS or text == title:
            continue
        if title == full and _is_headline_text(rest := _without_edge(full, text)):
            title = rest
        label = label or _label(text, title)
    return title, label


def _without_edge(text: str, part: str) -> str:
    if text.startswith(part):
        return text[len(part) :].strip()
    return text[: -len(part)].strip() if text.endswith(part) else text


def _headlines(group: _Group) -> list[tuple[LexborNode, str, str, str | None]]:
    stops = {item.mem_id for item, _, _ in group.items}
    forward = _labels_follow(group)
    result = []
    for item, link, target in group.items:
        title, label = _title_of(link)
        rubric = None if item.mem_id == link.mem_id else _inner_rubric(item, link, title)
        rubric = rubric or label or _sibling_rubric(item, title, forward, stops)
        result.append((link, target, title, rubric))
    return result


def _score(group: _Group, body: LexborNode | None) -> float:
    score = sum(1 + min(len(text_of(link)), 100) / 50 for _, link, _ in group.items)
    inside = {group.parent.mem_id, *(a.mem_id for a in ancestors(group.parent))}
    if body is not None and body.mem_id in inside:
        score *= 0.3
    return score


def _select(groups: list[_Group], body: LexborNode | None) -> list[_Group]:
    """The best-scoring rail, plus same-built blocks of comparable size (a rail split into columns)."""
    candidates = [g for g in groups if not _is_related(g)]
    for group in candidates:
        group.score = _score(group, body)
    if not candidates:
        return []
    best = max(candidates, key=lambda g: g.score)
    chosen = [best]
    taken = {link.mem_id for _, link, _ in best.items}
    for group in candidates:
        links = {link.mem_id for _, link, _ in group.items}
        if group.signature == best.signature and group.score >= 0.5 * best.score and not links & taken:
            chosen.append(group)
            taken |= links
    return chosen


def find_rail(
    tree: LexborHTMLParser, url: str | None, body: LexborNode | None = None
) -> tuple[list[Headline], set[int]]:
    """The rail in page order, and its items' ids so the body reader can skip them."""
    links = _headline_links(tree, url)
    order = {link.mem_id: index for index, (link, _) in enumerate(links)}
    groups = _select(_groups(links), body)
    entries = [entry for group in groups for entry in _headlines(group)]
    entries.sort(key=lambda entry: order[entry[0].mem_id])
    seen: set[str] = set()
    rail: list[Headline] = []
    for _, target, title, rubric in entries:
        if target not in seen:
            seen.add(target)
            rail.append(Headline(title=title, url=target, rubric=rubric, position=len(rail) + 1))
    return rail, {item.mem_id for group in groups for item, _, _ in group.items}
