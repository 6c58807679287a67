"""One tree per page: the article and the headline rail come from one parse, as the crawler needs both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from selectolax.lexbor import LexborNode

from pipeline.parse import heading, metadata, timestamps
from pipeline.parse.access import NEEDS_JAVASCRIPT, OPEN, PAYWALLED, page_access
from pipeline.parse.body import SIGNUP_LEVELS, Body, Reading, body_from_jsonld, extract_body, holders
from pipeline.parse.bylines import byline_line, signature
from pipeline.parse.container import Container, find_container
from pipeline.parse.dom import ancestors, hint_tokens, parse_tree, text_of
from pipeline.parse.headlines import find_rail
from pipeline.parse.index import PageIndex
from pipeline.parse.measure import NodeText
from pipeline.parse.releases import without_release_furniture
from pipeline.parse.standfirst import LEAD_HINTS
from pipeline.parse.text import OPENING, fits_script, guess_language, html_source, looks_binary, utf8
from pipeline.records import Article, Headline, ParseError

# Below this much text a page is an article only if its markup says so (a headline element or article metadata):
# notices such as "page moved" or "under maintenance" are short and carry neither.
MIN_UNMARKED_BODY_CHARS = 300
_NO_BODY = {
    OPEN: "no article body found",
    PAYWALLED: "no article body found: the article is behind a paywall",
    NEEDS_JAVASCRIPT: "no article body found: the page draws its content with JavaScript",
}
# How much more text than the article block its parent may hold and still be searched for the article's dates.
_DATE_SCOPE = 1.2
# How many elements after the headline, or after its header block, a subtitle may come.
_SUBTITLE_SIBLINGS = 3
# How far down the text a repeated lead or a byline is looked for.
_OPENING_PARAGRAPHS = 3
_MARKUP = re.compile(r"<\s*(!doctype|html|head|body|div|p|a|meta|title|article|span|section|table)\b", re.I)


@dataclass(frozen=True)
class ParsedPage:
    """The page's article and its headline rail. Without an article body `error` says why, and `article` still
    carries what the page declares (title, dates, authors) when it is HTML at all, else None."""

    article: Article | None
    headlines: list[Headline] = field(default_factory=list)
    error: str | None = None
    # The main text as the page shows it, lead paragraph included (Article.body drops a repeated lead).
    text: str | None = None
    # open, paywalled or needs_javascript (pipeline.parse.access): why a body may be short or missing.
    access: str = OPEN


def _source(html: bytes | str) -> tuple[bytes, str]:
    """UTF-8 bytes for the parser and the page's opening as text (see html_source)."""
    if isinstance(html, str):
        return utf8(html), html[:OPENING]
    return html_source(html if isinstance(html, bytes) else bytes(html))


def _unreadable(opening: str) -> str | None:
    if not opening or opening.isspace():
        return "empty page"
    if looks_binary(opening) or not _MARKUP.search(opening):
        return "not HTML"
    return None


def _inside(node: LexborNode, ids: set[int]) -> bool:
    return node.mem_id in ids or any(a.mem_id in ids for a in ancestors(node))


def _a_list(node: LexborNode, ids: set[int]) -> bool:
    """Whether most of the block's elements are rail items: a list of teasers (a front page's feed of cards, each
    with its summary), which reads like an article only for its length."""
    children = [child.mem_id for child in node.iter() if child.is_element_node]
    return len(children) >= 2 and sum(child in ids for child in children) * 2 > len(children)


def _body(
    page: metadata.PageMeta,
    index: PageIndex,
    container: Container | None,
    rail: set[int],
    title: str | None,
    measure: NodeText,
    headline: LexborNode | None,
) -> Body | None:
    """DOM text keeps paragraph breaks, so JSON-LD articleBody wins only when the DOM text is much shorter."""
    dom = None
    if container is not None:
        # E-mail fields and free-text boxes: a newsletter box, or a form asking readers for their questions.
        fields = [node for node in index.tag("input") if _email_field(node.attributes)]
        fields += index.tag("textarea")
        reading = Reading(
            container.skip,
            frozenset(rail),
            container.core,
            holders(index.tag("img")),
            holders(fields, SIGNUP_LEVELS),
            headline.mem_id if headline is not None else None,
        )
        dom = extract_body(container.node, reading, title, measure)
    declared = body_from_jsonld(page.article_ld().get("articleBody"))
    if declared and (dom is None or len(dom.text) < 0.6 * len(declared)):
        return Body(declared)
    return dom


def _email_field(attributes: dict[str, str | None]) -> bool:
    """An e-mail field, typed so or only said so by a text field ("<input type=text autocomplete=email>", Tilda's)."""
    kind = (attributes.get("type") or "text").lower()
    return kind == "email" or (kind == "text" and (attributes.get("autocomplete") or "").lower() == "email")


def _date_scope(container: Container | None, measure: NodeText) -> LexborNode | None:
    """The article block, or its parent when that holds little more: the dateline often sits just above the text
    block, a sibling of it rather than a child."""
    if container is None:
        return None
    parent = container.node.parent
    if (
        parent is None
        or parent.tag in ("body", "html")
        or _DATE_SCOPE * measure.size(container.node) < measure.size(parent)
    ):
        return container.node
    return parent


def _declares_article(index: PageIndex, page: metadata.PageMeta) -> bool:
    return bool(index.h1 or index.article or page.article_ld() or page.first("og:type") == "article")


