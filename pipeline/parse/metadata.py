"""What a page declares about its article: meta tags, JSON-LD, link rels, and visible cues around the h1.

Declared metadata is preferred to visible text because it is written for machines and survives redesigns; the
visible cues are fallbacks for the many small sites that declare nothing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborNode

from pipeline.parse.bylines import byline, labelled_byline, split_names, without_credits
from pipeline.parse.dom import ancestors, text_of
from pipeline.parse.heading import headline_node, in_chrome
from pipeline.parse.index import PageIndex
from pipeline.parse.rails.items import AUTHOR_SEGMENTS
from pipeline.parse.rails.labels import label
from pipeline.parse.standfirst import fullest, is_slogan
from pipeline.parse.text import clean_text, word_key
from pipeline.parse.titles import (
    TRAIL_SEPARATORS,
    agrees,
    is_title_tail,
    is_trimmed_title,
    strip_site_suffix,
    trail_end,
)
from pipeline.parse.urls import host, resolve, site

_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "report",
    "webpage",
    "liveblogposting",
    "backgroundnewsarticle",
)
_META_KEYS = ("property", "name", "itemprop", "http-equiv")
# h1s compared with the `<title>`: pages with more use h1 for every section heading.
_MAX_H1 = 4
_LEAD_SELECTOR = '[class*="lead"], [class*="standfirst"], [class*="subtitle"], [itemprop="description"]'
# Documentation generators end each heading with a permalink anchor ("Installation¶").
_PERMALINK = " ¶🔗⚓"
# XHTML-era pages wrap script text in CDATA sections or HTML comments, often behind "//" so old browsers skip them.
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


@dataclass
class PageMeta:
    """Meta values by lower-case key, every JSON-LD object flattened, and the page's declared language."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    html_lang: str | None = None
    canonical: str | None = None

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if cleaned := clean_text(value):
                    return cleaned
        return None

    def all(self, key: str) -> list[str]:
        return [cleaned for value in self.meta.get(key, ()) if (cleaned := clean_text(value))]

    def article_ld(self) -> dict[str, Any]:
        """The JSON-LD object describing the article itself, preferring the most specific article type."""
        best: dict[str, Any] = {}
        best_rank = len(_ARTICLE_TYPES)
        for item in self.jsonld:
            types = item.get("@type")
            names = [str(t).lower() for t in (types if isinstance(types, list) else [types])]
            ranks = [_ARTICLE_TYPES.index(n) for n in names if n in _ARTICLE_TYPES]
            rank = min(ranks, default=best_rank)
            if rank < best_rank or (rank == best_rank and not best and ranks):
                best, best_rank = item, rank
        return best


def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _load_ld(raw: str) -> Any:
    raw = raw.strip()
    # The wrapper pattern tries its closing half at every character: over a big JSON-LD graph that costs more than
    # decoding it, so it runs only where the text is wrapped.
    if raw.startswith(("/", "<")) or raw.endswith(">"):
        raw = _WRAPPERS.sub("", raw)
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
        except ValueError:
            return None


def _untyped_ld(index: PageIndex) -> Iterator[str]:
    """Schema.org objects in a `<script>` without its type, which some CMSs write and search engines still read."""
    for script in index.tag("script"):
        attrs = script.attributes
        if "type" in attrs or "src" in attrs:
            continue
        text = script.text().strip()
        if text.startswith("{") and '"@context"' in text[:300] and "schema.org" in text[:300]:
            yield text


