"""Import + build of N synthetic articles on the lake with 1, 2 and 4 worker processes, beside the embedded file.

    python benchmarks/scale.py --catalog "host=127.0.0.1 port=5432 user=postgres" [--n 1000000] [--workers 1 2 4]

Needs a PostgreSQL server where the given role may CREATE DATABASE (one fresh catalog database per run); a throwaway
one: `initdb -D /tmp/pg -A trust && pg_ctl -D /tmp/pg -o "-p 55432 -k /tmp" -l /tmp/pg.log start`.

The articles are benchmarks/warehouse.py's (URL duplicates, same-text and rewritten copies, bad records). The file is
split into one shard per worker by source, as the lake profile requires (an article's copies under one host stay in
one shard), and each worker is a real `python -m pipeline.warehouse.lake import` process; then one `finish` process
builds stories, topics and every SQL model. Prints import and build seconds, rows/s, the speed-up over one worker,
the lake's Parquet bytes and catalog size, and `check`'s verdict. The embedded baseline is `newsdesk import` then
`newsdesk build --skip-entities` on one DuckDB file, the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec
import psycopg
from warehouse import generate

from pipeline.warehouse.lake import LakeConfig, open_lake

REPO = Path(__file__).resolve().parents[1]


class _Source(msgspec.Struct):
    source: str | None = None


def shard_by_source(data: Path, workers: int, folder: Path) -> list[Path]:
    """Sources go to shards round-robin in order of first appearance, which balances the generator's outlets."""
    decoder = msgspec.json.Decoder(_Source)
    paths = [folder / f"shard-{workers}-{k}.jsonl" for k in range(workers)]
    outs = [path.open("wb") for path in paths]
    owner: dict[str | None, int] = {}
    try:
        with data.open("rb") as lines:
            for line in lines:
                try:
                    source = decoder.decode(line).source
                except (msgspec.DecodeError, msgspec.ValidationError):
                    source = None
                outs[owner.setdefault(source, len(owner) % workers)].write(line)
    finally:
        for out in outs:
            out.close()
    return paths


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait(process: subprocess.Popen[str], redone: list[int] | None = None) -> str:
    """The process's stdout; `redone` counts the transactions it redid after losing a commit race."""
    out, err = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{process.args} failed:\n{err}")
    if redone is not None:
        redone.append(err.count("commit lost a race"))
    return out


