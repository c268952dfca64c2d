"""The PostgreSQL backend (psycopg 3): one database shared by several processes.

Chosen by ``PROSCRIBED_DB=postgresql://user@host/db``. It runs the SQL of
:class:`~proscribed.store.sql.SQLStore` and the same registered migrations as
SQLite, through a connection that speaks SQLite's dialect where they differ
(``?`` placeholders, ``lastrowid``, column types). Guarantees match SQLite's:

* a write is one transaction holding a transaction-level advisory lock, so
  writers follow one another as with SQLite's ``BEGIN IMMEDIATE``;
* a read of several statements (an entity with its names and designations)
  is one ``REPEATABLE READ`` snapshot: it never sees half of an update;
* an updater holds a session-level advisory lock (:meth:`updater_lock`), which
  PostgreSQL releases when the process ends or is killed.

Caches of derived data (screening index, scanner) live in a table of their own,
outside the migrated schema: every process on the database reads the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from ..exc import StoreError, StoreTooNew
from .migrations import LATEST, MIGRATIONS
from .sql import SQLStore

__all__ = ["PostgresStore", "is_postgres_url", "display_url"]

_SCHEMES = ("postgresql://", "postgres://")
# Advisory lock keys (any 64-bit numbers unique to this application on the database).
_WRITER_KEY = 0x70726F73_00000001
_UPDATER_KEY = 0x70726F73_00000002
_MIGRATION_KEY = 0x70726F73_00000003
# Tables whose rows get an identity id: an INSERT into one returns it (SQLite's lastrowid).
_IDENTITY_TABLES = frozenset({"versions", "changes", "webhooks", "outbox", "watch_names", "watch_hits",
                              "scan_runs", "news_feeds", "news_events"})
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)


def is_postgres_url(location: object) -> bool:
    """Whether a ``PROSCRIBED_DB`` value names a PostgreSQL database rather than an SQLite file."""
    return isinstance(location, str) and location.startswith(_SCHEMES)


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://(unparsable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host') or 'localhost'}{port}/{parts.get('dbname') or ''}"


@lru_cache(maxsize=512)
def _dialect(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Cursor:
    """A psycopg cursor with SQLite's ``lastrowid``."""

    def __init__(self, cursor: psycopg.Cursor[Any], lastrowid: int | None) -> None:
        self._cursor = cursor
        self._lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._lastrowid

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)


class _Connection:
    """A psycopg connection (autocommit: transactions are begun explicitly) taking SQLite's dialect.

    Errors of the connection or the server (not of the data) are store errors (exit code 4,
    HTTP 503). A connection the server dropped (restart, failover, idle timeout) is replaced
    before the next statement: the statement that met the failure has been reported, and a
    long-running server recovers instead of failing every later request.
    """

    def __init__(self, url: str, where: str) -> None:
        self.url = url
        self.where = where
        self.conn = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to the PostgreSQL store {self.where}: "
                             f"{str(err).strip().splitlines()[-1]}") from None

    def _live(self) -> psycopg.Connection[Any]:
        if self.conn.closed or self.conn.broken:
            self.conn = self._connect()
        return self.conn

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        table = _INSERT.match(sql)
        returning = table is not None and table.group(1) in _IDENTITY_TABLES and "RETURNING" not in sql
        text = _dialect(sql + " RETURNING id" if returning else sql)
        try:
            cur = self._live().execute(text, parameters or None)
            lastrowid = None
            if returning:
                row = cur.fetchone()  # none when ON CONFLICT DO NOTHING skipped the row
                lastrowid = None if row is None else int(row[0])
        except psycopg.OperationalError as err:
            raise StoreError(f"the PostgreSQL store {self.where} failed: {str(err).strip()}") from err
        return _Cursor(cur, lastrowid)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> None:
        rows = list(parameters)
        if rows:
            try:
                with self._live().cursor() as cur:
                    cur.executemany(_dialect(sql), rows)
            except psycopg.OperationalError as err:
                raise StoreError(f"the PostgreSQL store {self.where} failed: {str(err).strip()}") from err

    def close(self) -> None:
        self.conn.close()

    def __del__(self) -> None:
        # A connection the server abandoned (a request cut short while its worker thread still
        # used it, server/context.py) is closed when its last user lets go of it: here, which
        # tells psycopg it was closed on purpose instead of leaked.
        conn = getattr(self, "conn", None)
        if conn is not None and not conn.closed:
            conn.close()


