"""Quality gate: newsdesk's extraction on a fixed slice of the development corpora must not fall below its floor.

The floors sit a little under what the parser achieves on these pages (measured with the benchmark's own scorers),
so a change that makes extraction worse fails here before it reaches the full benchmark. Skipped without
../shared/corpora.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPORA = ROOT / ".." / "shared" / "corpora"
# corpus: (pages, body F1 floor, {field: accuracy floor})
FLOORS: dict[str, tuple[int, float | None, dict[str, float]]] = {
    "aeb": (30, 0.975, {}),
    "trafilatura-eval": (60, 0.945, {"title": 0.7, "author": 0.57, "date": 0.925}),
    "fundus": (30, 0.96, {"title": 0.7, "author": 0.87, "date": 0.96}),
    "readability-testpages": (25, 0.945, {"title": 0.7, "author": 0.74, "date": 0.96}),
    "htmldate-mediacloud2020": (40, None, {"date": 0.9}),
}

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora not available")


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_bench", ROOT / "benchmarks" / "extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_extraction_stays_above_floor(bench: ModuleType, corpus: str) -> None:
    limit, body_floor, field_floors = FLOORS[corpus]
    result = bench.run(bench.newsdesk, bench.load(corpus, limit))
    if body_floor is not None:
        _, _, f1 = bench.body_prf(result)
        assert f1 >= body_floor, f"{corpus} body F1 {f1:.3f} < {body_floor}"
    for name, floor in field_floors.items():
        hits = result.fields[name]
        accuracy = sum(hits) / len(hits)
        assert accuracy >= floor, f"{corpus} {name} accuracy {accuracy:.3f} < {floor}"


def test_scorers_tell_good_from_bad(bench: ModuleType) -> None:
    """The floors mean something only if the scorers punish wrong output."""
    page = bench.Page("x", "x", b"", None, text="one two three four", with_snippets=("two three",))
    assert bench.token_prf(page.text, "one two three four") == (1.0, 1.0)
    assert bench.token_prf(page.text, "menu login one") == (1 / 3, 1 / 4)
    assert bench.snippet_counts(page, "nothing relevant")["fn"] == 1
