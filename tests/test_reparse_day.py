"""Re-parsing one UTC day of archived pages, from the command line and from the embedded profile's Dagster job.

Both go through the same day filter (`stages.parse(day=...)`); each must leave the other days' parse rows alone.
"""

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.definitions import defs
from assets.ingest import reparse_day_job
from assets.resources import WarehouseResource
from pipeline import stages, warehouse
from pipeline.cli import main
from pipeline.fetch import FetchSettings
from pipeline.parse import PARSER_VERSION
from pipeline.sample_site import SAMPLE_PUBLIC_URL, sample_source, serve_sample_site

FAST = FetchSettings(default_rate_limit=1000.0, backoff_base=0.01, host_concurrency=4)
EARLIER = date(2024, 3, 1)
EARLIER_PAGES = 20


@pytest.fixture(scope="module")
def two_day_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site scraped once, a few of its pages moved to an earlier fetch day, every page parsed by an "old"
    parser version, so a re-parse shows which pages it touched."""
    workspace = stages.Workspace(tmp_path_factory.mktemp("scraped") / "w.duckdb")
    con = warehouse.connect(workspace.db_path)
    with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
        source = replace(sample_source(site.public_url), rate_limit=1000.0)
        stages.scrape(con, workspace, [source], FAST, mounts=site.mounts())
    con.execute(
        "UPDATE pages SET fetched_at = ? WHERE page_id IN (SELECT page_id FROM pages ORDER BY page_id LIMIT ?)",
        [EARLIER, EARLIER_PAGES],
    )
    stages.parse(con, workspace)
    con.execute("UPDATE parsed_articles SET parser_version = 'old'")
    con.execute("UPDATE parse_errors SET parser_version = 'old'")
    con.close()
    return workspace.db_path


def copy_of(db: Path, into: Path) -> Path:
    """The warehouse with its WARC archive beside it, so each test re-parses its own copy."""
    shutil.copy(db, into / db.name)
    shutil.copytree(stages.Workspace(db).archive_dir, stages.Workspace(into / db.name).archive_dir)
    return into / db.name


def reparsed_and_day_pages(db: Path, day: date) -> tuple[set[str], set[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        reparsed = con.execute(
            "SELECT page_id FROM parsed_articles WHERE parser_version = $v "
            "UNION ALL SELECT page_id FROM parse_errors WHERE parser_version = $v",
            {"v": PARSER_VERSION},
        ).fetchall()
        on_day = con.execute(
            "SELECT page_id FROM pages WHERE status = 200 AND CAST(fetched_at AS DATE) = ?", [day]
        ).fetchall()
    finally:
        con.close()
    return {page for (page,) in reparsed}, {page for (page,) in on_day}


def test_cli_reparse_day_parses_only_the_pages_fetched_that_day(
    two_day_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = copy_of(two_day_warehouse, tmp_path)
    assert main(["reparse", "--db", str(db), "--day", EARLIER.isoformat()]) == 0
    assert f"re-parsed {EARLIER_PAGES} archived pages fetched on {EARLIER.isoformat()}" in capsys.readouterr().err
    reparsed, on_day = reparsed_and_day_pages(db, EARLIER)
    assert len(on_day) == EARLIER_PAGES
    assert reparsed == on_day


def test_cli_reparse_rejects_a_day_that_is_not_a_date(
    two_day_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["reparse", "--db", str(two_day_warehouse), "--day", "yesterday"])
    assert exit_.value.code == 2
    assert "not a day (YYYY-MM-DD): 'yesterday'" in capsys.readouterr().err


# Dagster's own condition tester selects with a beta parameter; the warning is about its code, not ours.
@pytest.mark.filterwarnings("ignore::dagster.BetaWarning")
def test_the_ui_reparses_one_day_as_a_partition_and_what_follows_is_refreshed(
    two_day_warehouse: Path, tmp_path: Path
) -> None:
    job = defs.get_job_def("reparse_day")
    assert EARLIER.isoformat() in job.partitions_def.get_partition_keys()

    db = copy_of(two_day_warehouse, tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    for key in defs.resolve_asset_graph().get_all_asset_keys():
        instance.report_runless_asset_event(dg.AssetMaterialization(key))
    settled = dg.evaluate_automation_conditions(defs=defs, instance=instance)
    assert settled.total_requested == 0, "everything is up to date before the re-parse"
    result = reparse_day_job("2024-01-01").execute_in_process(
        partition_key=EARLIER.isoformat(),
        resources={"warehouse": WarehouseResource(db_path=str(db))},
        instance=instance,
    )
    assert result.success
    materialized = {
        m.asset_key.to_user_string() for m in result.asset_materializations_for_node("reparse_pages_of_day")
    }
    assert materialized == {"parsed_articles", "parsed_headlines", "parse_errors"}
    refresh = dg.evaluate_automation_conditions(defs=defs, instance=instance, cursor=settled.cursor)
    requested = {r.key.to_user_string() for r in refresh.results if r.true_subset.size}
    assert {"articles", "headlines", "mart_topic_daily"} <= requested, "the sensor refreshes what follows the parse"
    reparsed, on_day = reparsed_and_day_pages(db, EARLIER)
    assert len(on_day) == EARLIER_PAGES
    assert reparsed == on_day
