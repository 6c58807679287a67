"""One walk over a parsed page, keeping the elements that the article, metadata and rail readers all ask for.

Each CSS query over a whole tree walks every element in lexbor (about half the cost of a Python-level walk), and a
page used to run a dozen of them: meta tags, JSON-LD, paragraphs, links, the h1 again and again. One walk that sorts
the elements by tag answers all of them.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

_INDEXED = (
    "html",
    "meta",
    "script",
    "link",
    "title",
    "h1",
    "article",
    "a",
    "p",
    "pre",
    "div",
    "td",
    "br",
    "li",
    "noscript",
    "img",
    "input",
    "textarea",
)
# lexbor's numeric tag ids, read from the parser itself: comparing ints is cheaper than decoding each tag name.
_SPECIMEN = LexborHTMLParser(
    "<html><head><meta><script></script><link><title></title></head><body><h1></h1><article></article>"
    "<a></a><p></p><pre></pre><div></div><table><tr><td></td></tr></table><br><ul><li></li></ul>"
    "<noscript></noscript><img><input><textarea></textarea></body></html>"
).root
assert _SPECIMEN is not None
_TAG_IDS: dict[int, str] = {node.tag_id: node.tag or "" for node in _SPECIMEN.traverse() if node.tag in _INDEXED}


class PageIndex:
    """The parsed tree and its elements by tag, in page order. Each `<br>` gets a newline after it, so "a<br>b"
    reads as two words (and two lines) wherever text is taken from the tree."""

    def __init__(self, tree: LexborHTMLParser) -> None:
        self.tree = tree
        found: dict[str, list[LexborNode]] = {tag: [] for tag in _INDEXED}
        if tree.root is not None:
            ids = _TAG_IDS
            for node in tree.root.traverse():
                tag = ids.get(node.tag_id)
                if tag is not None:
                    found[tag].append(node)
        for br in found["br"]:
            br.insert_after("\n")
        self.by_tag = found
        self.html = found["html"][0] if found["html"] else None
        self.h1 = found["h1"][0] if found["h1"] else None
        self.article = found["article"][0] if found["article"] else None
        self.title = found["title"][0] if found["title"] else None

    def tag(self, name: str) -> list[LexborNode]:
        return self.by_tag[name]

    def first_link(self, rel: str) -> LexborNode | None:
        """The first `<link>` whose rel list holds `rel` (rel values are case-insensitive in HTML)."""
        for node in self.by_tag["link"]:
            if rel in (node.attrs.get("rel") or "").lower().split():
                return node
        return None

    def scripts(self, kind: str) -> list[LexborNode]:
        return [node for node in self.by_tag["script"] if (node.attrs.get("type") or "").strip().lower() == kind]
