"""What each CLI command does, as functions of paths: stages composed, warehouses opened and closed, summaries.

Kept apart from argument parsing so tests call a command directly and the CLI module stays a switchboard.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

import duckdb
import polars as pl

from pipeline import stages, warehouse
from pipeline.entities import EntityExtractor
from pipeline.export import export_parquet
from pipeline.fetch import FetchSettings
from pipeline.importer import import_paths
from pipeline.parse import parse_page
from pipeline.progress import StageProgress
from pipeline.report import load_report_data, render_report
from pipeline.sample_site import DEMO_FETCH_SETTINGS, SAMPLE_PUBLIC_URL, sample_source, serve_sample_site
from pipeline.sources import SourcesError, load_sources
from pipeline.summary import warehouse_summary
from pipeline.topics import TopicsError


class CommandError(RuntimeError):
    pass


@contextmanager
def _opened(db: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Every writing command ends with steps over the whole warehouse (stories at least), so on the lake it keeps
    shard writers out while it runs; readers work from a snapshot and need no lock."""
    with ExitStack() as stack:
        try:
            if not read_only:
                stack.enter_context(warehouse.writing())
            con = stack.enter_context(warehouse.connect(db, read_only=read_only))
        except (warehouse.WarehouseError, duckdb.Error) as exc:
            raise CommandError(str(exc).splitlines()[0]) from exc
        yield con


def _ingest(
    con: duckdb.DuckDBPyConnection,
    workspace: stages.Workspace,
    sources: list,
    progress: StageProgress,
    mounts: dict | None = None,
    max_pages: int | None = None,
    settings: FetchSettings | None = None,
) -> stages.ScrapeSummary:
    summary = stages.scrape(con, workspace, sources, settings, mounts, max_pages, progress)
    parsed, failed = stages.parse(con, workspace, progress)
    counts = stages.normalize(con)
    progress.say(
        f"fetched {summary.fetched} pages ({summary.failed} URLs failed, {summary.skipped_known} already known); "
        f"parsed {parsed}, {failed} parse errors; {counts['articles']} articles, {counts['headlines']} headlines"
    )
    return summary


def _build(
    con: duckdb.DuckDBPyConnection,
    skip_entities: bool,
    progress: StageProgress,
    topics: Path | None = None,
    full: bool = False,
) -> None:
    if not skip_entities:
        processed = stages.extract_entities(con, EntityExtractor(), progress)
        progress.say(f"entities: {processed} articles read")
    try:
        stages.match_topics(con, topics, progress=progress)
    except TopicsError as exc:
        raise CommandError(str(exc)) from exc
    counts = stages.build_models(con, progress=progress, full=full)
    progress.say("models: " + ", ".join(f"{name} {rows} rows" for name, rows in counts.items()))


def demo(db: Path, progress: StageProgress) -> int:
    workspace = stages.Workspace(db)
    with _opened(db) as con:
        with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
            progress.say(f"serving the sample site at {site.base_url} as {site.public_url}")
            sources = [sample_source(site.public_url)]
            summary = _ingest(con, workspace, sources, progress, site.mounts(), settings=DEMO_FETCH_SETTINGS)
        _build(con, skip_entities=False, progress=progress)
        export_parquet(con, workspace.export_dir)
        workspace.report_path.write_text(render_report(load_report_data(con), datetime.now(UTC)), encoding="utf-8")
        print(warehouse_summary(con, workspace, summary))
    return 0


def scrape(
    db: Path, sources_file: Path, max_pages: int | None, progress: StageProgress, user_agent: str | None = None
) -> int:
    try:
        sources = load_sources(sources_file)
    except SourcesError as exc:
        raise CommandError(str(exc)) from exc
    with _opened(db) as con:
        settings = FetchSettings(user_agent=user_agent) if user_agent else None
        summary = _ingest(con, stages.Workspace(db), sources, progress, max_pages=max_pages, settings=settings)
    for line in summary.errors:
        progress.say(f"failed: {line}")
    return 1 if summary.failed else 0


def reparse(db: Path, progress: StageProgress, day: date | None = None) -> int:
    """Every archived page (or those fetched on one UTC `day`) through the current parser again, read from WARC: no
    network, no refetch. The same day filter as the Dagster `reparse_day` job and the scale-out day partitions."""
    with _opened(db) as con:
        parsed, failed = stages.parse(con, stages.Workspace(db), progress, every_page=True, day=day)
        counts = stages.normalize(con)
    fetched = f" fetched on {day.isoformat()}" if day else ""
    progress.say(
        f"re-parsed {parsed + failed} archived pages{fetched}: {failed} parse errors; {counts['articles']} articles"
    )
    return 0


