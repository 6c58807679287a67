"""Main-content detection: score blocks by the paragraphs they hold, then read the winner in page order.

The scoring follows the Readability family (text length, commas, link density, class and id hints) because it
works across sites without per-site rules; the reading step then drops widgets and related blocks that live
inside the article container on most news sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.parse.dom import (
    JUNK_TAGS,
    NEGATIVE_HINTS,
    POSITIVE_HINTS,
    ancestors,
    hint_tokens,
    link_text_length,
    text_of,
)
from pipeline.parse.text import clean_text

MIN_BODY_CHARS = 80
_EMIT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd", "dt"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "br",
        "img",
        "nobr",
    }
)
_SKIP_INSIDE = JUNK_TAGS | {"header"}
_WIDGET = (
    r"(?:озвучить текст|выделить главное|вкл|выкл|читайте также|смотрите также|см\. также|прямой эфир|"
    r"реклама|поделиться|комментарии|share|share this( article)?|advertisement|read more|"
    r"related( articles| stories)?|see also|comments|most read|top stories|listen to this article)[:.!]?"
)
_WIDGET_LINES = re.compile(rf"{_WIDGET}(?:\s+{_WIDGET})*", re.I)
_BOILERPLATE_PREFIX = re.compile(
    r"(?:фото|фотография|иллюстрация|изображение|видео|источник фото|photo|image|picture|credit|video)"
    r"\s*(?:[:©]|/\s)|(?:читайте также|смотрите также|подписывайтесь|подпишитесь|read more|related)\s*:|©",
    re.I,
)
_BREAK = "\x00"
_DOUBLE_BREAK = re.compile(r"\x00\s*\x00")
_LINK_START, _LINK_END = "\x01", "\x02"
_LINKS = re.compile("\x01([^\x02]*)\x02")
_SENTENCE_END = (".", "!", "?", "…", "»", '"', ":")


def _junk_context(node: LexborNode, excluded: set[int]) -> bool:
    return any(a.tag in JUNK_TAGS or a.mem_id in excluded for a in ancestors(node, 12))


def _paragraph_weight(node: LexborNode) -> float:
    text = text_of(node)
    if len(text) < 25:
        return 0.0
    density = link_text_length(node) / len(text)
    return (1 + text.count(",") + min(len(text) / 100, 3)) * (1 - density)


def _hint_bonus(node: LexborNode) -> float:
    tokens = hint_tokens(node)
    if "articlebody" in tokens:
        return 50.0
    bonus = 25.0 if tokens & POSITIVE_HINTS else 0.0
    bonus -= 25.0 if tokens & NEGATIVE_HINTS else 0.0
    return bonus + {"article": 10.0, "main": 5.0, "div": 2.0, "section": 2.0}.get(node.tag, -3.0)


def _paragraph_nodes(tree: LexborHTMLParser) -> list[LexborNode]:
    paragraphs = tree.css("p, pre")
    if len(paragraphs) >= 3:
        return paragraphs
    return paragraphs + [d for d in tree.css("div") if len(clean_text(d.text(deep=False))) >= 60]


def find_container(tree: LexborHTMLParser, excluded: set[int]) -> LexborNode | None:
    """The element holding the most article-like text, penalised when most of that text is links."""
    scores: dict[int, tuple[LexborNode, float]] = {}
    for paragraph in _paragraph_nodes(tree):
        weight = _paragraph_weight(paragraph)
        if weight <= 0 or _junk_context(paragraph, excluded):
            continue
        for level, node in enumerate(ancestors(paragraph, 3)):
            if node.tag in ("html", "-document"):
                break
            known = scores.get(node.mem_id)
            base = known[1] if known else _hint_bonus(node)
            scores[node.mem_id] = (node, base + weight / (1, 2, 3)[level])
    top = sorted(scores.values(), key=lambda item: item[1], reverse=True)[:5]
    ranked = [(node, score * (1 - _link_density(node))) for node, score in top]
    best = max(ranked, key=lambda item: item[1], default=None)
    return best[0] if best and best[1] > 0 else None


def _link_density(node: LexborNode) -> float:
    text = text_of(node)
    return link_text_length(node) / len(text) if text else 1.0


def _skip(node: LexborNode, excluded: set[int]) -> bool:
    if node.tag in _SKIP_INSIDE or node.mem_id in excluded:
        return True
    tokens = hint_tokens(node)
    return bool(tokens & NEGATIVE_HINTS) and "articlebody" not in tokens


def _blocks(container: LexborNode, excluded: set[int]) -> Iterator[LexborNode | str]:
    """Emitting elements and loose text runs (text not wrapped in <p>) of the container, in page order."""
    stack: list[LexborNode | str] = [container]
    while stack:
        item = stack.pop()
        if isinstance(item, str) or item.tag in _EMIT_TAGS:
            yield item
            continue
        stack.extend(reversed(_children(item, excluded)))


def _children(node: LexborNode, excluded: set[int]) -> list[LexborNode | str]:
    """Block children stay nodes; inline runs become strings, split into paragraphs at double line breaks."""
    entries: list[LexborNode | str] = []
    run: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-comment":
            continue
        if child.is_text_node or child.tag in _INLINE_TAGS:
            if child.is_element_node and _skip(child, excluded):
                continue
            run.append(_run_text(child))
            continue
        entries.extend(_split_run(run))
        run = []
        if not _skip(child, excluded):
            entries.append(child)
    entries.extend(_split_run(run))
    return entries


def _run_text(child: LexborNode) -> str:
    """Link text inside a loose run is fenced with markers so the run's link density can be judged later."""
    if child.tag == "br":
        return _BREAK
    return f"{_LINK_START}{child.text()}{_LINK_END}" if child.tag == "a" else child.text()


