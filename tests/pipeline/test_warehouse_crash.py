"""Crash safety with real processes: a load killed with SIGKILL leaves the previous state, the next run completes."""

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline import commands, warehouse
from pipeline.progress import StageProgress

REPO = Path(__file__).resolve().parents[2]

# Runs `newsdesk import` in a child that stops dead inside an open transaction and waits there to be killed:
# after the Nth bulk write of the import (a write helper such as "merge_frame"), or once a stage's writes are done,
# just before COMMIT.
CHILD = """
import contextlib, sys, time
import pipeline.warehouse.{module} as target
from pipeline.cli import main

def stop():
    print("mid-load", flush=True)
    time.sleep(600)

real_transaction, calls = getattr(target, "transaction", None), []

def write_then_stop(*args, **kwargs):
    real_write(*args, **kwargs)
    calls.append(1)
    if len(calls) == {after}:
        stop()

@contextlib.contextmanager
def stop_before_commit(con):
    with real_transaction(con):
        yield
        stop()

if "{hook}" == "transaction":
    target.transaction = stop_before_commit
else:
    real_write = getattr(target, "{hook}")
    setattr(target, "{hook}", write_then_stop)
sys.exit(main(["import", *sys.argv[1:]]))
"""


def write_records(path: Path, start: int, count: int) -> None:
    rows = [
        {
            "url": f"https://crash.example/{i}",
            "title": f"Статья {i}",
            "body": f"Текст статьи номер {i} о событиях дня и их последствиях.",
            "published_at": "2026-03-01T10:00:00+03:00",
            "rubric": "Мир",
        }
        for i in range(start, start + count)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{bad\n", encoding="utf-8")


def state(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM import_errors), "
            "(SELECT count(*) FROM story_clusters)"
        ).fetchone()
    finally:
        con.close()


def import_quietly(db: Path, *files: Path) -> int:
    return commands.import_files(db, list(files), StageProgress(io.StringIO()))


def kill_when_mid_load(db: Path, data: Path, module: str, hook: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(module=module, hook=hook, after=1), str(data), "--db", str(db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "mid-load"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("module", "hook", "expected"),
    [
        # the file staged and its transaction open, its bad records written first: the whole transaction is lost
        ("imports", "merge_frame", (20, 1, 20)),
        # the file committed, the story clusters rebuilt but not committed: they stay as they were until the next run
        ("stories", "transaction", (45, 2, 20)),
    ],
)
def test_a_killed_import_leaves_the_last_commit_and_the_next_run_completes_it(
    tmp_path: Path, module: str, hook: str, expected: tuple[int, int, int]
) -> None:
    db, first, second = tmp_path / "w.duckdb", tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_records(first, 0, 20)
    write_records(second, 100, 25)
    assert import_quietly(db, first) == 1
    assert state(db) == (20, 1, 20)
    kill_when_mid_load(db, second, module, hook)
    assert state(db) == expected
    assert import_quietly(db, second) == 1
    assert state(db) == (45, 2, 45)


def test_an_import_killed_at_an_arbitrary_moment_is_all_or_nothing(tmp_path: Path) -> None:
    db, data = tmp_path / "w.duckdb", tmp_path / "many.jsonl"
    write_records(data, 0, 20_000)
    warehouse.connect(db).close()
    for delay in (0.8, 1.6, 2.4):
        child = subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", "import", str(data), "--db", str(db)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        articles, errors, _ = state(db)
        assert (articles, errors) in ((0, 0), (20_000, 1))
    assert import_quietly(db, data) == 1
    assert state(db) == (20_000, 1, 20_000)