def collect(index: PageIndex, url: str | None) -> PageMeta:
    page = PageMeta()
    for node in index.tag("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        for key in _META_KEYS:
            if name := attrs.get(key):
                page.meta.setdefault(name.strip().lower(), []).append(content)
    for script in index.scripts("application/ld+json"):
        page.jsonld.extend(_flatten_ld(_load_ld(script.text())))
    for text in _untyped_ld(index):
        page.jsonld.extend(_flatten_ld(_load_ld(text)))
    html = index.html
    page.html_lang = html.attributes.get("lang") or html.attributes.get("xml:lang") if html else None
    link = index.first_link("canonical")
    href = link.attributes.get("href") if link else None
    page.canonical = resolve(href or page.first("og:url"), url)
    return page


def ld_text(value: Any) -> str | None:
    """JSON-LD values arrive as strings, lists, or objects with a name; reduce each to plain text."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(str(value)) if isinstance(value, str | int | float) and str(value).strip() else None


def site_name(page: PageMeta) -> str | None:
    publisher = page.article_ld().get("publisher")
    return page.first("og:site_name", "application-name") or ld_text(publisher)


def title(page: PageMeta, index: PageIndex) -> str | None:
    """og:title, then JSON-LD headline, then h1, then `<title>`. Some CMSs fill the JSON-LD headline with the
    description or the entity's kind ("matrix equal to its conjugate-transpose"): it counts only when the h1 or
    the `<title>` says much the same. An h1 that shares nothing with the `<title>` is the site's logo, a section
    name or a menu when it sits in the page's header or navigation, and the `<title>` is the headline then, unless
    it is nothing but the site's name."""
    site = site_name(page)
    shown = [text_of(node).rstrip(_PERMALINK) for node in index.tag("h1")[:_MAX_H1]]
    document = text_of(index.title) if index.title else None
    headline = ld_text(page.article_ld().get("headline"))
    declared = page.first("og:title", "twitter:title")
    if not declared and headline and agrees(headline, [text for text in (*shown[:1], document) if text]):
        declared = headline
    if declared:
        if document and is_trimmed_title(declared, document, site):
            return declared
        return strip_site_suffix(declared, site, shown) or None
    bare = strip_site_suffix(document, site) if document else ""
    heading = next(
        (
            text
            for text in shown
            if text
            and (
                not document
                or (agrees(text, [bare]) and not is_title_tail(text, document) and not _names_a_crumb(text, document))
            )
        ),
        None,
    )
    chrome = index.h1 is not None and (in_chrome(index.h1) or _names_a_crumb(shown[0], document))
    if heading is None and chrome and document and strip_site_suffix(document, site, shown) not in (site, ""):
        return strip_site_suffix(document, site, shown)
    heading = heading or next((text for text in shown if text), None)
    if heading is None and document and (end := trail_end(document)) and headline_node(index, end) is not None:
        return end
    return strip_site_suffix(heading or document or "", site, shown) or None


def _names_a_crumb(h1: str, document: str | None) -> bool:
    """An h1 naming one of the sections the `<title>` lists after the headline ("Новости" over a page titled "В селе
    открылся ФАП / Общество / Новости / Газета"): the section's heading, set above the story's own."""
    if not document or not h1:
        return False
    parts = [word_key(part) for part in TRAIL_SEPARATORS.split(document)]
    return len(parts) >= 3 and word_key(h1) in parts[1:]


def lead(page: PageMeta, index: PageIndex, body: str | None = None, opening_apart: bool = False) -> str | None:
    """The description the page declares (see standfirst.fullest), unless it
    only repeats the opening of the article's text, cut off with an ellipsis or not ("…по сравнению с... РИА
    Новости, 09.04.2025"): that is the article's first paragraph, no standfirst, unless the page sets that
    paragraph apart from the rest (`opening_apart`) and the description is all of it. Without a description, an
    element named as the lead."""
    found = [value for key in ("og:description", "twitter:description", "description") if (value := page.first(key))]
    declared = fullest(found) or ld_text(page.article_ld().get("description"))
    if declared and is_slogan(declared, site_name(page)):
        declared = None
    if declared and len(declared) >= 20:
        if not body or not _repeats_opening(declared, body):
            return declared
        # The whole first paragraph again is the standfirst when the page sets it apart, or when it reads as one:
        # a line without the full stop that closes an article's sentences.
        first = body.partition("\n\n")[0]
        shown = opening_apart or not first.rstrip().endswith((".", "!", "?", "…"))
        return first if shown and word_key(first) == word_key(declared) else None
    for node in index.tree.css(_LEAD_SELECTOR):
        text = text_of(node)
        if 40 <= len(text) <= 600:
            return text
    return None


def _repeats_opening(description: str, body: str) -> bool:
    """Whether the description is the opening paragraph again, cut short or lightly reworded ("to cut daily
    crossings" for "to cut the number of daily crossings"): nearly all its words are in it."""
    cut = re.split(r"\.\.\.|…", description, maxsplit=1)[0]
    words = word_key(cut)
    if len(words) < _MIN_REPEAT:
        return False
    # A copy starts where the paragraph does, behind a dateline at most: only that stretch is read.
    stretch = body.partition("\n\n")[0][: 2 * len(cut) + _DATELINE_CHARS]
    if words.partition(" ")[0] not in stretch.casefold():
        return False
    opening = word_key(stretch)
    if words in opening:
        return True
    wanted = Counter(words.split())
    return sum((wanted & Counter(opening.split())).values()) >= _REWORDED * sum(wanted.values())


_DEVELOPER = re.compile(
    r"(?i)\bweb(?:studio|design)?\b|\bstudio\b|веб-?студи|\bdesign\b|дизайн|разработ|\bcms\b|bitrix|битрикс"
)


def authors(page: PageMeta, index: PageIndex, scopes: Sequence[LexborNode] = ()) -> tuple[str, ...]:
    """JSON-LD, then meta, then the byline, then a name labelled "Автор:" near the headline or in the article. The
    paper itself named as the author (in JSON-LD or meta) is a placeholder CMSs fill in: a byline in the page
    ("Текст: Ирина Соколова") wins over it."""
    found: list[str] = []
    raw = page.article_ld().get("author")
    for item in raw if isinstance(raw, list) else [raw]:
        if name := ld_text(item):
            found.extend(split_names(name))
    site = site_name(page)
    if not found:
        for value in page.all("author") + page.all("article:author") + page.all("sailthru.author"):
            # Old templates credit the web studio that built the site there.
            if not value.startswith("http") and not _DEVELOPER.search(value):
                found.extend(split_names(value))
    document = text_of(index.title) if index.title else ""
    if found and all(_is_site(name, site, document) for name in found) and index.tree.root is not None:
        found = byline(index.tree.root) or labelled_byline(scopes) or found
    if not found and index.tree.root is not None:
        found = byline(index.tree.root)
    if not found:
        found = labelled_byline(scopes)
    return tuple(dict.fromkeys(without_credits(found, site)))


def _is_site(name: str, site: str | None, document: str) -> bool:
    """The declared site's name, or the name the `<title>` ends with after a separator ("…饭-华夏新闻网")."""
    if site is not None and name.casefold() == site.casefold():
        return True
    head = document[: -len(name)] if name and document.endswith(name) else ""
    return bool(head.rstrip()) and head.rstrip()[-1] in _TITLE_SEPARATORS


def rubric(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    """The declared section; of a list of sections ("News", "UK News"), the one the meta names, else the first that is
    more than the site's generic "News"."""
    raw = page.article_ld().get("articleSection")
    listed = [name for item in (raw if isinstance(raw, list) else [raw]) if (name := ld_text(item))]
    meta = page.first("article:section")
    if len(listed) > 1:
        specific = (name for name in listed if name.casefold() not in _HOME_CRUMBS)
        section = meta if meta in listed else next(specific, listed[0])
    else:
        section = listed[0] if listed else meta
    return section or _breadcrumb(page, index, headline) or _kicker(index) or _plain_breadcrumb(index, headline)


_HOME_CRUMBS = (
    "главная",
    "home",
    "main",
    "news",
    "новости",
    "startseite",
    "accueil",
    "inicio",
    "homepage",
    "article",
    "artikel",
    # A trail ending in the page itself under a placeholder name.
    "aktueller artikel",
    "current article",
)
_TITLE_SEPARATORS = "-|–—:·_»"
# The site itself as a crumb ("zdf.de", "ZEIT ONLINE", "Spiceworks Inc" on Spiceworks) is no section.
_DOMAIN_NAME = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.I)
# A crumb this many words long that says what the headline says is the article itself.
_TITLE_CRUMB_WORDS = 3
_TRAIL_START = frozenset({"главная", "home", "startseite", "accueil", "inicio"})
# Hierarchy marks between crumbs; "|" separates the items of a menu, which also starts with "Главная".
_TRAIL_MARK = re.compile(r"[»>›→/]|::")
_TRAIL_LINKS = 5
_TRAIL_CHARS = 200


def _plain_breadcrumb(index: PageIndex, headline: str | None) -> str | None:
    """A trail no class or markup names: a link home ("Главная") and a few section links after it in one element,
    with "»", ">" or "/" between them, as old CMSs print it above the headline."""
    for link in index.tag("a"):
        if link.text(deep=True).strip().casefold() not in _TRAIL_START or (trail := link.parent) is None:
            continue
        text = text_of(trail)
        crumbs = trail.css("a")
        if len(text) > _TRAIL_CHARS or not _TRAIL_MARK.search(text) or not 2 <= len(crumbs) <= _TRAIL_LINKS:
            continue
        names = [name for crumb in crumbs if (name := text_of(crumb)) and name != headline and len(name) <= 40]
        # A pager's "Older Post →" carries its own arrow; a crumb's marks stand between the links.
        kept = [name for name in names if name.lower() not in _HOME_CRUMBS and not _TRAIL_MARK.search(name)]
        if kept:
            return kept[-1]
    return None


def _breadcrumb(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    names = _declared_trail(page, headline)
    if not names:
        names = [
            text_of(link)
            for trail in _breadcrumb_trails(index)
            for link in trail.css("a")
            if link.mem_id != trail.mem_id
        ]
    site = word_key(site_name(page) or "")
    kept = [
        name
        for name in names
        if name and name != headline and len(name) <= 40 and name.lower() not in _HOME_CRUMBS
        if not _DOMAIN_NAME.fullmatch(name) and not (site and site in word_key(name))
    ]
    return kept[-1] if kept else None


def _declared_trail(page: PageMeta, headline: str | None) -> list[str]:
    """JSON-LD breadcrumb names. A list item names itself, or the page it points to does ({"item": {"@id": …,
    "name": "気象"}}); the last item is often the article itself, under its own URL or its headline reworded."""
    names = []
    own = (page.canonical or "").rstrip("/")
    for crumb in page.jsonld:
        if crumb.get("@type") != "BreadcrumbList":
            continue
        for item in crumb.get("itemListElement") or []:
            target = item.get("item") if isinstance(item, dict) else None
            name = ld_text(item) or ld_text(target)
            link = target.get("@id") if isinstance(target, dict) else target
            if not name or (own and isinstance(link, str) and link.rstrip("/") == own):
                continue
            if headline and len(name.split()) >= _TITLE_CRUMB_WORDS and agrees(name, [headline]):
                continue
            names.append(name)
    return names


def _breadcrumb_trails(index: PageIndex) -> list[LexborNode]:
    """The outermost breadcrumb elements in page order, whose links (a crumb itself named "breadcrumb-item" aside)
    are the trail. Matching elements by their own attributes walks the tree once; "[class*=breadcrumb] a" would
    instead climb from every link of the page through all its ancestors."""
    trails: list[LexborNode] = []
    inside: set[int] = set()
    if index.tree.root is None:
        return trails
    for node in index.tree.root.css('[class*="breadcrumb"], [itemtype*="BreadcrumbList"], [aria-label*="readcrumb"]'):
        if node.mem_id not in inside:
            trails.append(node)
            inside.update(child.mem_id for child in node.traverse())
    return trails


def _kicker(index: PageIndex) -> str | None:
    """A rubric label next to the h1; searched only near it, because the headline rail is full of labels."""
    h1 = index.h1
    scope: LexborNode | None = h1.parent.parent if h1 and h1.parent else None
    if scope is None:
        return None
    for node in scope.css('[class*="kicker"], [class*="rubric"], [class*="category"], [class*="section"]'):
        text = text_of(node)
        if 2 <= len(text) <= 40 and node.css_first("h1") is None:
            return text
    return _section_link_above(h1) if h1 is not None else None


def _section_link_above(h1: LexborNode) -> str | None:
    """An unnamed kicker: the first link of the line right above the headline, when it leads to a section page
    ("<a href="/comments/">Мнения</a>"), not to a story or the home page."""
    above = h1.prev
    while above is not None and not above.is_element_node:
        above = above.prev
    link = above if above is None or above.tag == "a" else above.css_first("a")
    if link is None:
        return None
    path = (resolve(link.attributes.get("href"), None) or "").partition("?")[0]
    segments = [part for part in path.split("/")[3 if "://" in path else 0 :] if part]
    text = text_of(link)
    if not 1 <= len(segments) <= 2 or any(char.isdigit() for char in "".join(segments)):
        return None
    # A writer's page is a byline's link ("/author/moritz-bachmann"); "Mehr erfahren…" is a button.
    if segments[0].lower() in AUTHOR_SEGMENTS or len(text.split()) > 4 or text.casefold() in _HOME_CRUMBS:
        return None
    return label(text)


# Commas between keywords: Latin, Arabic ("،") and ideographic ("、").
_LIST_COMMA = re.compile("[,،、]")


def tags(
    page: PageMeta, index: PageIndex, scopes: Sequence[LexborNode] = (), url: str | None = None
) -> tuple[str, ...]:
    """Declared tags (meta, JSON-LD keywords); `rel="tag"` links only when none are declared, as they cost a search
    of the whole page; failing both, the links to tag pages in the article's own block (its tag list), since the
    rail's labels link to tag pages too."""
    found = [part for value in page.all("article:tag") for part in _LIST_COMMA.split(value)]
    for key in ("news_keywords", "keywords"):
        found.extend(part for value in page.all(key) for part in _LIST_COMMA.split(value))
    keywords = page.article_ld().get("keywords")
    if isinstance(keywords, str):
        found.extend(_LIST_COMMA.split(keywords))
    elif isinstance(keywords, list):
        found.extend(str(k) for k in keywords)
    if not found:
        # WordPress writes rel="category tag" on a post's categories: those are its rubric, not its tags.
        # Drupal marks its "Weiterlesen" links rel="tag" too: a button's words are no tag.
        found = [
            text
            for a in index.tree.css('a[rel~="tag"]:not([rel~="category"])')
            if (text := text_of(a)) and text.casefold() not in _READ_MORE
        ]
    if not found:
        found = _tag_links(scopes, url or page.canonical)
    # The keywords meta is often the lower-cased copy of the tags the page shows ("россия" and "Россия"): one tag
    # each, spelled as shown when a spelling with capitals is there.
    kept: dict[str, str] = {}
    # "#библиотеки": a hashtag's mark is not the tag's name.
    for tag in (clean_text(tag).lstrip("#") for tag in found):
        if tag and len(tag) <= 60:
            key = tag.casefold()
            if key not in kept or (kept[key].islower() and not tag.islower()):
                kept[key] = tag
    return tuple(kept.values())


_READ_MORE = frozenset(
    {
        "weiterlesen",
        "mehr",
        "read more",
        "more",
        "continue reading",
        "lire la suite",
        "leer más",
        "leggi tutto",
        "подробнее",
        "читать далее",
        "далее",
        "читати далі",
        "czytaj dalej",
        "lees meer",
        "leia mais",
    }
)
# Text of its own a tag list may hold around its links ("Теги:", "Tagged:", commas); more is a sentence.
_TAG_LIST_TEXT = 40
# How long a description's words must run to count as a copy of the opening paragraph.
_MIN_REPEAT = 40
_DATELINE_CHARS = 100
# Share of a description's words the first paragraph must hold for the description to be that paragraph reworded.
_REWORDED = 0.9
# A tag names a thing in a few words; a longer link text is a teaser or a button.
_TAG_WORDS = 5
_TAG_EDGE = ' ,;#"«»'
# Substrings of what _TAG_PATH matches, for lexbor to pick the few links out of the hundreds on a page.
_TAG_LINKS = ", ".join(f'a[href*="{part}"]' for part in ("tag", "keyword", "them", "topic", "teg", "tema"))
# "/tags/", "/by-theme/12", "?tag=": a path segment that names tag pages, alone or after a prefix.
_TAG_PATH = re.compile(r"/(?:[\w-]*[-_])?(?:tags?|keywords?|them(?:es?|a|en)|topics?|teg[iy]?|tema)/|[?&]tag=", re.I)


def _tag_links(scopes: Sequence[LexborNode], url: str | None) -> list[str]:
    """Links to the site's tag pages outside the article's sentences, from the first of the article's scopes that
    has any: a link in a paragraph is a mention, not a tag, and a shop's "?tag=" is an affiliate code. A scope
    inside one already searched is not searched again."""
    own = site(host(url)) if url else None
    searched: set[int] = set()
    for scope in scopes:
        if scope.mem_id in searched or any(node.mem_id in searched for node in ancestors(scope)):
            continue
        searched.add(scope.mem_id)
        names = []
        for link in scope.css(_TAG_LINKS):
            href = link.attributes.get("href") or ""
            if not _TAG_PATH.search(href) or _in_sentence(link):
                continue
            if href.startswith(("http://", "https://", "//")) and site(host(resolve(href, url) or "")) != own:
                continue
            name = text_of(link).strip(_TAG_EDGE)
            if name and len(name.split()) <= _TAG_WORDS and not name.endswith("."):
                names.append(name)
        if names:
            return names
    return []


def _in_sentence(link: LexborNode) -> bool:
    """Whether the text around the link is prose: a tag list holds a label and commas between its links."""
    parent = link.parent
    while parent is not None and parent.tag in ("span", "b", "strong", "em", "i"):
        parent = parent.parent
    return parent is not None and len(clean_text(parent.text(deep=False))) > _TAG_LIST_TEXT


def language(page: PageMeta) -> str | None:
    declared = page.html_lang or page.first("content-language", "language", "og:locale", "dc.language")
    match = re.match(r"\s*([a-zA-Z]{2})(?:[-_]|$|\s)", declared or "")
    return match.group(1).lower() if match else None
