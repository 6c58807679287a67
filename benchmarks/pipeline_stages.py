"""Time each stage of the pipeline on the bundled sample site, served on loopback, into a fresh warehouse.

    python benchmarks/pipeline_stages.py [--repeat-parse N]

Prints seconds and throughput per stage: where a `newsdesk demo` run spends its time. Figures depend on the machine;
compare runs on the same one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from pipeline import stages, warehouse
from pipeline.entities import EntityExtractor
from pipeline.export import export_parquet
from pipeline.fetch import FetchSettings
from pipeline.parse import parse_page
from pipeline.sample_site import SAMPLE_PUBLIC_URL, build_sample_site, sample_source, serve_sample_site


def timed(label: str, work: Callable[[], Any], units: Callable[[Any], int], unit: str) -> Any:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    count = units(result)
    rate = f"{count / seconds:10.1f} {unit}/s" if seconds > 0 and count else ""
    print(f"{label:<26}{seconds:8.2f} s  {count:7d} {unit:<9}{rate}")
    return result


def parse_throughput(repeat: int) -> None:
    """Parser alone on the rendered article pages, in memory: the ceiling for re-parsing an archive."""
    with serve_sample_site() as site:
        pages = [httpx.get(a.url(site.base_url)).content for a in build_sample_site().articles]
    timed(
        f"parse only (x{repeat})",
        lambda: [parse_page(page) for _ in range(repeat) for page in pages],
        len,
        "pages",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat-parse", type=int, default=20, help="passes over the pages for the parser figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workspace = stages.Workspace(Path(folder) / "bench.duckdb")
        con = warehouse.connect(workspace.db_path)
        settings = FetchSettings(default_rate_limit=1000.0, backoff_base=0.01)
        with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
            fast = replace(sample_source(site.public_url), rate_limit=1000.0)
            timed(
                "crawl + archive",
                lambda: stages.scrape(con, workspace, [fast], settings, mounts=site.mounts()),
                lambda s: s.fetched,
                "pages",
            )
        timed("parse from WARC", lambda: stages.parse(con, workspace), lambda r: r[0] + r[1], "pages")
        timed("normalize (polars)", lambda: stages.normalize(con), lambda c: c["articles"], "articles")
        extractor = EntityExtractor()
        timed("load NER models", lambda: extractor.russian.mentions("Москва."), lambda _: 1, "load")
        timed("entities (natasha)", lambda: stages.extract_entities(con, extractor), lambda n: n, "articles")
        timed("configured topics", lambda: stages.match_topics(con), lambda n: n, "matches")
        timed("SQL models", lambda: stages.build_models(con), lambda c: sum(c.values()), "rows")
        timed("Parquet export", lambda: export_parquet(con, workspace.export_dir), len, "tables")
        con.close()
    parse_throughput(args.repeat_parse)


if __name__ == "__main__":
    main()
