"""The scale-out profile end to end: Dagster's instance on PostgreSQL, and a partitioned crawl in parallel processes.

The instance is deploy/postgres/dagster.yaml itself, copied into a temporary DAGSTER_HOME; the crawl runs through
Dagster's own CLI with the profile's code location, so each source's run executes its step in a child process of the
multiprocess executor, both at once, against one loopback sample site that stamps every request it receives.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from assets.ingest import CRAWL_POOL, parse_by_day
from assets.resources import WarehouseResource
from pipeline import stages, warehouse
from pipeline.sample_site import build_sample_site, serve_sample_site
from pipeline.sample_site.routes import Handler, Request, Response, SiteApp
from pipeline.urls import canonicalize_url

ROOT = Path(__file__).resolve().parents[2]
RATE = 25.0


def postgres_url(dsn: str) -> str:
    """The SQLAlchemy URL Dagster's storage takes: SQLAlchemy 2.1 would pick psycopg 3, dagster-postgres wants 2."""
    parts = conninfo_to_dict(dsn)
    return f"postgresql+psycopg2://{parts['user']}@{parts['host']}:{parts['port']}/{parts['dbname']}"


@pytest.fixture
def profile(tmp_path: Path, postgres_dsn: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A DAGSTER_HOME holding the profile's dagster.yaml, and the environment it reads."""
    home = tmp_path / "dagster-home"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "postgres" / "dagster.yaml", home)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("NEWSDESK_POSTGRES_URL", postgres_url(postgres_dsn))
    return home


