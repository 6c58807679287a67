"""Two processes on one warehouse file: the second waits for the first, or stops with a plain-words message."""

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline import commands, warehouse
from pipeline.progress import StageProgress

REPO = Path(__file__).resolve().parents[2]

# Another writer (as the Dagster UI is while it materializes): holds the file until its stdin closes.
HOLDER = """
import sys
from pipeline import warehouse
con = warehouse.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
con.close()
"""


@contextmanager
def held(db: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        if holder.poll() is None:
            holder.kill()
        holder.wait(timeout=30)


def test_a_second_process_stops_with_a_clear_message_when_the_wait_runs_out(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with held(db), pytest.raises(warehouse.WarehouseError, match="another process is using it"):
        warehouse.connect(db, wait=0.3)


def test_a_second_process_waits_for_the_first_to_finish(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    waiting: list[str] = []
    with held(db) as holder:
        assert holder.stdin is not None
        # The holder lets go half a second from now, while the connect below is already retrying.
        threading.Timer(0.5, holder.stdin.close).start()
        con = warehouse.connect(db, wait=20, on_wait=waiting.append)
    assert waiting and "waiting up to 20 s" in waiting[0]
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    con.close()


def test_the_cli_reports_a_busy_warehouse_in_one_line(tmp_path: Path) -> None:
    db, data = tmp_path / "w.duckdb", tmp_path / "a.jsonl"
    data.write_text(json.dumps({"url": "https://x.example/1", "title": "t", "body": "b"}) + "\n")
    with held(db):
        done = subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "import", str(data), "--db", str(db)],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, warehouse.LOCK_WAIT_ENV: "0.2"},
            check=False,
        )
    assert done.returncode == 1
    assert "another process is using it" in done.stderr and "Traceback" not in done.stderr


def test_sql_waits_for_a_writer_instead_of_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    warehouse.connect(db).close()
    monkeypatch.setenv(warehouse.LOCK_WAIT_ENV, "20")
    with held(db) as holder:
        assert holder.stdin is not None
        threading.Timer(0.5, holder.stdin.close).start()
        answer = commands.query(db, "SELECT count(*) AS n FROM articles", "csv")
    assert answer == "n\n0\n"


def test_sql_and_report_stop_with_the_busy_message_when_the_wait_runs_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    warehouse.connect(db).close()
    monkeypatch.setenv(warehouse.LOCK_WAIT_ENV, "0.2")
    with held(db):
        with pytest.raises(commands.CommandError, match="another process is using it"):
            commands.query(db, "SELECT 1", "csv")
        with pytest.raises(commands.CommandError, match="another process is using it"):
            commands.report(db, tmp_path / "r.html", StageProgress(io.StringIO()))
