"""Reading one rail item: its headline text and its rubric, wherever the site put the label.

A rubric can be a labelled element in the item, a section link beside the headline, a kicker inside the headline
link, any other short text of the item, or, on flat rails, the label element between two headline links. Ranked in
that order, because class names and links say "this is a section" more reliably than position does.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import READER_ONLY, ancestors, first_element, text_of
from pipeline.parse.rails.groups import Group, story_path
from pipeline.parse.rails.labels import MAX_RUBRIC_CHARS, is_headline_text, is_media_badge, label, without_clock
from pipeline.parse.rails.links import TITLE_CLASSES, Candidate
from pipeline.parse.text import clean_text
from pipeline.parse.urls import site

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LABEL_HINTS = re.compile("rubric|categor|section|kicker|label|topic|tag|theme|subject|department")
# Badges and icons ("<span class=badge>Liveblog</span>", "<span class='ico ico-video'>[视频]</span>") say what kind of
# item it is, not its section, and an aggregator's "source" names the outlet. Drupal names every field of a list
# "views-field-…" (Views, its list builder): only the field's own name tells, and a view counter there is
# "totalcount". Share buttons count shares.
_NOT_LABEL_HINTS = re.compile(
    r"author|byline|source|location|dateline|views(?!-field|-row)|counter|totalcount|comment|rank|stats|number|\bicon?\b"
    r"|picto|share|social"
)
_AUTHOR_HINTS = re.compile("author|byline")
_BADGE_HINTS = re.compile(r"indicator|badge|\bpill\b")
# What a badge says when it names the kind of item, not its category.
_KIND_BADGES = frozenset(
    {
        "live",
        "liveblog",
        "live blog",
        "live updates",
        "breaking",
        "exclusive",
        "featured",
        "new",
        "premium",
        "эксклюзив",
        "срочно",
        "онлайн",
        "трансляция",
        "молния",
        "exklusiv",
        "eilmeldung",
        "en direct",
        "en directo",
        "in diretta",
    }
)
# Path segments of writers' pages ("/authors/emily-stewart", "/avtor/ivanov").
AUTHOR_SEGMENTS = frozenset(
    {"author", "authors", "autor", "autoren", "auteur", "avtor", "avtory", "writer", "writers", "u", "user", "users"}
)
# Buttons hold calls to action ("Подписаться", "Share"), never a section.
_SKIP_TAGS = frozenset({"img", "picture", "svg", "br", "script", "style", "source", "video", "iframe", "button"})
# How many rows above a row a cell spanning down to it is looked for.
_SPAN_ROWS = 20
# Share of a flat rail's items that must have a label beside them before labels are read from siblings.
_FLAT_SHARE = 0.6
# A flat rail's label sits next to its headline, at most behind a time or a counter.
_SIBLING_TEXTS = 3
# How deep a label sits in the box around it.
_BOX_LEVELS = 4
_SEPARATORS = " ,.:|·•\u2014\u2013-"


def _elements(root: LexborNode) -> list[LexborNode]:
    """The root and the elements under it in page order, as `root.css("*")` lists them: a tree walk costs a
    third of a selector query, and items are small."""
    return [node for node in root.traverse() if node.is_element_node]


def _hints(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('data-testid') or ''}".lower()


def _without_edge(text: str, part: str) -> str:
    """The text minus `part` at its start or end (an element's text, so no word boundary is needed)."""
    if text.startswith(part):
        rest = text[len(part) :]
        # "СКА — ЦСКА: где смотреть матч": a name joined to the headline by a dash is part of it, and words going on
        # in lower case continue its sentence.
        rest = rest.lstrip()
        return text if rest.startswith(("—", "–")) or _in_lower_case(rest) else rest.strip(_SEPARATORS)
    return text[: -len(part)].strip(_SEPARATORS) if text.endswith(part) else text


def _reader_only(nodes: list[LexborNode]) -> set[int]:
    """The elements (with all inside them) that only a screen reader reads, icons, and buttons, whose words
    ("Save", "Share") name an action, not the item; `nodes` in page order."""
    hidden: set[int] = set()
    for node in nodes:
        if node.mem_id in hidden:
            continue
        # An icon's drawing names itself for screen readers (<svg><title>Video</title>), glued to a kicker's text.
        if node.tag in ("button", "svg"):
            hidden |= _element_ids(node)
            continue
        classes = node.attributes.get("class")
        if classes and not READER_ONLY.isdisjoint(classes.lower().split()):
            hidden |= _element_ids(node)
    return hidden


def _shown_text(node: LexborNode, hidden: set[int]) -> str:
    """The node's raw text without the screen-reader-only parts inside it."""
    if not hidden:
        return node.text(deep=True)
    return "".join(
        child.text_content or ""
        for child in node.traverse(include_text=True)
        if child.is_text_node and child.parent is not None and child.parent.mem_id not in hidden
    )


def _short_texts(nodes: list[LexborNode], title: str, skip: set[int], hidden: set[int]) -> list[tuple[LexborNode, str]]:
    """The elements whose text is label-sized and does not hold the headline, in page order."""
    found = []
    for node in nodes:
        if node.mem_id in skip or node.mem_id in hidden or node.tag in _SKIP_TAGS:
            continue
        raw = _shown_text(node, hidden)
        # Raw text is what the parser already holds; cleaning it costs more, so long blocks are ruled out first.
        if not raw or len(raw) > 8 * MAX_RUBRIC_CHARS:
            continue
        text = clean_text(raw)
        if text and len(text) <= 2 * MAX_RUBRIC_CHARS and title not in text:
            found.append((node, text))
    return found


def _is_title_element(node: LexborNode) -> bool:
    if node.tag in _HEADING_TAGS:
        return True
    classes = node.attributes.get("class")
    return classes is not None and TITLE_CLASSES.search(classes) is not None


def _title_node(link: LexborNode, nodes: list[LexborNode], text: str, hidden: set[int]) -> tuple[LexborNode, str]:
    """The element holding the headline and its text: a heading or title-classed element, else the first
    headline-sized child that shows that much text (a badge's "Article réservé aux abonnés" is for screen readers)."""
    inner = next((node for node in nodes if _is_title_element(node)), None)
    if inner is not None:
        inner_text = text if inner.mem_id == link.mem_id else text_of(inner)
        if is_headline_text(inner_text):
            return inner, inner_text
    for child in link.iter():
        child_text = clean_text(_shown_text(child, hidden)) if hidden else text_of(child)
        if is_headline_text(child_text):
            # Words going on in lower case after it ("<span>«Водник» разгромил «Кузбасс»</span> <span>в домашнем
            # матче</span>") are the same sentence: the headline is split over several elements.
            after = text.partition(child_text)[2].lstrip()
            return (link, text) if _in_lower_case(after) else (child, child_text)
    return link, text


def _first_label(ranked: list[tuple[int, int, str]], title: str) -> str | None:
    """The best-ranked text that is a label; labels are checked lazily because most items have one early."""
    for _, _, text in sorted(ranked):
        if found := label(text, title):
            return found
    return None


def title_of(link: LexborNode, text: str | None = None) -> tuple[str, str | None]:
    """The headline inside the link, and the best label (kicker, section) the link wraps around it. `text` is the
    link's text when the caller has it already."""
    text = text_of(link) if text is None else text
    if first_element(link) is None:
        return without_clock(text), None
    nodes = _elements(link)
    hidden = _reader_only(nodes)
    if hidden:
        text = clean_text(_shown_text(link, hidden))
    node, title = _title_node(link, nodes, text, hidden)
    if hidden and node.mem_id != link.mem_id:
        title = clean_text(_shown_text(node, hidden))
    within = {child.mem_id for child in nodes} if node.mem_id == link.mem_id else _element_ids(node)
    ranked: list[tuple[int, int, str]] = []
    shorts = _short_texts(nodes, title, set(), hidden)
    for order, (child, short) in enumerate(shorts):
        # A kicker or a badge is set apart from the headline; words in lower case go on with its sentence.
        if (
            child.mem_id in within
            and (not _in_lower_case(short) or is_media_badge(short))
            and is_headline_text(rest := _without_edge(title, short))
        ):
            title = rest
        hints = _hints(child)
        # A media badge in the link ("<span class=gs-c-media-indicator>Video</span>") says what the item is, not
        # its section, and so does an icon's name (<svg><title>Pluss-artikkel</title>).
        if _BADGE_HINTS.search(hints) or child.tag == "title":
            continue
        labelled = _LABEL_HINTS.search(hints) is not None
        # A labelled box around a labelled element ("post-card-tags" around "primary-tag" and a "Featured" badge)
        # holds more than the label.
        if labelled and order + 1 < len(shorts) and _holds_label(child, shorts[order + 1][0]):
            continue
        ranked.append((0 if labelled else 1, order, short))
    # A piece of a headline split over elements ("<span>«Водник» разгромил «Кузбасс»</span> <span>в домашнем
    # матче</span>") is no label: the headline goes on after it in lower case, or it is the lower-case rest.
    ranked = [entry for entry in ranked if not (_in_lower_case(entry[2]) or _goes_on(title, entry[2]))]
    return without_clock(title), _first_label(ranked, title)


def _in_lower_case(text: str) -> bool:
    """Whether the text's first word is in lower case: the rest of a sentence ("в домашнем матче"), not a name set
    in lower case ("iPhone", "stern-Ärzte-Appell")."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return first.islower() and first[:1].isalpha()


def _goes_on(title: str, part: str) -> bool:
    return title.startswith(part) and _in_lower_case(title[len(part) :])


def _holds_label(box: LexborNode, node: LexborNode) -> bool:
    """Whether `node`, the next short text after `box` in page order, is a labelled element inside it."""
    if not _LABEL_HINTS.search(_hints(node)):
        return False
    parent = node.parent
    while parent is not None and parent.mem_id != box.mem_id and parent.tag != "a":
        parent = parent.parent
    return parent is not None and parent.mem_id == box.mem_id


def _box(short: tuple[LexborNode, str], following: tuple[LexborNode, str]) -> bool:
    """Whether a short text's element only holds several of their own ("<div class=labels><a>Экономика</a><a>Сюжет:
    …</a>"): its text runs theirs together, and each is read on its own. `following` is the next short text in page
    order."""
    node = short[0]
    if short[1] == following[1] or clean_text(node.text(deep=False)):
        return False
    return any(above.mem_id == node.mem_id for above in ancestors(following[0], _BOX_LEVELS))


def _element_ids(root: LexborNode) -> set[int]:
    return {node.mem_id for node in root.traverse() if node.is_element_node}


def _by_author(node: LexborNode) -> bool:
    """A byline: a link to the writer's page, or text inside an element named for the author ("c-byline__item",
    "HeroTextBelow-authorName"). Bylines sit where rubrics sit, beside the headline, in the same short words."""
    parent = node.parent
    if parent is not None and _AUTHOR_HINTS.search(_hints(parent)):
        return True
    if node.tag != "a":
        return False
    path = (node.attributes.get("href") or "").partition("?")[0].lower()
    return any(segment in AUTHOR_SEGMENTS or segment.startswith("@") for segment in path.split("/"))


def _over(href: str | None, target: str) -> bool:
    """Whether the headline's URL lies under the link's path ("/marketing" over "/marketing/1345508-…")."""
    if not href:
        return False
    link, own = urlsplit(href), urlsplit(target)
    path = link.path.rstrip("/")
    return bool(path) and (not link.netloc or link.netloc == own.netloc) and own.path.startswith(path + "/")


def _elsewhere(href: str | None, target: str) -> bool:
    if not href or "//" not in href[:8]:
        return False
    other, own = urlsplit(href).netloc, urlsplit(target).netloc
    return bool(other) and other != own and site(other) != site(own)


def _rank(node: LexborNode, text: str, target: str) -> int | None:
    """0 for a labelled element or a link to the headline's own section (whatever its class says: some sites show
    the section where a byline goes, and name it so), 1 for another link, 3 for other text, None for bylines."""
    author = _by_author(node)
    if node.tag == "a":
        href = node.attributes.get("href")
        if not author and _over(href, target):
            return 0
        # A link to another site names the outlet a story came from (a news aggregator's card), not a section.
        if _elsewhere(href, target):
            return None
    hints = _hints(node)
    if author or _NOT_LABEL_HINTS.search(hints):
        return None
    if _LABEL_HINTS.search(hints):
        return 0
    # A badge beside the headline says what kind of item it is ("Live", "Video") or, in Elementor's cards, its
    # category: a label only where nothing else is.
    if _BADGE_HINTS.search(hints):
        return None if is_media_badge(text) or text.casefold() in _KIND_BADGES else 2
    return 1 if node.tag == "a" else 3


def item_rubric(item: LexborNode, link: Candidate, title: str, in_link: str | None) -> str | None:
    """The best label of an item that wraps its headline link; the link's own kicker ranks below labelled parts."""
    inside = _element_ids(link.node)
    nodes = _elements(item)
    shorts = _short_texts(nodes, title, inside, _reader_only(nodes))
    shorts = [entry for at, entry in enumerate(shorts) if not (at + 1 < len(shorts) and _box(entry, shorts[at + 1]))]
    ranks = [_rank(node, text, link.target) for node, text in shorts]
    # A wrapper holding the byline ("<span class=meta><a href=/authors/…>", "Павел Гришин · 6 часов · Подписаться")
    # reads as the byline too.
    # A link's text ranked a label is not a byline for the class of a span inside it.
    labels = {text for (node, text), rank in zip(shorts, ranks, strict=True) if rank == 0 and node.tag == "a"}
    # Only names count: a rank or a counter ("2") is in every time stamp.
    bylines = {
        text for (_, text), rank in zip(shorts, ranks, strict=True) if rank is None and sum(map(str.isalpha, text)) > 2
    } - labels
    ranked = [
        (rank, order, text)
        for order, ((_, text), rank) in enumerate(zip(shorts, ranks, strict=True))
        if rank is not None and not any(byline in text for byline in bylines)
    ]
    # "Политика: <a>…</a>": a label written straight into the item, outside any element.
    if (own := clean_text(item.text(deep=False))) and len(own) <= 2 * MAX_RUBRIC_CHARS:
        ranked.append((3, -1, own))
    strong = [entry for entry in ranked if entry[0] < 2]
    weak = [entry for entry in ranked if entry[0] >= 2]
    # A media badge in the link ("Фото", "+фото", "(видео)") says what the item holds, not its section.
    kicker = None if in_link and is_media_badge(in_link) else in_link
    return _first_label(strong, title) or kicker or _first_label(weak, title) or _pictogram(nodes, inside)


