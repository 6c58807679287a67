"""Per-tree memo of element text: main-content detection asks about the same blocks many times per page."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import text_of


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
            size = self._size[key] = len(node.text(deep=True, strip=True))
        return size

    def links(self, node: LexborNode) -> int:
        key = node.mem_id
        length = self._links.get(key)
        if length is None:
            length = self._links[key] = sum(len(a.text(deep=True, strip=True)) for a in node.css("a"))
        return length

    def link_density(self, node: LexborNode) -> float:
        size = self.size(node)
        return min(self.links(node) / size, 1.0) if size else 1.0
