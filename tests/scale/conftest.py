"""A throwaway PostgreSQL server on loopback for the scale-out tests.

The server is Debian's `postgresql` package (installed by `.ci/run`); tests skip when its binaries are absent rather
than reach for a server someone else runs, and so do the lake's tests without its extensions (the `lake` extra). With
NEWSDESK_REQUIRE_POSTGRES=1 (what `.ci/run` sets where it installs the server) they fail instead: there a missing
piece is a broken setup, and a run that skipped every scale-out test must not pass. `initdb` refuses to run as root,
so under root (CI) the cluster is owned by and run as the `postgres` system user.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REQUIRE_ENV = "NEWSDESK_REQUIRE_POSTGRES"
# What the lake's tests import beyond the base install: its DuckDB extensions and the writer lock's driver.
LAKE_MODULES = ("duckdb_ext", "psycopg")


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str

    def dsn(self, database: str = "postgres") -> str:
        """A libpq key/value string: what psycopg, dagster-postgres and DuckDB's postgres extension all accept."""
        return f"host={self.host} port={self.port} user={self.user} dbname={database}"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def _bin_dir() -> Path | None:
    """Debian keeps the server tools out of PATH, in one directory per major version: take the newest."""
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(Path(path).parts[4]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def unavailable(reason: str) -> NoReturn:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_ENV}=1 requires the scale-out tests to run", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(command: list[str], run_as: str | None) -> list[str]:
    return ["runuser", "-u", run_as, "--", *command] if run_as else command


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        unavailable("PostgreSQL binaries not installed (Debian package postgresql; .ci/run installs it)")
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if run_as:
        owner = pwd.getpwnam(run_as)
        for path in (root, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    user = run_as or pwd.getpwuid(os.geteuid()).pw_name
    subprocess.run(
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8"], run_as),
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c max_connections=200 -c fsync=off"
    subprocess.run(
        _as_owner(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"], run_as
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresServer(host="127.0.0.1", port=port, user=user)
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], run_as),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_dsn(postgres_server: PostgresServer) -> str:
    """A fresh, empty database per test (its libpq DSN), so tests never see each other's catalogs or run history."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    subprocess.run(
        [
            str(_bin_dir() / "createdb"),
            "-h",
            postgres_server.host,
            "-p",
            str(postgres_server.port),
            "-U",
            postgres_server.user,
            name,
        ],
        check=True,
        capture_output=True,
    )
    return postgres_server.dsn(name)


@pytest.fixture(scope="session")
def lake_extensions() -> None:
    missing = [name for name in LAKE_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        unavailable(f"{', '.join(missing)} not installed (the `lake` extra: pip install -e '.[lake]')")
