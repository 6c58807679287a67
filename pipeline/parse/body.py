"""Reading the article container in page order, dropping the widgets and related blocks that live inside it.

Most news sites put share bars, "read also" boxes, reader widgets and photo credits inside the article element,
so the container found by `pipeline.parse.container` is read block by block rather than taken whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborAttributes, LexborHTMLParser, LexborNode

from pipeline.parse.block_names import RELATED_STORIES
from pipeline.parse.dom import (
    JUNK_TAGS,
    NEGATIVE_HINTS,
    POSITIVE_HINTS,
    STRONG_NEGATIVE_HINTS,
    ancestors,
    attribute_hints,
    first_element,
    hidden,
    hint_tokens,
    is_icon,
    next_element,
    previous_element,
    text_of,
)
from pipeline.parse.measure import NodeText
from pipeline.parse.paragraphs import (
    BOLD_END,
    BOLD_START,
    BREAK,
    DOUBLE_BREAK,
    LINK_END,
    LINK_START,
    bold_heading,
    data_row,
    is_boilerplate,
    paragraph,
)
from pipeline.parse.standfirst import LEAD_HINTS, find_lead
from pipeline.parse.text import clean_text

MIN_BODY_CHARS = 80
_EMIT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd", "dt"})
INLINE_TAGS = frozenset(
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
# MathML formulas read as text give each symbol as a word, and their TeX source ("{\displaystyle A^{H}}") beside it.
_SKIP_INSIDE = JUNK_TAGS | {"header", "math"}
# Blocks never part of the article text whatever else their class says ("comment-content", "related-stories").
ALWAYS_SKIP_HINTS = frozenset(
    {
        "comment",
        "comments",
        "related",
        "readalso",
        "recommended",
        "recommendations",
        "popular",
        "trending",
        # Pull quotes repeat the text; polls are the readers' votes. (Embedded posts stay: the articles quote them.)
        "pullquote",
        "poll",
        "survey",
        "quiz",
        "anketa",
        "umfrage",
        "sondage",
        "encuesta",
        # Readers' emoji reactions and talkbacks (Israeli sites' word for comments).
        "reactions",
        "talkback",
        "talkbacks",
        # Tilda's "zero block", an artboard of absolutely placed pieces: banners, plugs, a designed header or footer.
        # The running text sits in its text blocks.
        "t396",
    }
)
_SHORT_BLOCK = 200
# Lines above the headline that are the page header's.
_ABOVE_HEADLINE = 3
_CARD_BLOCKS = frozenset({"div", "p", "h2", "h3", "h4", "h5", "ul", "section"})
# A headline rail's items are mostly their linked headlines.
_RAIL_LINKS = 0.5
_ANY_NEGATIVE = NEGATIVE_HINTS | STRONG_NEGATIVE_HINTS
_WORDS = re.compile(r"[^\W\d_]+")
_SLUG_WORDS = 4
# Grids name their columns for the sidebar beside them ("sidebar-grid__container"): such a block inside the article
# is kept when it holds long unlinked prose, which sidebars do not.
_LONG_PROSE = 1000
# The first line of a related-stories box, an author's bio (under its label), a reference inset ("Справка") or a
# newsletter sign-up box, matched lower-cased (see block_names).
_RELATED_HEADING = re.compile(
    rf"{RELATED_STORIES}|об авторе|about the author|über den autor|über die autorin|à propos de l'auteur"
    r"|справка(?:\s+«[^»]{1,20}»)?"
    r"|newsletters?|рассылка|infolettre"
)
_LABEL_CHARS = 40
# Text a block around a picture may hold and still be only its caption and credit.
_CAPTION_CHARS = 200
# Parts of a caption's block: the picture, its caption, its credit, a link to the photo bank.
_CAPTION_PARTS = 5
_HOLDER_LEVELS = 4
SIGNUP_LEVELS = 8
# Share of a pull quote's words that the paragraph it repeats holds.
_QUOTED = 0.9
# Pull quotes are a sentence or two; a longer blockquote is a quotation the text gives once.
_PULL_QUOTE_CHARS = 300
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PROSE_AFTER_HEADING = 100
_LAYOUT_NAMES = frozenset({"header"})
_WRAPPER_LEVELS = 3
# A question's toggle is a heading around a button, maybe with a number and an icon in it.
_TOGGLE_ELEMENTS = 12
_STATUS_ROLES = frozenset({"status", "alert"})
# Text a newsletter box holds around its e-mail field: a pitch, a privacy notice.
_SIGNUP_CHARS = 600
# What marks such text as a credit: a recipe step or a product card beside its picture has none.
_CREDIT = re.compile(
    r"©|\(c\)|фото|иллюстрац|кадр|скриншот|архивн|photo|foto|bild|image|credit|getty|reuters|afp|dpa|associated press",
    re.I,
)
# CMSs write a post's tags and categories into these elements' classes ("tag-popular", "category-comments").
_NAMED_BY_CMS = frozenset({"article", "main", "body", "html"})


@dataclass(frozen=True)
class Reading:
    """What the reader leaves out of the container: `excluded` blocks always; headline-rail items (`rail`) only when
    mostly links, as a rail finder also takes a run of linked paragraphs or a feature list for a rail. The blocks
    around the best-scoring text (`core`) are not dropped for names like "modal" or "header", only for names no
    article block carries ("comments", "related")."""

    excluded: frozenset[int] = frozenset()
    rail: frozenset[int] = frozenset()
    core: frozenset[int] = frozenset()
    # The elements a few levels above a picture, and above an e-mail field or a text box: where a caption's block and
    # a newsletter box or a readers' question form can be (see holders).
    pictures: frozenset[int] = frozenset()
    signups: frozenset[int] = frozenset()
    # The page's headline element: not text even when og:title words the headline differently.
    headline: int | None = None


def _skip(node: LexborNode, reading: Reading, measure: NodeText) -> bool:
    """Inside the container a block named like boilerplate is dropped when it reads like boilerplate too: short or
    mostly links. Names alone mislead: "entry-content no-share" and "elementor-widget" blocks hold the article."""
    key = node.mem_id
    if key in reading.excluded:
        return True
    if key in reading.rail:
        text = measure.text(node)
        return not text or measure.links(node) >= _RAIL_LINKS * len(text)
    attributes = node.attributes
    if hidden(attributes) and not _one_of_series(node, attributes.get("class")) and not _folded(node, attributes):
        return True
    # A status line over the page ("This live blog has now closed"), announced to screen readers as such.
    if attributes.get("role") in _STATUS_ROLES:
        return True
    if node.tag in _NAMED_BY_CMS:
        return False
    tokens = _hints(attributes)
    if tokens & ALWAYS_SKIP_HINTS and "articlebody" not in tokens:
        return True
    if key in reading.core:
        return False
    if node.tag in _SKIP_INSIDE:
        # A figure can hold a data table (with its caption and source) rather than a picture: the table is text.
        return node.tag != "figure" or node.css_first("table") is None
    # A link around blocks is a card of another story (a title, its summary, "Read more"): text it holds is
    # that story's, and a link inside a sentence never holds a block.
    if node.tag == "a" and first_element(node) is not None and any(child.tag in _CARD_BLOCKS for child in node.iter()):
        return True
    if node.tag not in _EMIT_TAGS and (
        _headed_as_related(node, measure)
        or (key in reading.pictures and _caption(node, measure))
        or (key in reading.signups and measure.size(node) <= _SIGNUP_CHARS)
    ):
        return True
    if not tokens or "articlebody" in tokens:
        return False
    if not tokens & _ANY_NEGATIVE:
        return False
    # Rows of a data table are named for what they list ("oddrow player-580"), not for a role on the page.
    if node.tag == "tr" and not tokens & STRONG_NEGATIVE_HINTS:
        return False
    text = measure.text(node)
    if tokens & STRONG_NEGATIVE_HINTS and not tokens & POSITIVE_HINTS:
        named_for_sidebar = not tokens & (STRONG_NEGATIVE_HINTS - {"sidebar"})
        return not (named_for_sidebar and len(text) >= _LONG_PROSE and measure.links(node) < 0.25 * len(text))
    # Headings are short by nature, and CMSs name them and their wrappers after the page's header
    # ("header-anchor-post", "block-wrapper--header"): that name does not drop one over a paragraph of prose. A
    # widget's heading ("Meistgelesen", "Recent Comments") stands over a list of links.
    heading = tokens & _ANY_NEGATIVE <= _LAYOUT_NAMES and (node.tag in _HEADINGS or _wraps_heading(node, text, measure))
    if heading and _before_prose(node, measure):
        return False
    return len(text) < _SHORT_BLOCK or measure.links(node) > 0.3 * len(text)


def _wraps_heading(node: LexborNode, text: str, measure: NodeText) -> bool:
    heading = node.css_first("h1, h2, h3, h4, h5, h6") if text else None
    return heading is not None and measure.text(heading) == text


def _before_prose(node: LexborNode, measure: NodeText) -> bool:
    """Whether the next element, of the node or of the wrappers it ends, is a paragraph of prose."""
    following = None
    current: LexborNode | None = node
    for _ in range(_WRAPPER_LEVELS):
        if current is None:
            return False
        following = next_element(current)
        if following is not None:
            break
        current = current.parent
    if following is None:
        return False
    text = measure.text(following)
    return len(text) >= _PROSE_AFTER_HEADING and measure.links(following) < 0.3 * len(text)


def _headed_as_related(node: LexborNode, measure: NodeText) -> bool:
    """A box whose first line reads "Читайте также" or "Related coverage", whatever its class is named: the teaser
    under the label belongs to another article. Only a first element with no elements of its own is read."""
    first = first_element(node)
    if first is None or first_element(first) is not None:
        return False
    label = measure.text(first)
    return len(label) <= _LABEL_CHARS and _RELATED_HEADING.fullmatch(label.rstrip(":.").lower()) is not None


def holders(nodes: list[LexborNode], levels: int = _HOLDER_LEVELS) -> frozenset[int]:
    """The elements up to a few levels above each node: a caption's block holds its picture that close, a newsletter
    box its e-mail field (a few more: site builders wrap a form in grid cells), and looking up from the page's few
    pictures and fields costs less than looking down into every block the reader meets."""
    return frozenset(above.mem_id for node in nodes for above in ancestors(node, levels))


def _caption(node: LexborNode, measure: NodeText) -> bool:
    """A short block around a picture is the picture's caption and credit ("Мост на улице Заводской. Фото
    пресс-службы", "© РИА Новости / Иван Петров Перейти в медиабанк"), which sites set in tables and divs as often
    as in <figure>; one with a heading is a feature card, unless its text credits the picture, and one with a
    quotation is a quote card beside its speaker's portrait."""
    # A table row lists data beside its pictures; text written around a picture (a formula set as an image, an
    # emoji) makes a sentence, not a caption.
    if node.tag == "tr" or _more_children_than(node, _CAPTION_PARTS) or not 0 < measure.size(node) <= _CAPTION_CHARS:
        return False
    if node.text(deep=False).strip():
        return False
    if node.css_first("blockquote") is not None:
        return False
    return _CREDIT.search(measure.text(node)) is not None or node.css_first("h1, h2, h3, h4, h5, h6") is None