def _children_cpu() -> float:
    """CPU seconds of every finished child: unlike wall time, it does not grow with other users of the machine, so
    the workers' CPU per row, set against one worker's, shows what parallel workers cost where cores are free."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def embedded(data: Path, n: int, folder: Path) -> float:
    db = folder / "embedded.duckdb"
    env = {**os.environ, "NEWSDESK_LAKE": ""}
    started = time.perf_counter()
    _wait(_run(["-m", "pipeline.cli", "import", str(data), "--db", str(db)], env))
    imported = time.perf_counter() - started
    _wait(_run(["-m", "pipeline.cli", "build", "--skip-entities", "--db", str(db)], env))
    total = time.perf_counter() - started
    print(
        f"  embedded file, 1 process: import {imported:7.1f} s, build {total - imported:6.1f} s, "
        f"{n / total:8,.0f} rows/s; file {db.stat().st_size / 1e6:,.0f} MB"
    )
    return total


def lake(data: Path, n: int, workers: int, folder: Path, server: str, baseline: float | None) -> float:
    name = f"newsdesk_scale_{os.getpid()}_{workers}"
    with psycopg.connect(server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    catalog = f"{server} dbname={name}"
    data_path = folder / f"lake-{workers}"
    env = {**os.environ, "NEWSDESK_LAKE": f"postgres:{catalog}", "NEWSDESK_LAKE_DATA": str(data_path)}
    shards = shard_by_source(data, workers, folder)
    # The catalog is created once, as a deployment would, so the timed workers measure importing.
    _wait(_run(["-m", "pipeline.warehouse.lake", "init"], env))
    started, cpu = time.perf_counter(), _children_cpu()
    processes = [_run(["-m", "pipeline.warehouse.lake", "import", str(shard)], env) for shard in shards]
    redone: list[int] = []
    reports = [json.loads(_wait(process, redone)) for process in processes]
    imported, import_cpu = time.perf_counter() - started, _children_cpu() - cpu
    built = json.loads(_wait(_run(["-m", "pipeline.warehouse.lake", "finish"], env)))
    total = time.perf_counter() - started
    problems = _wait(_run(["-m", "pipeline.warehouse.lake", "check"], env)).strip()
    with psycopg.connect(catalog) as con:
        catalog_bytes = con.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        snapshots = con.execute("SELECT count(*) FROM ducklake_snapshot").fetchone()[0]
        files = con.execute("SELECT count(*) FROM ducklake_data_file WHERE end_snapshot IS NULL").fetchone()[0]
    speed_up = f", {baseline / total:4.2f}x one worker" if baseline else ""
    print(
        f"  lake, {workers} worker(s): import {imported:7.1f} s ({n / imported:8,.0f} rows/s), "
        f"build {total - imported:6.1f} s, total {n / total:8,.0f} rows/s{speed_up}"
    )
    print(f"    import CPU {import_cpu:7.1f} s over all workers = {n / import_cpu:8,.0f} rows per CPU-second")
    print(
        f"    {sum(r['articles_added'] for r in reports):,} articles, {built['stories']:,} stories; "
        f"Parquet {_folder_bytes(data_path) / 1e6:,.0f} MB in {files} live files; "
        f"catalog {catalog_bytes / 1e6:,.1f} MB, "
        f"{snapshots} snapshots; {sum(redone)} transactions redone; check: {problems}"
    )
    shutil.rmtree(data_path, ignore_errors=True)
    for shard in shards:
        shard.unlink()
    with psycopg.connect(server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name}")
    return total


def small_commits(server: str, folder: Path, commits: int = 50) -> None:
    """A crawl batch's cost on the catalog: one-row commits into fetch_log, one after another."""
    name = f"newsdesk_commits_{os.getpid()}"
    with psycopg.connect(server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    con = open_lake(LakeConfig(f"{server} dbname={name}", folder / "lake-commits"))
    started = time.perf_counter()
    for k in range(commits):
        con.execute(
            "INSERT INTO fetch_log (source, kind, url, attempt, bytes, elapsed_ms, fetched_at) "
            "VALUES ('s', 'page', ?, 1, 0, 0, now()::TIMESTAMP)",
            [f"https://s.example/{k}"],
        )
    seconds = time.perf_counter() - started
    con.close()
    with psycopg.connect(server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name}")
    print(f"  small commits: {commits} one-row commits in {seconds:.1f} s, {1000 * seconds / commits:.0f} ms each")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=os.environ.get("NEWSDESK_BENCH_PG", ""), help="libpq DSN, no dbname")
    parser.add_argument("--n", type=int, default=5_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--no-embedded", action="store_true", help="skip the embedded-file baseline")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them (default: a temporary folder)")
    args = parser.parse_args()
    if not args.catalog:
        parser.error("--catalog (or NEWSDESK_BENCH_PG) is required: a PostgreSQL server to hold the lake's catalog")
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        data = folder / f"articles-{args.n}.jsonl"
        started = time.perf_counter()
        planted = generate(data, args.n)
        megabytes = data.stat().st_size / 1e6
        print(f"N = {args.n:,}: {megabytes:,.0f} MB of JSON Lines in {time.perf_counter() - started:.0f} s")
        print(f"  planted: {planted}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        if not args.no_embedded:
            embedded(data, args.n, folder)
        baseline = None
        for workers in args.workers:
            total = lake(data, args.n, workers, folder, args.catalog, baseline)
            baseline = baseline or total
        small_commits(args.catalog, folder)
        print(f"  load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
