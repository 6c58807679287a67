"""parse_tree bounds the nesting depth only on pages with thousands of start tags, and counts them cheaply first:
ordinary big pages must parse exactly as lexbor parses them, and deep ones must still be cut down."""

from __future__ import annotations

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

from pipeline.parse.dom import MAX_DEPTH, parse_tree


def _plain(html: bytes) -> str:
    return LexborHTMLParser(html, options=LexborDocumentOptions.WO_EVENTS).html or ""


def _depth(tree: LexborHTMLParser) -> int:
    deepest, node = 0, tree.body
    while node is not None and node.child is not None:
        node, deepest = node.child, deepest + 1
    return deepest


def test_many_closed_tags_parse_as_lexbor_parses_them() -> None:
    html = b"<html><body>" + b"<p>one <b>two</b></p>" * 2000 + b"</body></html>"
    assert html.count(b"<") > 3000
    assert parse_tree(html).html == _plain(html)


def test_many_sibling_blocks_parse_as_lexbor_parses_them() -> None:
    html = b"<html><body>" + b"<div>x</div>" * 4000 + b"</body></html>"
    assert parse_tree(html).html == _plain(html)


def test_deep_nesting_is_still_cut_down() -> None:
    html = b"<html><body>" + b"<div>" * 5000 + b"deep text" + b"</div>" * 5000 + b"</body></html>"
    tree = parse_tree(html)
    assert _depth(tree) <= MAX_DEPTH + 1
    assert "deep text" in tree.body.text()