def _more_children_than(node: LexborNode, limit: int) -> bool:
    """Counted without measuring the text: a wrapper of a whole page section has many children, a caption's few."""
    child = first_element(node)
    for _ in range(limit):
        if child is None:
            return False
        child = next_element(child)
    return child is not None


def _folded(node: LexborNode, attributes: LexborAttributes) -> bool:
    """An accordion's panel: hidden until the reader opens it with the toggle just before it (a question's button
    naming the panel in `aria-controls`), and then read as the article. A tab's panel is another view instead."""
    own = attributes.get("id")
    if not own or attributes.get("role") == "tabpanel":
        return False
    toggle = previous_element(node)
    if toggle is None:
        return False
    for count, inner in enumerate(toggle.traverse()):
        if count > _TOGGLE_ELEMENTS:
            return False
        controls = inner.attributes.get("aria-controls") if inner.is_element_node else None
        if controls and own in controls.split() and inner.attributes.get("role") != "tab":
            return True
    return False


def _one_of_series(node: LexborNode, name: str | None) -> bool:
    """Galleries and tabs hide their pages until the reader turns to them: each page is a sibling made from one
    template, where a hidden copy of the article stands alone."""
    if not name:
        return False
    return any(
        sibling is not None and sibling.tag == node.tag and sibling.attributes.get("class") == name
        for sibling in (previous_element(node), next_element(node))
    )