def _split_run(run: list[str]) -> list[str]:
    text = "".join(run)
    return [part for part in _DOUBLE_BREAK.split(text) if part.strip()] if text.strip() else []


def is_boilerplate(text: str) -> bool:
    return bool(_WIDGET_LINES.fullmatch(text) or _BOILERPLATE_PREFIX.match(text))


def _paragraph(item: LexborNode | str) -> str | None:
    if isinstance(item, str):
        links = sum(len(clean_text(link)) for link in _LINKS.findall(item))
        text = clean_text(item.replace(_BREAK, " ").replace(_LINK_START, "").replace(_LINK_END, ""))
        heading = False
        if text and links / len(text) > 0.5:
            return None
    else:
        text = text_of(item)
        heading = item.tag in _HEADINGS
        if text and link_text_length(item) / len(text) > 0.5:
            return None
    if not text or is_boilerplate(text) or not any(ch.isalpha() for ch in text):
        return None
    if not heading and len(text.split()) < 3 and not text.endswith(_SENTENCE_END):
        return None
    return text


def extract_body(container: LexborNode, excluded: set[int], title: str | None) -> str | None:
    paragraphs: list[str] = []
    for item in _blocks(container, excluded):
        text = _paragraph(item)
        if text and text != title and (not paragraphs or paragraphs[-1] != text):
            paragraphs.append(text)
    body = "\n\n".join(paragraphs)
    return body if len(body) >= MIN_BODY_CHARS else None


def body_from_jsonld(raw: object) -> str | None:
    """JSON-LD articleBody is trusted only when long enough: some sites put a teaser or markup there."""
    if not isinstance(raw, str):
        return None
    if re.search(r"<(p|div|br)\b", raw, re.I):
        fragment = LexborHTMLParser(re.sub(r"<br\s*/?>", "\n", raw, flags=re.I))
        paragraphs = [text_of(node) for node in fragment.css("p")]
        raw = "\n".join(paragraphs) or (fragment.body.text() if fragment.body else "")
    lines = (clean_text(line) for line in raw.splitlines())
    body = "\n\n".join(line for line in lines if line and not is_boilerplate(line))
    return body if len(body) >= 150 and not body.endswith(("...", "…")) else None
