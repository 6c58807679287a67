"""Which blocks around the best-scoring one belong to the same article: Readability's climb to the ancestor that
close runners-up share, a climb to the ancestor holding the most article text net of the clutter it also holds, and
the siblings that join the winner (a lead box, a second text box, the other boxed sections of the article).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import ancestors, hint_tokens

if TYPE_CHECKING:
    from pipeline.parse.container import Scores

PAGE_LEVEL = frozenset({"body", "html", "-document"})
# Readability's figures: a block within 75% of the winner is the same article's when three such blocks share it.
_CLOSE_SCORE = 0.75
_SHARED_BY = 3
_MAX_ANCESTORS = 40
# Each character of clutter a climb takes in costs two of article text: the teaser lists under an article hold prose
# excerpts too, each under its linked title and date, and were worth taking in at one for one.
_BAD_TEXT_COST = 2.0
# A box of its own around each section: the layers wrapping one, and how much of a sibling box must be article text.
_BOX_LAYERS = 6
_BOX_TEXT = 150
_BOX_SHARE = 0.5
_BOX_LINKS = 0.1
# A sibling paragraph joins from this length; a box around prose joins when this much of it is unlinked article text.
_PROSE = 80
_PROSE_SHARE = 0.9
_PROSE_WORDS = 10


def join_article(
    ranked: list[tuple[LexborNode, float]], scores: Scores, excluded: set[int]
) -> tuple[LexborNode, frozenset[int]]:
    """The element holding the whole article, and those of its children that are not part of it."""
    best, score = _widen(ranked, scores)
    return _with_siblings(best, score, scores, excluded)


def _widen(ranked: list[tuple[LexborNode, float]], scores: Scores) -> tuple[LexborNode, float]:
    """First Readability's climb to the ancestor that three close runners-up share (an article cut into equal
    blocks), then on to the ancestor that gathers the most article text net of everything else it holds (menus,
    link lists, widgets): the sections of a long article join, the page around it does not."""
    best, top = ranked[0]
    rivals = [{a.mem_id for a in ancestors(node, _MAX_ANCESTORS)} for node, s in ranked[1:] if s >= top * _CLOSE_SCORE]
    if len(rivals) >= _SHARED_BY:
        for parent in ancestors(best, _MAX_ANCESTORS):
            if parent.tag in PAGE_LEVEL:
                break
            if sum(parent.mem_id in chain for chain in rivals) >= _SHARED_BY:
                best, top = parent, max(scores.final(parent), top)
                break
    chosen, gain = best, _net_text(best, scores)
    for parent in ancestors(best, _MAX_ANCESTORS):
        if parent.tag in PAGE_LEVEL:
            break
        # Net text never exceeds the article text held, so most ancestors are ruled out without measuring them.
        if scores.good.get(parent.mem_id, 0.0) <= gain:
            continue
        net = _net_text(parent, scores)
        if net > gain:
            chosen, gain = parent, net
    return chosen, max(scores.final(chosen), top)


def _net_text(node: LexborNode, scores: Scores) -> float:
    good = scores.good.get(node.mem_id, 0.0)
    return good - _BAD_TEXT_COST * (scores.measure.size(node) - good)


def _with_siblings(
    node: LexborNode, score: float, scores: Scores, excluded: set[int]
) -> tuple[LexborNode, frozenset[int]]:
    """As in Readability, siblings scoring near the winner (a lead box, a second text box) join it. Sites that box
    each section of an article wrap the box in layers holding nothing else, so the siblings looked at are those of
    the outermost layer; a sibling box joins when it is mostly article text."""
    # A layer holds nothing else when its article text is the winner's (up to float rounding of the sums).
    good = scores.good.get(node.mem_id, 0.0) + 1.0
    box = node
    for _ in range(_BOX_LAYERS):
        parent = box.parent
        if parent is None or parent.tag in PAGE_LEVEL or scores.good.get(parent.mem_id, 0.0) > good:
            break
        box = parent
    parent = box.parent
    if parent is None or parent.tag in PAGE_LEVEL:
        return node, frozenset()
    threshold = max(10.0, score * 0.2)
    joined, skipped, before = 0, set(), True
    for sibling in parent.iter():
        if sibling.mem_id == box.mem_id:
            before = False
            continue
        sibling_score = scores.final(sibling) if sibling.mem_id in scores.score else 0.0
        if sibling.mem_id not in excluded and (
            sibling_score >= threshold or _prose(sibling, scores, before) or _article_box(sibling, box, scores)
        ):
            joined += 1
        else:
            skipped.add(sibling.mem_id)
    return (parent, frozenset(skipped)) if joined else (node, frozenset())


def _article_box(node: LexborNode, box: LexborNode, scores: Scores) -> bool:
    """A box made from the same template as the winner's, holding mostly article text: another section of it."""
    good = scores.good.get(node.mem_id, 0.0)
    if good < _BOX_TEXT or node.tag != box.tag or hint_tokens(node) != hint_tokens(box):
        return False
    size = scores.measure.size(node)
    if good < _BOX_SHARE * size:
        # Script-driven pages write their state and embeds as inline scripts between the paragraphs: code, not text
        # the reader sees. Only a box built like the winner's is searched for them, so the cost stays small.
        size -= sum(len(code.text(deep=True, strip=True)) for code in node.css("script, style"))
    # Teaser lists are mostly excerpts too, but each under a linked title.
    return good >= _BOX_SHARE * size and scores.measure.links(node) <= _BOX_LINKS * size


def _prose(node: LexborNode, scores: Scores, before: bool) -> bool:
    """A paragraph, or a box above the text holding nothing but one (the lead in a "leadIn" div of its own); boxes
    of prose below the text are author bios and promotions as often as not."""
    measure = scores.measure
    if node.tag == "p":
        text = measure.text(node)
        return len(text) >= _PROSE and measure.links(node) / len(text) < 0.25
    if not before:
        return False
    good = scores.good.get(node.mem_id, 0.0)
    if good < _PROSE or good < _PROSE_SHARE * measure.size(node) or measure.links(node):
        return False
    # An image's address written out as text is long and unlinked too.
    return len(measure.text(node).split()) >= _PROSE_WORDS