def test_the_instance_keeps_runs_events_and_schedules_in_postgres(
    profile: Path, postgres_dsn: str, tmp_path: Path
) -> None:
    instance = dg.DagsterInstance.from_config(str(profile))
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    concurrency = instance.get_concurrency_config()
    limits = {limit["key"]: limit["limit"] for limit in concurrency.run_queue_config.tag_concurrency_limits}
    assert limits == {"newsdesk/warehouse_partition": 1, "dagster/partition": 1, "newsdesk/host_group": 2}
    assert concurrency.pool_config.default_pool_limit == 8
    today = datetime.now(UTC).date().isoformat()
    result = dg.materialize(
        [parse_by_day("2024-01-01")],
        instance=instance,
        partition_key=today,
        resources={"warehouse": WarehouseResource(db_path=str(tmp_path / "w.duckdb"))},
    )
    assert result.success
    with psycopg.connect(postgres_dsn) as con:
        runs = con.execute("SELECT run_id, status FROM runs").fetchall()
        materialized = con.execute(
            "SELECT asset_key, partition FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'"
        ).fetchall()
        tables = {name for (name,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert runs == [(result.run_id, "SUCCESS")]
    assert sorted(materialized) == [
        (f'["{key}"]', today) for key in ("parse_errors", "parsed_articles", "parsed_headlines")
    ]
    assert {"runs", "event_logs", "instigators", "jobs", "job_ticks"} <= tables
    instance.dispose()


class StampedSite:
    """The sample site's routes, each request stamped on arrival: politeness as the site operator sees it."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[str, float]] = []
        self._lock = threading.Lock()

    def routes(self, public_url: str) -> dict[str, Handler]:
        app = SiteApp(build_sample_site(), public_url)
        return {path: self._stamped(path, handler) for path, handler in app.routes.items()}

    def _stamped(self, path: str, handler: Handler) -> Handler:
        def serve(request: Request) -> Response:
            with self._lock:
                self.arrivals.append((path, time.monotonic()))
            return handler(request)

        return serve

    def gaps(self) -> list[float]:
        times = sorted(at for _, at in self.arrivals)
        return [b - a for a, b in itertools.pairwise(times)]


@pytest.fixture
def stamped_site() -> Iterator[tuple[str, StampedSite]]:
    stamps = StampedSite()
    with serve_sample_site(extra_routes=stamps.routes) as site:
        yield site.base_url, stamps


def test_a_partitioned_crawl_on_parallel_workers_stays_polite_and_loses_nothing(
    profile: Path, postgres_dsn: str, tmp_path: Path, stamped_site: tuple[str, StampedSite]
) -> None:
    base, stamps = stamped_site
    sources = tmp_path / "sources.toml"
    # Two sources on one host, overlapping on purpose: both crawlers hit the same site at once.
    sources.write_text(
        f'[[sources]]\nname = "feed"\nstart_urls = ["{base}/rss.xml", "{base}/sitemap.xml"]\nrate_limit = {RATE}\n'
        f'[[sources]]\nname = "listing"\nstart_urls = ["{base}/en/atom.xml", "{base}/news/"]\nrate_limit = {RATE}\n'
    )
    db = tmp_path / "scale.duckdb"
    env = {**os.environ, "NEWSDESK_SOURCES": str(sources), "NEWSDESK_DB": str(db)}
    dagster_cli = [str(Path(sys.executable).with_name("dagster")), "job", "execute", "-m", "assets.definitions"]
    # Two runs that both find the `crawl` pool's row missing race to insert it and one fails (dagster-postgres
    # 0.29); a deployment's daemon creates the row on its first tick, here it is made before the runs start.
    with dg.DagsterInstance.from_config(str(profile)) as setup:
        setup.event_log_storage.initialize_concurrency_limit_to_default(CRAWL_POOL)
    runs = [
        subprocess.Popen(
            [
                *dagster_cli,
                "-a",
                "scale_out_definitions",
                "-j",
                "crawl",
                "--tags",
                json.dumps({"dagster/partition": name}),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("feed", "listing")
    ]
    outputs = [run.communicate(timeout=240)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)[-4000:]

    instance = dg.DagsterInstance.from_config(str(profile))
    records = instance.get_run_records()
    assert sorted(r.dagster_run.tags["dagster/partition"] for r in records) == ["feed", "listing"]
    assert {r.dagster_run.status for r in records} == {dg.DagsterRunStatus.SUCCESS}
    windows, step_pids, run_pids = [], set(), set()
    for record in records:
        run_id = record.dagster_run.run_id
        started = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_START)
        finished = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_SUCCESS)
        step_pids |= {e.dagster_event.pid for e in started}
        run_pids |= {e.dagster_event.pid for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_START)}
        windows.append((started[0].timestamp, finished[0].timestamp))
    # Each crawl ran in a step process of its own, apart from its run's process, and the two crawled at once.
    assert len(step_pids) == 2 and not step_pids & run_pids
    assert max(start for start, _ in windows) < min(end for _, end in windows)

    # Politeness held across both processes: one host, one rate, as stamped by the site. The shared limiter spaces
    # the moments each process releases a request; on a loaded machine (five interpreters and PostgreSQL on two
    # cores) a released request can reach the server up to an interval late and bunch with the next, so single gaps
    # prove little. Any four consecutive gaps must still cover three intervals: two crawlers without the shared
    # limiter, each at this rate, cover about two.
    gaps = stamps.gaps()
    assert all(sum(gaps[i : i + 4]) >= 3 / RATE for i in range(len(gaps) - 3)), gaps
    assert len(gaps) / (sum(gaps) or 1) <= RATE, "on average no faster than the limit"

    # Re-parse today's partition, normalize, and every sample article is in the warehouse exactly once.
    today = datetime.now(UTC).date().isoformat()
    parsed = dg.materialize(
        [parse_by_day("2024-01-01")],
        instance=instance,
        partition_key=today,
        resources={"warehouse": WarehouseResource(db_path=str(db))},
    )
    assert parsed.success
    with warehouse.connect(str(db)) as con:
        stages.normalize(con)
    con = duckdb.connect(str(db), read_only=True)
    try:
        fetched_twice = con.execute(
            "SELECT source, canonical_url FROM pages GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        articles = [url for (url,) in con.execute("SELECT canonical_url FROM articles").fetchall()]
        sources_seen = {s for (s,) in con.execute("SELECT DISTINCT source FROM pages").fetchall()}
    finally:
        con.close()
    assert fetched_twice == []
    assert sources_seen == {"feed", "listing"}
    assert sorted(articles) == sorted({canonicalize_url(a.url(base)) for a in build_sample_site().articles})
    instance.dispose()