def _without_lead(body: str, lead: str | None) -> str:
    """The lead is stored on its own; repeating it as one of the first paragraphs (under a kicker or a player's
    label) would count its words twice."""
    paragraphs = body.split("\n\n")
    if lead and lead in paragraphs[:_OPENING_PARAGRAPHS] and len(paragraphs) > 1:
        paragraphs.remove(lead)
    return "\n\n".join(paragraphs)


def _without_byline(body: str) -> tuple[str, list[str]]:
    """A byline left as one of the first paragraphs ("Por Inés Carrasco · Edición: …") is not text; its names are
    the authors when nothing else names them."""
    paragraphs = body.split("\n\n")
    for at, text in enumerate(paragraphs[:_OPENING_PARAGRAPHS]):
        if names := byline_line(text):
            return "\n\n".join(paragraphs[:at] + paragraphs[at + 1 :]), names
    return body, []


def _subtitle(headline: LexborNode | None, body: str | None) -> str | None:
    """An element under the headline named as its subtitle or lead ("<em class=article__subtitle>"), a sibling of
    the headline or of the header block around it, when the text begins with it: a standfirst set inside the
    article block."""
    if headline is None or not body:
        return None
    first = body.partition("\n\n")[0]
    for node in (headline, headline.parent):
        after, seen = (node.next if node is not None else None), 0
        while after is not None and seen < _SUBTITLE_SIBLINGS:
            if after.is_element_node:
                seen += 1
                if hint_tokens(after) & LEAD_HINTS and text_of(after) == first:
                    return first
            after = after.next
    return None


def _update(updated: datetime | None, published: datetime | None) -> datetime | None:
    """CMSs fill dateModified with the publication time when nothing changed, or with its day alone: neither is an
    update, and nor is a time before the publication."""
    if updated is None or published is None:
        return updated
    if updated == published or (
        updated.time() == time(0) and updated.tzinfo is None and updated.date() == published.date()
    ):
        return None
    if (updated.tzinfo is None) == (published.tzinfo is None) and updated < published:
        return None
    return updated


def _language(page: metadata.PageMeta, text: str) -> str | None:
    declared = metadata.language(page)
    return declared if declared and fits_script(declared, text) else guess_language(text)


def _article(
    index: PageIndex,
    page: metadata.PageMeta,
    container: Container | None,
    rail: set[int],
    url: str | None,
    now: datetime | None,
    measure: NodeText,
) -> tuple[Article, str | None]:
    """The metadata even when there is no body: a page whose text cannot be found still has its date and title."""
    title = metadata.title(page, index)
    headline = heading.headline_node(index, title)
    found = _body(page, index, container, rail, title, measure, headline)
    body = without_release_furniture(found.text) if found else None
    if body is not None and len(body) < MIN_UNMARKED_BODY_CHARS and not _declares_article(index, page):
        body = None
    scopes = timestamps.article_scopes(index, _date_scope(container, measure), headline)
    authors = metadata.authors(page, index, scopes)
    if body:
        body, named = _without_byline(body)
        if not authors and named:
            authors = tuple(named)
        elif (signed := signature(body)) and (not authors or signed.credit or set(signed.names) <= set(authors)):
            authors, body = authors or tuple(signed.names), signed.text
    # The standfirst the page shows, else the summary it declares (lead precedence: docs in metadata.lead).
    apart = bool(found and found.opening_apart)
    shown = (found.standfirst if found and body else None) or _subtitle(headline, body)
    lead = shown or metadata.lead(page, index, body, apart)
    published = timestamps.published_at(index, page, scopes, url, now, headline)
    updated = timestamps.updated_at(page, scopes, now)
    article = Article(
        url=url,
        canonical_url=page.canonical,
        title=title,
        lead=lead,
        body=_without_lead(body, lead) if body else None,
        published_at=published,
        updated_at=_update(updated, published),
        authors=authors,
        rubric=metadata.rubric(page, index, title),
        tags=metadata.tags(page, index, scopes, url),
        language=_language(page, body or title or ""),
    )
    return article, body


def parse_page(html: bytes | str, url: str | None = None, *, now: datetime | None = None) -> ParsedPage:
    """Never raises on bad input: the crawler records `error` and keeps the rail when there is no article."""
    source, opening = _source(html)
    if reason := _unreadable(opening):
        return ParsedPage(article=None, error=reason)
    index = PageIndex(parse_tree(source))
    page = metadata.collect(index, url)
    measure = NodeText()
    container = find_container(index, set(), measure)
    # One <article> element on the page is the story's; front pages set each teaser in one.
    declared = bool(page.article_ld() or page.first("og:type") == "article" or len(index.tag("article")) == 1)
    headlines, rail = find_rail(index, url, container.node if container else None, declared)
    if container is not None and (_inside(container.node, rail) or _a_list(container.node, rail)):
        container = find_container(index, rail, measure)
    article, text = _article(index, page, container, rail, url, now, measure)
    access = page_access(index, page, text)
    error = None if text else _NO_BODY[access]
    return ParsedPage(article=article, headlines=headlines, error=error, text=text, access=access)


def parse_article(html: bytes | str, url: str | None = None, *, now: datetime | None = None) -> Article:
    parsed = parse_page(html, url, now=now)
    if parsed.article is None or parsed.error:
        raise ParseError(parsed.error or "no article body found")
    return parsed.article


def parse_headlines(html: bytes | str, url: str | None = None) -> list[Headline]:
    return parse_page(html, url).headlines