_TYPES = ((re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
          (re.compile(r"\bINTEGER\b"), "BIGINT"),
          (re.compile(r"\bBLOB\b"), "BYTEA"),
          (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
          # Byte order, as SQLite compares text: ids and dates sort the same on both backends.
          (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'))


class _Migrating:
    """What a migration function sees: SQLite's column types mapped to PostgreSQL's."""

    def __init__(self, db: _Connection) -> None:
        self.db = db

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        if sql.lstrip().upper().startswith("CREATE TABLE") or " ADD COLUMN " in sql.upper():
            for pattern, replacement in _TYPES:
                sql = pattern.sub(replacement, sql)
        return self.db.execute(sql, parameters)


class PostgresStore(SQLStore):
    """A store in a PostgreSQL database (which must exist; the tables are created on first use)."""

    _json_length = "json_array_length(mentions::json)"

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = display_url(url)
        self.pg = _Connection(url, self.where)
        self.db = self.pg
        try:
            self._migrate()
        except BaseException:
            self.pg.close()
            raise

    def _migrate(self) -> None:
        # Several processes may start at once on a new database: one migrates, the others wait.
        self.db.execute("SELECT pg_advisory_lock(?)", (_MIGRATION_KEY,))
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                            "(version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS caches "
                            "(name TEXT PRIMARY KEY, data BYTEA NOT NULL, saved_at TIMESTAMPTZ NOT NULL)")
            current = self.schema_version()
            if current > LATEST:
                raise StoreTooNew(f"{self.where} was written by a newer Proscribed (schema {current}, "
                                  f"this version knows {LATEST}); upgrade Proscribed to use it")
            applied = {int(r[0]) for r in self.db.execute("SELECT version FROM schema_migrations")}
            for version in sorted(v for v in MIGRATIONS if v not in applied):
                name, fn = MIGRATIONS[version]
                self.db.execute("BEGIN")
                try:
                    fn(_Migrating(self.pg))
                    self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, "
                                    "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))", (version, name))
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise
        finally:
            self.db.execute("SELECT pg_advisory_unlock(?)", (_MIGRATION_KEY,))

    def _begin_write(self) -> None:
        self.db.execute("BEGIN")
        self.db.execute("SELECT pg_advisory_xact_lock(?)", (_WRITER_KEY,))

    @contextmanager
    def _read(self) -> Iterator[None]:
        self.db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self.db.execute("COMMIT")

    @contextmanager
    def updater_lock(self) -> Iterator[None]:
        self.db.execute("SELECT pg_advisory_lock(?)", (_UPDATER_KEY,))
        try:
            yield
        finally:
            self.db.execute("SELECT pg_advisory_unlock(?)", (_UPDATER_KEY,))

    def load_cache(self, name: str) -> bytes | None:
        row = self.db.execute("SELECT data FROM caches WHERE name = ?", (name,)).fetchone()
        return None if row is None else bytes(row[0])

    def save_cache(self, name: str, data: bytes) -> None:
        try:
            self.db.execute("INSERT INTO caches VALUES (?, ?, now()) ON CONFLICT (name) DO UPDATE "
                            "SET data = excluded.data, saved_at = excluded.saved_at", (name, data))
        except (StoreError, psycopg.Error):
            pass  # a role that may not write the cache only costs speed: the structure is rebuilt

    def integrity_check(self) -> str:
        # PostgreSQL checks its pages itself; what can drift is ours: the derived rows against the records.
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM records WHERE recorded_to IS NULL "
            "        AND entity_id NOT IN (SELECT id FROM entities)), "
            "       (SELECT count(*) FROM (SELECT entity_id FROM records WHERE recorded_to IS NULL "
            "        GROUP BY entity_id HAVING count(*) > 1) AS twice)").fetchone()
        missing, doubled = int(row[0]), int(row[1])
        if missing or doubled:
            return f"{missing} current records without their entity, {doubled} entities with two current records"
        return "ok"

    def close(self) -> None:
        self.db.close()
