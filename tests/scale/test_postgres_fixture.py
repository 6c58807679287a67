"""The scale-out tests stand on this server: prove it accepts loopback connections and isolates databases."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


def _query(dsn: str, sql: str) -> str:
    result = subprocess.run(["psql", dsn, "-tAc", sql], check=True, capture_output=True, text=True)
    return result.stdout.strip()


def test_server_answers_on_loopback(postgres_dsn: str) -> None:
    assert _query(postgres_dsn, "select inet_server_addr()") == "127.0.0.1"


def test_each_test_gets_an_empty_database_of_its_own(postgres_dsn: str) -> None:
    _query(postgres_dsn, "create table marker (x int)")
    assert _query(postgres_dsn, "select count(*) from marker") == "0"
    assert postgres_dsn.split("dbname=")[1].startswith("t_")


def test_missing_pieces_skip_on_a_laptop_and_fail_where_ci_requires_them(tmp_path: Path) -> None:
    """This conftest, on its own, in a pytest run where neither the server nor a lake module can be found."""
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_missing.py").write_text(
        "import conftest\n"
        "conftest._bin_dir = lambda: None\n"
        "conftest.LAKE_MODULES = ('newsdesk_no_such_module',)\n"
        "def test_server(postgres_server): pass\n"
        "def test_lake(lake_extensions): pass\n"
    )

    def run(**extra: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("NEWSDESK_REQUIRE_POSTGRES", "PYTEST_ADDOPTS")}
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
            cwd=tmp_path,
            env=env | extra,
            capture_output=True,
            text=True,
        )

    laptop = run()
    assert laptop.returncode == 0 and "2 skipped" in laptop.stdout, laptop.stdout
    ci = run(NEWSDESK_REQUIRE_POSTGRES="1")
    assert ci.returncode == 1 and "2 errors" in ci.stdout, ci.stdout
    assert "PostgreSQL binaries not installed" in ci.stdout and "newsdesk_no_such_module not installed" in ci.stdout