def _hints(attributes: dict[str, str | None]) -> frozenset[str]:
    """Class and id words, leaving out an id that spells a heading ("sharing-with-a-single-developer",
    "nav_nur_die_folie__1"): anchors for a table of contents are named after the text, not the block's role."""
    tokens = attribute_hints(attributes)
    # A block's label for screen readers names its role as plainly as a class ("after newsletter promotion").
    if label := attributes.get("aria-label"):
        tokens = tokens | attribute_hints({"class": label})
    if tokens & _ANY_NEGATIVE:
        ident = attributes.get("id")
        if ident and len(_WORDS.findall(ident)) >= _SLUG_WORDS:
            return attribute_hints({**attributes, "id": None})
    return tokens


def _blocks(container: LexborNode, reading: Reading, measure: NodeText) -> Iterator[LexborNode | str]:
    """Emitting elements and loose text runs (text not wrapped in <p>) of the container, in page order."""
    stack: list[LexborNode | str] = [container]
    while stack:
        item = stack.pop()
        if isinstance(item, str) or (item.tag == "tr" and data_row(item, measure)):
            yield item
            continue
        # A quotation set in paragraphs (an open letter) keeps them; a one-paragraph quote is one block.
        if item.tag in _EMIT_TAGS and (item.tag != "blockquote" or item.css_first("p") is None):
            yield item
            continue
        stack.extend(reversed(_children(item, reading, measure)))


