"""Reading one rail item: its headline text and its rubric, wherever the site put the label.

A rubric can be a labelled element in the item, a section link beside the headline, a kicker inside the headline
link, any other short text of the item, or, on flat rails, the label element between two headline links. Ranked in
that order, because class names and links say "this is a section" more reliably than position does.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import text_of
from pipeline.parse.rails.groups import Group
from pipeline.parse.rails.labels import MAX_RUBRIC_CHARS, is_headline_text, label, without_clock
from pipeline.parse.rails.links import Candidate
from pipeline.parse.text import clean_text

_TITLE_SELECTOR = "h1, h2, h3, h4, h5, h6, [class*='title'], [class*='headline'], [class*='Title'], [class*='Headline']"
_LABEL_HINTS = ("rubric", "categor", "section", "kicker", "label", "topic", "tag", "theme", "subject", "department")
_NOT_LABEL_HINTS = ("author", "byline", "views", "counter", "comment", "rank", "stats", "number")
_SKIP_TAGS = frozenset({"img", "picture", "svg", "br", "script", "style", "source", "video", "iframe"})
# Share of a flat rail's items that must have a label beside them before labels are read from siblings.
_FLAT_SHARE = 0.6
# A flat rail's label sits next to its headline, at most behind a time or a counter.
_SIBLING_TEXTS = 3
_SEPARATORS = " ,.:|·•\u2014\u2013-"


def _hints(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('data-testid') or ''}".lower()


def _without_edge(text: str, part: str) -> str:
    """The text minus `part` at its start or end (an element's text, so no word boundary is needed)."""
    if text.startswith(part):
        return text[len(part) :].strip(_SEPARATORS)
    return text[: -len(part)].strip(_SEPARATORS) if text.endswith(part) else text


def _short_texts(root: LexborNode, title: str, skip: set[int]) -> list[tuple[LexborNode, str]]:
    """Elements under root whose text is label-sized and does not hold the headline, in page order."""
    found = []
    for node in root.css("*"):
        if node.mem_id in skip or node.tag in _SKIP_TAGS:
            continue
        raw = node.text(deep=True)
        # Raw text is what the parser already holds; cleaning it costs more, so long blocks are ruled out first.
        if not raw or len(raw) > 8 * MAX_RUBRIC_CHARS:
            continue
        text = text_of(node)
        if text and len(text) <= 2 * MAX_RUBRIC_CHARS and title not in text:
            found.append((node, text))
    return found


def _title_node(link: LexborNode) -> LexborNode:
    """The element holding the headline: a heading or title-classed element, else the first headline-sized child."""
    inner = link.css_first(_TITLE_SELECTOR)
    if inner is not None and is_headline_text(text_of(inner)):
        return inner
    return next((child for child in link.iter() if is_headline_text(text_of(child))), link)


def _first_label(ranked: list[tuple[int, int, str]], title: str) -> str | None:
    """The best-ranked text that is a label; labels are checked lazily because most items have one early."""
    for _, _, text in sorted(ranked):
        if found := label(text, title):
            return found
    return None


def title_of(link: LexborNode) -> tuple[str, str | None]:
    """The headline inside the link, and the best label (kicker, section) the link wraps around it."""
    if next(link.iter(), None) is None:
        return without_clock(text_of(link)), None
    node = _title_node(link)
    title = text_of(node)
    within = {child.mem_id for child in node.css("*")}
    ranked: list[tuple[int, int, str]] = []
    for order, (child, text) in enumerate(_short_texts(link, title, set())):
        if child.mem_id in within and is_headline_text(rest := _without_edge(title, text)):
            title = rest
        hints = _hints(child)
        ranked.append((0 if any(h in hints for h in _LABEL_HINTS) else 1, order, text))
    return without_clock(title), _first_label(ranked, title)


def _rank(node: LexborNode) -> int | None:
    hints = _hints(node)
    if any(h in hints for h in _NOT_LABEL_HINTS):
        return None
    if any(h in hints for h in _LABEL_HINTS):
        return 0
    return 1 if node.tag == "a" else 3


def item_rubric(item: LexborNode, link: Candidate, title: str, in_link: str | None) -> str | None:
    """The best label of an item that wraps its headline link; the link's own kicker ranks below labelled parts."""
    inside = {node.mem_id for node in link.node.css("*")} | {link.node.mem_id}
    ranked = [
        (rank, order, text)
        for order, (node, text) in enumerate(_short_texts(item, title, inside))
        if (rank := _rank(node)) is not None
    ]
    # "Политика: <a>…</a>": a label written straight into the item, outside any element.
    if (own := clean_text(item.text(deep=False))) and len(own) <= 2 * MAX_RUBRIC_CHARS:
        ranked.append((3, -1, own))
    strong = [entry for entry in ranked if entry[0] < 2]
    weak = [entry for entry in ranked if entry[0] >= 2]
    return _first_label(strong, title) or in_link or _first_label(weak, title)


def _sibling_label(item: LexborNode, forward: bool, stops: set[int]) -> str | None:
    """The first label beside an item, up to the neighbouring item; times and counters on the way are skipped."""
    node, texts = (item.next if forward else item.prev), 0
    while node is not None and node.mem_id not in stops and texts < _SIBLING_TEXTS:
        text = text_of(node) if node.is_element_node else clean_text(node.text() or "")
        if text:
            texts += 1
            if found := label(text):
                return found
        node = node.next if forward else node.prev
    return None


def sibling_labels(group: Group) -> list[str | None]:
    """Labels of a flat rail, where label and headline alternate as siblings; all None when the rail is not flat."""
    stops = group.item_ids
    before = [_sibling_label(item, False, stops) for item, _ in group.items]
    after = [_sibling_label(item, True, stops) for item, _ in group.items]
    need = _FLAT_SHARE * len(group.items)
    use_before = sum(x is not None for x in before) >= need
    use_after = sum(x is not None for x in after) >= need
    if use_before and use_after:
        # Labels shared between neighbours belong after their headline when none precedes the first item.
        use_before = before[0] is not None or after[-1] is None
    if use_before:
        return before
    return after if use_after else [None] * len(group.items)
