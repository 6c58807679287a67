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
from pipeline.parse.rails.groups import Group, repeated_groups, select
from pipeline.parse.rails.items import item_rubric, sibling_labels, spanning_label, title_of
from pipeline.parse.rails.links import headline_links
from pipeline.parse.urls import without_tracking
from pipeline.records import Headline


def _entries(group: Group) -> list[tuple[int, str, str, str | None]]:
    """(link id, url, title, rubric) per item of one group."""
    flat = sibling_labels(group)
    entries = []
    for (item, link), beside in zip(group.items, flat, strict=True):
        title, in_link = title_of(link.node, link.text)
        rubric = in_link if item.mem_id == link.node.mem_id else item_rubric(item, link, title, in_link)
        entries.append((link.node.mem_id, link.target, title, rubric or beside or spanning_label(item)))
    return entries


def find_rail(index: PageIndex, url: str | None, body: LexborNode | None = None) -> tuple[list[Headline], set[int]]:
    """The rail in page order, and its items' ids so the body reader can skip them."""
    links = headline_links(index, url)
    order = {link.node.mem_id: index for index, link in enumerate(links)}
    groups = select(repeated_groups(links), body)
    entries = sorted((entry for group in groups for entry in _entries(group)), key=lambda e: order[e[0]])
    # Two links to one story differ in their tracking parameters at most ("?utm_source=main"): the first is kept.
    seen: set[str] = set()
    rail: list[Headline] = []
    for _, target, title, rubric in entries:
        if (key := without_tracking(target)) not in seen:
            seen.add(key)
            rail.append(Headline(title=title, url=target, rubric=rubric, position=len(rail) + 1))
    return rail, set().union(*(group.item_ids for group in groups))