def _children(node: LexborNode, reading: Reading, measure: NodeText) -> list[LexborNode | str]:
    """Block children stay nodes; inline runs become strings, split into paragraphs at double line breaks."""
    entries: list[LexborNode | str] = []
    run: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag == "-comment":
            continue
        if child.is_text_node or (child.tag in INLINE_TAGS and not _wraps_blocks(child)):
            if child.is_element_node and (_skip(child, reading, measure) or is_icon(child)):
                continue
            run.append(_run_text(child))
            continue
        entries.extend(_split_run(run))
        run = []
        if not _skip(child, reading, measure):
            entries.append(child)
    entries.extend(_split_run(run))
    return entries


def _wraps_blocks(node: LexborNode) -> bool:
    """An inline element around paragraphs, ad slots and scripts ("<span><p>…</p><div><script>"), which parsers
    accept: read as one run of text, it would carry the scripts' code along."""
    return any(inner.tag not in INLINE_TAGS for inner in node.traverse() if inner.is_element_node)


def _run_text(child: LexborNode) -> str:
    """Link text inside a loose run is fenced with markers so the run's link density can be judged later, and bold
    text so a bold line reads as a heading."""
    if child.tag == "br":
        return BREAK
    if child.tag == "a":
        return f"{LINK_START}{child.text()}{LINK_END}"
    text = child.text()
    if child.tag in ("b", "strong") or (child.tag in ("span", "font") and bold_heading(child, clean_text(text))):
        return f"{BOLD_START}{text}{BOLD_END}"
    return text


