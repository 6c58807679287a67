"""Per-tree memo of element text: main-content detection asks about the same blocks many times per page."""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.parse.dom import first_element, text_of

# Blocks that wrap other blocks: only their sizes are worth adding up from the children's.
_WRAPPERS = frozenset(
    {"html", "body", "main", "article", "section", "div", "header", "aside", "ul", "ol", "dl", "table", "tbody", "tr"}
)

_LINK = LexborHTMLParser("<a></a>").css_first("a").tag_id  # type: ignore[union-attr]


def _text_size(node: LexborNode) -> int:
    return len(node.text(deep=True, strip=True))


def _link_text_size(node: LexborNode) -> int:
    # Most paragraphs hold text alone; a selector query costs twenty times the look at the first child element. (A
    # link's own query finds the link itself.) Below a wrapper, a walk of the few elements costs half the query.
    if node.tag != "a" and first_element(node) is None:
        return 0
    if node.tag in _WRAPPERS:
        return sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
    return sum(len(a.text(deep=True, strip=True)) for a in node.traverse() if a.tag_id == _LINK)


class NodeText:
    """Clean text, text size and link-text size per element of one tree, each computed once: scoring, widening and
    reading ask about the same blocks again and again. Sizes count characters of the stripped text nodes, which
    lexbor computes without building a cleaned copy of a whole page's text."""

    def __init__(self) -> None:
        self._text: dict[int, str] = {}
        self._size: dict[int, int] = {}
        self._links: dict[int, int] = {}

    def text(self, node: LexborNode) -> str:
        key = node.mem_id
        text = self._text.get(key)
        if text is None:
            text = self._text[key] = text_of(node)
        return text

    def size(self, node: LexborNode) -> int:
        key = node.mem_id
        size = self._size.get(key)
        if size is None:
            if node.tag in _WRAPPERS:
                size = _sum_of_children(node, self._size, _text_size, count_text=True)
            else:
                size = _text_size(node)
            self._size[key] = size
        return size

    def links(self, node: LexborNode) -> int:
        key = node.mem_id
        length = self._links.get(key)
        if length is None:
            wrapper = node.tag in _WRAPPERS
            length = _sum_of_children(node, self._links, _link_text_size) if wrapper else _link_text_size(node)
            self._links[key] = length
        return length

    def link_density(self, node: LexborNode) -> float:
        size = self.size(node)
        return min(self.links(node) / size, 1.0) if size else 1.0


def _sum_of_children(
    node: LexborNode, memo: dict[int, int], measure: Callable[[LexborNode], int], count_text: bool = False
) -> int:
    """Sizes add up over children, so a block whose inner blocks were measured before reuses their sizes: the
    article and the wrappers around it are measured from the inside out, each character about once. A block none
    of whose children was measured is measured whole, in one call."""
    children = list(node.iter(include_text=count_text))
    if not any(child.mem_id in memo for child in children):
        return measure(node)
    total = 0
    for child in children:
        if child.is_element_node:
            known = memo.get(child.mem_id)
            if known is None:
                known = memo[child.mem_id] = measure(child)
            total += known
        elif child.is_text_node:
            total += len((child.text_content or "").strip())
    return total