def _pictogram(nodes: list[LexborNode], inside: set[int]) -> str | None:
    """A section shown as an icon, named for screen readers ("<span role=img aria-label=Экономика><svg>"): the
    item's label where it shows no text of one."""
    for node in nodes:
        if node.mem_id in inside or node.attributes.get("role") != "img":
            continue
        if found := label(clean_text(node.attributes.get("aria-label") or node.attributes.get("title") or "")):
            return found
    return None


def spanning_label(item: LexborNode) -> str | None:
    """A label set once for several items: the <dt> over the <dd>s that follow it, or a first cell spanning rows
    ("<td rowspan=3>Экономика</td>"), which the reader sees beside each of those rows."""
    if item.tag == "dd":
        node = item.prev
        while node is not None:
            if node.is_element_node and node.tag != "dd":
                return label(text_of(node)) if node.tag == "dt" else None
            node = node.prev
        return None
    if item.tag != "tr":
        return None
    node, back = item.prev, 0
    while node is not None and back < _SPAN_ROWS:
        if node.is_element_node:
            back += 1
            cell = first_element(node)
            span = cell.attributes.get("rowspan") if cell is not None and cell.tag in ("td", "th") else None
            if span and span.strip().isdigit() and int(span) > back:
                return label(text_of(cell))
        node = node.prev
    return None


def _sibling_label(item: LexborNode, forward: bool, stops: set[int]) -> str | None:
    """The first label beside an item, up to the neighbouring item; times and counters on the way are skipped. An
    item built alike whose headline was too short to join the rail ("Bäckerei schließt") is an item, no label."""
    node, texts = (item.next if forward else item.prev), 0
    shape = (item.tag, item.attributes.get("class"))
    while node is not None and node.mem_id not in stops and texts < _SIBLING_TEXTS:
        if node.is_element_node and (node.tag, node.attributes.get("class")) == shape and _links_to_story(node):
            return None
        text = text_of(node) if node.is_element_node else clean_text(node.text() or "")
        if text:
            texts += 1
            if found := label(text):
                return found
        node = node.next if forward else node.prev
    return None


def _links_to_story(node: LexborNode) -> bool:
    link = node if node.tag == "a" else node.css_first("a[href]")
    return link is not None and story_path(link.attributes.get("href") or "")


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
