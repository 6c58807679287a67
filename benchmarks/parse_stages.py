"""Where `parse_page` spends its time, stage by stage, over ../shared/corpora, next to trafilatura's time per page.

    python benchmarks/parse_stages.py [--corpus NAME] [--limit N]

The throughput target (issues 5 and 6) is ten times trafilatura's pages per second; this prints, per corpus, the
microseconds per page of each stage of ours, the budget that target leaves, and how far over it we are, so work on
speed starts from the stage that costs most rather than from a guess. Stages are timed by wrapping the functions
`parse_page` calls (decode, HTML parse, tag index, page metadata, article block, rail, article fields, access); the
wrappers add about a microsecond per stage.

The `floor` column is what no design on selectolax can go below: decoding and parsing the page, then visiting each
element once from Python to read its tag, class and own text, the least a content scorer reads. Its share of the
budget says how much of the target is left for the analysis itself.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

# Run as a script, this folder is on sys.path: the corpus loader and trafilatura's call are extraction.py's.
import extraction

import pipeline.parse.page as page
from pipeline.parse.dom import parse_tree
from pipeline.parse.text import html_source

# (label, attribute of pipeline.parse.page) in the order parse_page runs them.
STAGES = (
    ("decode", "_source"),
    ("html parse", "parse_tree"),
    ("tag index", "PageIndex"),
    ("article block", "find_container"),
    ("rail", "find_rail"),
    ("article fields", "_article"),
    ("access", "page_access"),
)


def _timed(spent: Counter[str], label: str, work: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started

    return wrapper


def _one_visit(html: bytes) -> int:
    """Decode, parse, and read each element's tag, class and own text once; returns the characters read."""
    tree = parse_tree(html_source(html)[0])
    read = 0
    for node in tree.root.traverse() if tree.root is not None else ():
        if node.is_element_node:
            read += len(node.tag or "") + len(node.attrs.get("class") or "") + len(node.text(deep=False))
    return read


def profile(pages: list[extraction.Page]) -> tuple[Counter[str], float, float]:
    """Seconds per stage (and of the floor), our total and trafilatura's total over the pages."""
    spent: Counter[str] = Counter()
    originals = {name: getattr(page, name) for _, name in STAGES}
    metadata = page.metadata.collect
    try:
        for label, name in STAGES:
            setattr(page, name, _timed(spent, label, originals[name]))
        page.metadata.collect = _timed(spent, "page metadata", metadata)
        ours = theirs = 0.0
        # Turns over blocks of pages, as benchmarks/extraction.py takes them: page by page, each would be timed with
        # the other's memory churn in the caches.
        for start in range(0, len(pages), extraction.TURN):
            block = pages[start : start + extraction.TURN]
            started = time.perf_counter()
            for item in block:
                page.parse_page(item.html, item.url)
            ours += time.perf_counter() - started
            started = time.perf_counter()
            for item in block:
                extraction.trafilatura(item)
            theirs += time.perf_counter() - started
            started = time.perf_counter()
            for item in block:
                _one_visit(item.html)
            spent["floor"] += time.perf_counter() - started
    finally:
        for name, original in originals.items():
            setattr(page, name, original)
        page.metadata.collect = metadata
    return spent, ours, theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=extraction.NAMES, action="append", help="repeatable; default: all five")
    parser.add_argument("--limit", type=int, help="first N pages of each corpus")
    args = parser.parse_args(argv)
    if not extraction.CORPORA.is_dir():
        print(f"corpora not found at {extraction.CORPORA}", file=sys.stderr)
        return 2
    labels = [label for label, _ in STAGES[:3]] + ["page metadata"] + [label for label, _ in STAGES[3:]]
    header = "".join(f"{label:>15}" for label in labels)
    print(f"{'µs per page':<24}{header}{'newsdesk':>10}{'budget':>9}{'floor':>9}")
    for name in args.corpus or extraction.NAMES:
        pages = extraction.load(name, args.limit)
        if not pages:
            continue
        # Untimed first calls: imports, and tldextract's suffix trie, built on the first host looked up.
        extraction.trafilatura(pages[0])
        page.parse_page(pages[0].html, pages[0].url)
        spent, ours, theirs = profile(pages)
        per_page = 1e6 / len(pages)
        row = "".join(f"{spent[label] * per_page:15.0f}" for label in labels)
        budget = theirs * per_page / 10
        floor = spent["floor"] * per_page
        print(
            f"{name:<24}{row}{ours * per_page:10.0f}{budget:9.0f}{floor:9.0f}"
            f"  (newsdesk {ours * per_page / budget:.2f}x the budget, the floor {floor / budget:.0%} of it)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
