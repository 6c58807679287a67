"""Article extraction quality and speed, newsdesk vs trafilatura (and htmldate for dates), over ../shared/corpora.

    python benchmarks/extraction.py [--corpus NAME] [--limit N]

Every extractor reads the same page bytes in the same run. Per corpus it prints body precision/recall/F1 (token F1
against the gold text for aeb, readability-testpages and fundus; the must-include / must-exclude snippets of
trafilatura-eval scored as upstream's comparison script does), title, author and date accuracy over the pages that
have that gold value, and pages per second of the extraction calls (decoding included, file reading excluded); the
extractors take turns over blocks of 20 pages, so a shared machine's changing load hits them alike.
trafilatura and htmldate come from the `bench` extra.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from pipeline.parse import parse_page

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
NAMES = ("aeb", "trafilatura-eval", "readability-testpages", "fundus", "htmldate-mediacloud2020")
# SOURCE.md of readability-testpages: hand-made or trimmed inputs, excluded from extraction statistics.
READABILITY_SYNTHETIC = frozenset(
    {
        "001",
        "003-metadata-preferred",
        "004-metadata-space-separated-properties",
        "005-unescape-html-entities",
        "base-url-base-element",
        "base-url-base-element-relative",
        "comment-inside-script-parsing",
        "dev418",
        "embedded-videos",
        "invalid-attributes",
        "js-link-replacement",
        "lazy-image-3",
        "metadata-content-missing",
        "missing-paragraphs",
        "normalize-spaces",
        "ol",
        "parsely-metadata",
        "remove-aria-hidden",
        "remove-extra-brs",
        "remove-extra-paragraphs",
        "remove-script-tags",
        "replace-font-tags",
        "rtl-1",
        "rtl-2",
        "rtl-3",
        "rtl-4",
        "social-buttons",
        "svg-parsing",
        "title-and-h1-discrepancy",
        "title-en-dash",
        "visibility-hidden",
    }
)
_TOKEN = re.compile(r"\w+")
# Pages per turn when extractors take turns (see run_side_by_side).
TURN = 20
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\bи\b)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por|автор[ыа]?:?)\s+", re.I)


@dataclass(frozen=True)
class Page:
    corpus: str
    name: str
    html: bytes
    url: str | None
    text: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    title: str | None = None
    authors: str | tuple[str, ...] | None = None
    date: str | None = None


@dataclass(frozen=True)
class Extraction:
    text: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None


@dataclass
class Score:
    seconds: float = 0.0
    pages: int = 0
    body: list[tuple[float, float]] = field(default_factory=list)
    snippets: Counter[str] = field(default_factory=Counter)
    fields: dict[str, list[bool]] = field(default_factory=lambda: {"title": [], "author": [], "date": []})


def _gunzip(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _aeb(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text())
    for key, item in sorted(truth.items()):
        yield Page("aeb", key, _gunzip(root / "html" / f"{key}.html.gz"), item["url"], text=item["articleBody"])


def _trafilatura(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "evaldata.json").read_text())
    for url, item in sorted(truth.items(), key=lambda kv: kv[1]["file"]):
        path = next(p for p in (root / d / f"{item['file']}.gz" for d in ("eval", "cache")) if p.exists())
        yield Page(
            "trafilatura-eval",
            item["file"],
            _gunzip(path),
            url,
            with_snippets=tuple(item["with"]),
            without_snippets=tuple(item["without"]),
            title=item.get("title") or None,
            authors=item.get("author") or None,
            date=item.get("date") or None,
        )


def _readability(root: Path) -> Iterator[Page]:
    for case in sorted((root / "test-pages").iterdir()):
        if case.name in READABILITY_SYNTHETIC:
            continue
        meta = json.loads((case / "expected-metadata.json").read_text())
        expected = LexborHTMLParser(_gunzip(case / "expected.html.gz").decode("utf-8"))
        published = meta.get("publishedTime")
        yield Page(
            "readability-testpages",
            case.name,
            _gunzip(case / "source.html.gz"),
            None,
            text=expected.root.text(separator=" ") if expected.root else "",
            title=meta.get("title") or None,
            authors=meta.get("byline") or None,
            date=published[:10] if published else None,
        )


def _fundus(root: Path) -> Iterator[Page]:
    for row in json.loads((root / "index.json").read_text()):
        gold = json.loads((root / row["ground_truth"]).read_text())[row["version_key"]]
        body = gold.get("body") or {}
        parts = list(body.get("summary") or [])
        for section in body.get("sections") or []:
            parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
        date = gold.get("publishing_date")
        yield Page(
            "fundus",
            row["html"],
            _gunzip(root / row["html"]),
            row["url"],
            text="\n\n".join(parts),
            title=gold.get("title") or None,
            authors=tuple(gold.get("authors") or ()) or None,
            date=date[:10] if date else None,
        )


def _mediacloud(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "eval_mediacloud_2020.json").read_text())
    for url, item in sorted(truth.items(), key=lambda kv: kv[1]["file"]):
        date = item.get("date")
        date = date if isinstance(date, str) else None
        html = _gunzip(root / "test_set" / f"{item['file']}.gz")
        yield Page("htmldate-mediacloud2020", item["file"], html, url, date=date)


LOADERS: dict[str, Callable[[Path], Iterator[Page]]] = {
    "aeb": _aeb,
    "trafilatura-eval": _trafilatura,
    "readability-testpages": _readability,
    "fundus": _fundus,
    "htmldate-mediacloud2020": _mediacloud,
}


def load(name: str, limit: int | None = None) -> list[Page]:
    pages: list[Page] = []
    for page in LOADERS[name](CORPORA / name):
        if limit is not None and len(pages) >= limit:
            break
        pages.append(page)
    return pages


def newsdesk(page: Page) -> Extraction:
    parsed = parse_page(page.html, page.url)
    article = parsed.article
    if article is None:
        return Extraction()
    published = article.published_at.date().isoformat() if article.published_at else None
    return Extraction(parsed.text, article.title, article.authors, published)


def trafilatura(page: Page) -> Extraction:
    from trafilatura import bare_extraction

    doc = bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Extraction()
    authors = tuple(name.strip() for name in (doc.author or "").split(";") if name.strip())
    return Extraction(doc.text, doc.title, authors, doc.date)


def htmldate(page: Page) -> Extraction:
    from htmldate import find_date

    return Extraction(date=find_date(page.html, url=page.url))


def _norm(text: str | None) -> str:
    """Strings that read the same compare equal: NFKC keeps soft hyphens, which render as nothing mid-line."""
    return " ".join(unicodedata.normalize("NFKC", text or "").replace("\u00ad", "").split())


def _author_set(value: str | tuple[str, ...] | None) -> frozenset[str]:
    names = _NAME_SPLIT.split(value) if isinstance(value, str) else list(value or ())
    return frozenset(_BY.sub("", _norm(name)).casefold().strip(" .") for name in names if name.strip())


def token_prf(gold: str, predicted: str | None) -> tuple[float, float]:
    """Bag-of-tokens precision and recall of one page (aeb's tokenization: \\w+ runs)."""
    truth, guess = Counter(_TOKEN.findall(gold.lower())), Counter(_TOKEN.findall((predicted or "").lower()))
    common = sum((truth & guess).values())
    precision = common / sum(guess.values()) if guess else 0.0
    recall = common / sum(truth.values()) if truth else 0.0
    return precision, recall


def snippet_counts(page: Page, text: str | None) -> Counter[str]:
    """trafilatura's tests/comparison.py: a snippet is found when it is a substring of the extracted text."""
    result = _norm(text)
    counts: Counter[str] = Counter()
    for snippet in page.with_snippets:
        counts["tp" if text and _norm(snippet) in result else "fn"] += 1
    for snippet in page.without_snippets:
        counts["fp" if text and _norm(snippet) in result else "tn"] += 1
    return counts


def score(page: Page, got: Extraction, into: Score) -> None:
    if page.text is not None:
        into.body.append(token_prf(page.text, got.text))
    if page.with_snippets or page.without_snippets:
        into.snippets.update(snippet_counts(page, got.text))
    if page.title:
        into.fields["title"].append(_norm(page.title) == _norm(got.title))
    if page.authors:
        into.fields["author"].append(_author_set(page.authors) == _author_set(got.authors))
    if page.date:
        into.fields["date"].append(page.date == got.date)


def body_prf(result: Score) -> tuple[float, float, float] | None:
    if result.snippets:
        tp, fp, fn = result.snippets["tp"], result.snippets["fp"], result.snippets["fn"]
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    elif result.body:
        precision = sum(p for p, _ in result.body) / len(result.body)
        recall = sum(r for _, r in result.body) / len(result.body)
    else:
        return None
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(extractor: Callable[[Page], Extraction], pages: list[Page]) -> Score:
    return run_side_by_side({"only": extractor}, pages)["only"]


def run_side_by_side(extractors: dict[str, Callable[[Page], Extraction]], pages: list[Page]) -> dict[str, Score]:
    """The extractors take turns over blocks of pages. On a shared machine the load drifts, so one extractor run over
    a whole corpus after the other would be timed under a different load; turns page by page would instead time
    each one with the other's memory churn in the caches, which no batch job sees."""
    results = {tool: Score() for tool in extractors}
    # An untimed first call each: trafilatura and htmldate are imported on first use, which is not extraction time.
    for extractor in extractors.values() if pages else ():
        extractor(pages[0])
    for start in range(0, len(pages), TURN):
        for tool, extractor in extractors.items():
            result = results[tool]
            for page in pages[start : start + TURN]:
                started = time.perf_counter()
                got = extractor(page)
                result.seconds += time.perf_counter() - started
                result.pages += 1
                score(page, got, result)
    return results


def _row(corpus: str, tool: str, result: Score, with_body: bool) -> str:
    prf = body_prf(result) if with_body else None
    body = " ".join(f"{v:6.3f}" for v in prf) if prf else f"{'-':>6} {'-':>6} {'-':>6}"
    accuracy = []
    for name in ("title", "author", "date"):
        hits = result.fields[name]
        accuracy.append(f"{sum(hits) / len(hits):6.3f}" if hits and (with_body or name == "date") else f"{'-':>6}")
    rate = result.pages / result.seconds if result.seconds else math.inf
    return f"{corpus:<24}{tool:<12}{result.pages:6d}  {body}  {' '.join(accuracy)}  {rate:8.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=NAMES, action="append", help="repeatable; default: all five")
    parser.add_argument("--limit", type=int, help="first N pages of each corpus")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 2
    header = f"{'corpus':<24}{'extractor':<12}{'pages':>6}  {'P':>6} {'R':>6} {'F1':>6}  "
    print(header + f"{'title':>6} {'author':>6} {'date':>6}  {'pages/s':>8}")
    total: dict[str, float] = Counter()
    for name in args.corpus or NAMES:
        pages = load(name, args.limit)
        tools = {"newsdesk": newsdesk, "trafilatura": trafilatura, "htmldate": htmldate}
        if not any(page.date for page in pages):
            del tools["htmldate"]
        for tool, result in run_side_by_side(tools, pages).items():
            total[tool] += result.seconds
            total[f"{tool} pages"] += result.pages
            print(_row(name, tool, result, with_body=tool != "htmldate"), flush=True)
    for tool in ("newsdesk", "trafilatura"):
        print(
            f"{'all':<24}{tool:<12}{int(total[f'{tool} pages']):6d}  pages/s {total[f'{tool} pages'] / total[tool]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
