"""The headline rail: the long, page-level list of links to other articles of the same site, with rubrics.

Sites differ in markup but not in shape: a rail is a run of sibling elements built alike, each holding one
headline-length link to the same site and maybe a short label. Menus, breadcrumbs and tag clouds fail the
headline-length test; service pages and tag hubs fail the link-target test; a "Related" block is recognised by
its heading or class; a list between the article's paragraphs belongs to the article. The parts live in
`pipeline.parse.rails`; this module puts them together for `parse_page`.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pipeline.parse.index import PageIndex
from pipeline.parse.rails.groups import Group, fill_in, repeated_groups, section_headings, select
from pipeline.parse.rails.items import item_rubric, sibling_labels, spanning_label, title_of
from pipeline.parse.rails.labels import is_match_card
from pipeline.parse.rails.links import Candidate, LinkFilter, headline_links
from pipeline.parse.urls import url_sections, without_tracking
from pipeline.records import Headline


def _entries(group: Group, heading: str | None) -> list[tuple[int, str, str, str | None]]:
    """(link id, url, title, rubric) per item of one group; the section heading over the group is the rubric of
    each item that has no label of its own."""
    flat = sibling_labels(group)
    entries = []
    for (item, link), beside in zip(group.items, flat, strict=True):
        title, in_link = title_of(link.node, link.text)
        if is_match_card(link.text, title):
            continue
        rubric = in_link if item.mem_id == link.node.mem_id else item_rubric(item, link, title, in_link)
        entries.append((link.node.mem_id, link.target, title, rubric or beside or spanning_label(item)))
    if heading:
        return [(*entry[:3], entry[3] or heading) for entry in entries]
    return entries


def _page_order(links: list[Candidate], groups: list[Group]) -> dict[int, float]:
    """Each item link's place on the page; a link added to a group by `fill_in` sits just after the item before it."""
    order: dict[int, float] = {link.node.mem_id: index for index, link in enumerate(links)}
    for group in groups:
        ids = [link.node.mem_id for _, link in group.items]
        # fill_in adds at most half as many items as a group had, so every group keeps links of `links` to place its
        # new ones by; one it added before its first known link sits just before that link.
        place = min(order[i] for i in ids if i in order) - 1
        for link_id in ids:
            place = order.setdefault(link_id, place + 1e-3)
    return order


def find_rail(
    index: PageIndex, url: str | None, body: LexborNode | None = None, declared: bool = False
) -> tuple[list[Headline], set[int]]:
    """The rail in page order, and its items' ids so the body reader can skip them. `body` is the block read as the
    article; `declared` says the page declares itself an article (JSON-LD, og:type, a single <article>), so that block
    is one."""
    link_filter = LinkFilter(url)
    links = headline_links(index, link_filter)
    groups = select(repeated_groups(links, declared), body, url_sections(url), declared)
    for group in groups:
        fill_in(group, link_filter)
    order = _page_order(links, groups)
    headings = section_headings(groups)
    entries = sorted(
        (entry for group in groups for entry in _entries(group, headings.get(id(group)))), key=lambda e: order[e[0]]
    )
    # Two links to one story differ in their tracking parameters at most ("?utm_source=main"): the first is kept.
    seen: set[str] = set()
    rail: list[Headline] = []
    for _, target, title, rubric in entries:
        if (key := without_tracking(target)) not in seen:
            seen.add(key)
            rail.append(Headline(title=title, url=target, rubric=rubric, position=len(rail) + 1))
    return rail, set().union(*(group.item_ids for group in groups))