def _read_input(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _extract_one(path: Path, url: str | None) -> dict[str, object]:
    """Every contract key on every line; a page without an article body still reports what it declares."""
    row: dict[str, object] = {"path": str(path), "url": url, "canonical_url": None, "title": None, "lead": None}
    row.update(body=None, published_at=None, updated_at=None, authors=[], rubric=None, tags=[], language=None)
    row["headlines"] = []
    try:
        parsed = parse_page(_read_input(path), url)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return {**row, "error": f"cannot read file: {exc}"}
    article = parsed.article
    row["headlines"] = [{"rubric": h.rubric, "title": h.title, "url": h.url} for h in parsed.headlines]
    if article is None:
        return {**row, "error": parsed.error or "no article found"}
    row.update(
        canonical_url=article.canonical_url,
        title=article.title,
        lead=article.lead,
        body=article.body,
        published_at=article.published_at.isoformat() if article.published_at else None,
        updated_at=article.updated_at.isoformat() if article.updated_at else None,
        authors=list(article.authors),
        rubric=article.rubric,
        tags=list(article.tags),
        language=article.language,
    )
    return {**row, "error": parsed.error} if parsed.error else row


def extract(files: list[Path], url: str | None, manifest: Path | None) -> list[dict[str, object]]:
    jobs = [(path, url) for path in files]
    if manifest is not None:
        try:
            lines = manifest.read_text(encoding="utf-8").splitlines()
            entries = [json.loads(line) for line in lines if line.strip()]
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"cannot read manifest {manifest}: {exc}") from exc
        jobs += [(manifest.parent / entry["path"], entry.get("url")) for entry in entries]
    return [_extract_one(path, page_url) for path, page_url in jobs]


def entities(files: list[Path], stdin: TextIO) -> list[dict[str, object]]:
    extractor = EntityExtractor()
    inputs: Iterable[tuple[str | None, str]] = (
        [(str(p), p.read_text(encoding="utf-8")) for p in files] if files else [(None, stdin.read())]
    )
    return [
        {
            "path": path,
            "entities": [
                {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "canonical": m.canonical}
                for m in extractor.mentions(text)
            ],
        }
        for path, text in inputs
    ]


def import_files(db: Path, files: list[Path], progress: StageProgress) -> int:
    """Records load file by file (one transaction each); pages from WARC are parsed and normalized; the story
    clusters are then rebuilt once for everything."""
    with _opened(db) as con:
        report = import_paths(con, files)
        if report.pages:
            stages.parse(con, stages.Workspace(db), progress)
            stages.normalize(con)
        else:
            stages.deduplicate(con)
    for error in report.errors:
        progress.say(f"{error.file}:{error.record}: {error.error}")
    progress.say(
        f"imported {report.records} records ({report.articles_added} new articles) and {report.pages} pages; "
        f"{len(report.errors)} bad records"
    )
    return 1 if report.errors else 0


def build(
    db: Path, skip_entities: bool, progress: StageProgress, topics: Path | None = None, full: bool = False
) -> int:
    with _opened(db) as con:
        _build(con, skip_entities, progress, topics, full)
    return 0


def export(db: Path, out: Path, progress: StageProgress) -> int:
    with _opened(db) as con:
        written = export_parquet(con, out)
    progress.say(f"wrote {len(written)} tables to {out}")
    return 0


def query(db: Path, sql: str, output: str) -> str:
    """Ad-hoc SQL on a read-only connection, opened like every command's (waiting while a writer holds the file)."""
    if not db.exists():
        raise CommandError(f"no warehouse at {db}; run `newsdesk demo` or `newsdesk scrape` first")
    with _opened(db, read_only=True) as con:
        try:
            relation = con.sql(sql)
            # polars cannot take DuckDB INTERVAL columns; their text form is what a reader wants anyway.
            columns = [
                f'CAST("{name}" AS VARCHAR) AS "{name}"' if str(kind) == "INTERVAL" else f'"{name}"'
                for name, kind in zip(relation.columns, relation.types, strict=True)
            ]
            frame = relation.select(", ".join(columns)).pl()
        except duckdb.Error as exc:
            raise CommandError(str(exc).splitlines()[0]) from exc
    if output == "csv":
        return frame.write_csv()
    if output == "jsonl":
        return frame.write_ndjson()
    with pl.Config(tbl_rows=200, tbl_cols=30, fmt_str_lengths=80, tbl_hide_dataframe_shape=True):
        return f"{frame}\n"


def report(db: Path, out: Path, progress: StageProgress) -> int:
    if not db.exists():
        raise CommandError(f"no warehouse at {db}; run `newsdesk demo` or `newsdesk scrape` and `build` first")
    with _opened(db, read_only=True) as con:
        try:
            data = load_report_data(con)
        except duckdb.CatalogException as exc:
            raise CommandError(
                f"the models are missing ({str(exc).splitlines()[0]}); run `newsdesk build` first"
            ) from exc
    out.write_text(render_report(data, datetime.now(UTC)), encoding="utf-8")
    progress.say(f"wrote the report to {out}")
    return 0
