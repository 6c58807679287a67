"""Per-host politeness shared by every crawler process through PostgreSQL, for crawls spread over many workers.

`HostLimiter` keeps one process polite; two processes crawling one host would each keep their own rate and add up to
twice it. This gate makes the host's limits global with two PostgreSQL primitives:

- spacing: one row per host holds the moment of its last request and the interval that request promised. A sender
  locks the row (`SELECT … FOR UPDATE`), waits out the interval on the database's clock while holding the lock, stamps
  the moment it goes and commits, so senders on every machine queue on that row and each stamp is a real send time
  (a reservation of a future slot would let a late-waking sender crowd the next one);
- concurrency: a host's `max_active` in-flight slots are session-level advisory locks, which PostgreSQL frees by
  itself when a crashed worker's connection drops, so a dead crawler never keeps a host's slot.

Each thread uses its own connection: an advisory lock belongs to the session that took it, and the sender that took
a slot is the one that releases it after the response.
"""

from __future__ import annotations

import re
import threading
import time

import psycopg

# All hosts' advisory locks live in this class id, so they never collide with another application's locks.
LOCK_CLASS = "newsdesk.crawl.host"
SLOT_POLL_SECONDS = 0.01
_SCHEMA = """
CREATE TABLE IF NOT EXISTS newsdesk_host_limits (
    host text PRIMARY KEY,
    last_sent timestamptz NOT NULL DEFAULT 'epoch',
    interval_seconds double precision NOT NULL DEFAULT 0,
    paused_until timestamptz NOT NULL DEFAULT 'epoch'
)
"""
# Seconds until `host` may be sent to: its last sender's promise or this sender's, whichever is stricter.
_WAIT = """
SELECT greatest(
    extract(epoch FROM last_sent - clock_timestamp()) + greatest(interval_seconds, %(interval)s),
    extract(epoch FROM paused_until - clock_timestamp()),
    0
)::float8
FROM newsdesk_host_limits WHERE host = %(host)s FOR UPDATE
"""


def libpq_conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL too (`postgresql+psycopg2://…`, what Dagster's storage takes),
    so the profile needs one variable for both."""
    return re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)


class PostgresHostGate:
    """The global half of `HostLimiter`: every process's sends to one host spaced and capped as one crawler's."""

    def __init__(self, conninfo: str, max_active: int = 2) -> None:
        self.conninfo = libpq_conninfo(conninfo)
        self.max_active = max_active
        self._local = threading.local()
        self._connections: list[psycopg.Connection] = []
        self._lock = threading.Lock()
        with self._connection().transaction():
            # Concurrent first runs would race on CREATE TABLE IF NOT EXISTS; one at a time creates it.
            self._connection().execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (LOCK_CLASS,))
            self._connection().execute(_SCHEMA)

    def __enter__(self) -> PostgresHostGate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    def _connection(self) -> psycopg.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = psycopg.connect(self.conninfo, autocommit=True)
            self._local.connection, self._local.held = connection, {}
            with self._lock:
                self._connections.append(connection)
        return connection

    def before_send(self, host: str, interval: float) -> None:
        """Block until this thread holds one of the host's in-flight slots and the host's interval has passed."""
        connection = self._connection()
        self._local.held[host] = self._take_slot(connection, host)
        with connection.transaction():
            connection.execute("INSERT INTO newsdesk_host_limits (host) VALUES (%s) ON CONFLICT DO NOTHING", (host,))
            while (wait := connection.execute(_WAIT, {"host": host, "interval": interval}).fetchone()[0]) > 0:
                time.sleep(wait)
            connection.execute(
                "UPDATE newsdesk_host_limits SET last_sent = clock_timestamp(), interval_seconds = %s WHERE host = %s",
                (interval, host),
            )

    def _take_slot(self, connection: psycopg.Connection, host: str) -> int:
        while True:
            for slot in range(self.max_active):
                taken = connection.execute(
                    "SELECT pg_try_advisory_lock(hashtext(%s), %s)", (f"{LOCK_CLASS} {host}", slot)
                ).fetchone()[0]
                if taken:
                    return slot
            time.sleep(SLOT_POLL_SECONDS)

    def after_response(self, host: str) -> None:
        """Free the host's slot this thread took, if it took one (a slot reserved but never sent holds none)."""
        held: dict[str, int] = getattr(self._local, "held", {})
        slot = held.pop(host, None)
        if slot is not None:
            self._connection().execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", (f"{LOCK_CLASS} {host}", slot))

    def pause(self, host: str, seconds: float) -> None:
        """No process sends to `host` for `seconds`: a 429 or 503 with Retry-After speaks to every crawler."""
        self._connection().execute(
            """
            INSERT INTO newsdesk_host_limits AS h (host, paused_until)
            VALUES (%(host)s, clock_timestamp() + make_interval(secs => %(seconds)s))
            ON CONFLICT (host) DO UPDATE SET paused_until = greatest(h.paused_until, excluded.paused_until)
            """,
            {"host": host, "seconds": seconds},
        )
