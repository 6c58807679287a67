"""The scale-out tests stand on this server: prove it accepts loopback connections and isolates databases."""

import subprocess


def _query(dsn: str, sql: str) -> str:
    result = subprocess.run(["psql", dsn, "-tAc", sql], check=True, capture_output=True, text=True)
    return result.stdout.strip()


def test_server_answers_on_loopback(postgres_dsn: str) -> None:
    assert _query(postgres_dsn, "select inet_server_addr()") == "127.0.0.1"


def test_each_test_gets_an_empty_database_of_its_own(postgres_dsn: str) -> None:
    _query(postgres_dsn, "create table marker (x int)")
    assert _query(postgres_dsn, "select count(*) from marker") == "0"
    assert postgres_dsn.split("dbname=")[1].startswith("t_")