def _split_run(run: list[str]) -> list[str]:
    text = "".join(run)
    return [part for part in DOUBLE_BREAK.split(text) if part.strip()] if text.strip() else []


@dataclass(frozen=True)
class Body:
    """The article's text, paragraphs apart by a blank line, and the standfirst when the page shows one: the lead
    paragraph found outside the article block, or a first paragraph the page names as its lead ("article-lead")."""

    text: str
    standfirst: str | None = None
    # Whether the first paragraph is set apart from the next (another element, class or parent): a standfirst
    # printed at the top of the text block looks so, the article's own first paragraph does not.
    opening_apart: bool = False


def extract_body(
    container: LexborNode, reading: Reading, title: str | None, measure: NodeText | None = None
) -> Body | None:
    measure = measure or NodeText()
    if _drop_ruby_readings(container):
        measure = NodeText()
    paragraphs: list[str] = []
    named_lead = None
    firsts: list[LexborNode | str] = []
    quoted: list[str] = []
    for item in _blocks(container, reading, measure):
        text = paragraph(item, measure)
        if (
            text
            and isinstance(item, LexborNode)
            and item.tag == "h1"
            and ((title and title in text) or item.mem_id == reading.headline)
        ):
            # The headline, with its kicker ("Umweltministerkonferenz Länder fordern…") or under another og:title,
            # is not the text; an h1 further down the text is one of its headings. The few short lines above it
            # are the header's: a kicker, a breadcrumb, a date.
            if len(paragraphs) <= _ABOVE_HEADLINE and all(len(line) < _SHORT_BLOCK for line in paragraphs):
                paragraphs, firsts, quoted, named_lead = [], [], [], None
            continue
        if text and text != title and (not paragraphs or paragraphs[-1] != text):
            if not paragraphs and isinstance(item, LexborNode) and hint_tokens(item) & LEAD_HINTS:
                named_lead = text
            paragraphs.append(text)
            quote = isinstance(item, LexborNode) and "blockquote" in (item.tag, item.parent.tag if item.parent else "")
            if quote and len(text) <= _PULL_QUOTE_CHARS:
                quoted.append(text)
            if len(firsts) < 2:
                firsts.append(item)
    # A pull quote repeats a sentence of the text in large type: the quotation is read once, where it stands.
    if quoted:
        words = {text: set(_WORDS.findall(text.casefold())) for text in paragraphs}
        paragraphs = [text for text in paragraphs if text not in quoted or not _repeated(text, words)]
    lead = find_lead(container, paragraphs, title, measure)
    body = "\n\n".join([lead, *paragraphs] if lead else paragraphs)
    if len(body) < MIN_BODY_CHARS:
        return None
    return Body(body, lead or named_lead, not lead and len(firsts) == 2 and _apart(*firsts))


def _repeated(text: str, words: dict[str, set[str]]) -> bool:
    """Whether another paragraph holds the quotation, verbatim or trimmed ("…to learn anything." of "…to learn
    anything either.")."""
    quoted = words[text]
    return any(other != text and len(quoted & held) >= _QUOTED * len(quoted) for other, held in words.items())


def _apart(first: LexborNode | str, second: LexborNode | str) -> bool:
    if isinstance(first, str) or isinstance(second, str):
        return False
    if first.tag != second.tag or first.attributes.get("class") != second.attributes.get("class"):
        return True
    a, b = first.parent, second.parent
    return a is not None and b is not None and a.mem_id != b.mem_id


def _drop_ruby_readings(container: LexborNode) -> bool:
    """Japanese pages print the reading of each kanji above it in <rt>: read as text, every word would come twice
    ("子こども"). The readings are removed from the tree, so text measured before no longer holds."""
    readings = container.css("rt, rp")
    for node in readings:
        node.decompose()
    return bool(readings)


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
