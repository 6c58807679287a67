"""The `newsdesk` command line (contract: shared cli-contract.md): a thin layer over the pipeline stages.

Exit status: 0 success, 1 when some inputs failed (each reported, the rest processed), 2 on bad usage. Data goes
to stdout, progress and errors to stderr, and an error is one line, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pipeline import commands
from pipeline.progress import StageProgress


class UsageError(Exception):
    pass


def _db_default() -> str:
    return os.environ.get("NEWSDESK_DB", "newsdesk.duckdb")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description="News-analytics warehouse on DuckDB.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=Path(_db_default()), help="DuckDB file (env NEWSDESK_DB)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("demo", parents=[common], help="scrape the bundled sample site and build everything")

    scrape = sub.add_parser("scrape", parents=[common], help="crawl the sources into the warehouse")
    scrape.add_argument("--sources", type=Path, required=True, help="TOML file with [[sources]]")
    scrape.add_argument("--max-pages", type=int, default=None, help="article pages per source at most")
    scrape.add_argument(
        "--user-agent",
        default=os.environ.get("NEWSDESK_USER_AGENT"),
        help="User-Agent with a contact URL, so site operators can reach you (env NEWSDESK_USER_AGENT)",
    )

    reparse = sub.add_parser(
        "reparse", parents=[common], help="parse every archived page again from the WARC archive (no network)"
    )
    reparse.add_argument("--day", type=_day, help="only the pages fetched on this UTC day (YYYY-MM-DD)")

    extract = sub.add_parser("extract", parents=[common], help="parse HTML files to JSON Lines")
    extract.add_argument("files", nargs="*", type=Path)
    group = extract.add_mutually_exclusive_group()
    group.add_argument("--url", help="the URL the file was fetched from")
    group.add_argument("--manifest", type=Path, help='JSON Lines of {"path": ..., "url": ...}')

    entities = sub.add_parser("entities", parents=[common], help="named entities of text files (stdin if none)")
    entities.add_argument("files", nargs="*", type=Path)

    imp = sub.add_parser("import", parents=[common], help="load articles from JSON Lines, Parquet or WARC")
    imp.add_argument("files", nargs="+", type=Path)

    build = sub.add_parser("build", parents=[common], help="entities, topics and every SQL model")
    build.add_argument("--skip-entities", action="store_true", help="leave entity extraction for later")
    build.add_argument("--full", action="store_true", help="rebuild every model whole, not only the changed days")
    build.add_argument(
        "--topics",
        type=Path,
        default=os.environ.get("NEWSDESK_TOPICS"),
        help="configured topics TOML (env NEWSDESK_TOPICS; default: the shipped topics.toml)",
    )

    export = sub.add_parser("export", parents=[common], help="write tables and marts as Parquet")
    export.add_argument("--out", type=Path, required=True)

    report = sub.add_parser("report", parents=[common], help="render the trends report as one HTML file")
    report.add_argument("--out", type=Path, required=True)

    sql = sub.add_parser("sql", parents=[common], help="run a read-only SQL query and print the result")
    sql.add_argument("query")
    sql.add_argument("--format", choices=["table", "csv", "jsonl"], default="table")
    return parser


def _print_jsonl(rows: Sequence[dict[str, object]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(args: argparse.Namespace, progress: StageProgress) -> int:
    if args.command == "demo":
        return commands.demo(args.db, progress)
    if args.command == "scrape":
        return commands.scrape(args.db, args.sources, args.max_pages, progress, args.user_agent)
    if args.command == "reparse":
        return commands.reparse(args.db, progress, args.day)
    if args.command == "extract":
        if not args.files and not args.manifest:
            raise UsageError("extract needs FILE arguments or --manifest")
        rows = commands.extract(args.files, args.url, args.manifest)
        _print_jsonl(rows)
        return 1 if any("error" in row for row in rows) else 0
    if args.command == "entities":
        _print_jsonl(commands.entities(args.files, sys.stdin))
        return 0
    if args.command == "import":
        return commands.import_files(args.db, args.files, progress)
    if args.command == "build":
        return commands.build(args.db, args.skip_entities, progress, args.topics, args.full)
    if args.command == "export":
        return commands.export(args.db, args.out, progress)
    if args.command == "report":
        return commands.report(args.db, args.out, progress)
    if args.command == "sql":
        sys.stdout.write(commands.query(args.db, args.query, args.format))
        return 0
    raise UsageError(f"unknown command {args.command}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with StageProgress() as progress:
        try:
            return run(args, progress)
        except UsageError as exc:
            progress.say(f"newsdesk: {exc}")
            return 2
        except commands.CommandError as exc:
            progress.say(f"newsdesk {args.command}: error: {exc}")
            return 1
        except KeyboardInterrupt:
            progress.say("newsdesk: interrupted; the warehouse keeps its last committed state")
            return 130
        except Exception as exc:
            if os.environ.get("NEWSDESK_DEBUG"):
                raise
            name = type(exc).__name__
            progress.say(f"newsdesk {args.command}: unexpected {name}: {exc} (NEWSDESK_DEBUG=1 shows where)")
            return 1


if __name__ == "__main__":
    raise SystemExit(main())
