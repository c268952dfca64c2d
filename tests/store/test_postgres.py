"""The PostgreSQL backend's own behaviour (runs on the PostgreSQL pass: PROSCRIBED_DB=postgresql://... pytest)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from proscribed.exc import InvalidInput, StoreError, StoreTooNew
from proscribed.service.store import connect_store, open_store
from proscribed.store import Store
from proscribed.store.migrations import LATEST
from proscribed.store.postgres import PostgresStore, display_url
from tests.fixtures.stores import Backend

pytestmark = pytest.mark.postgres_only


def test_the_pass_really_runs_on_postgres(store: Store, db_path: Path | str) -> None:
    assert isinstance(store, PostgresStore)
    assert str(db_path).startswith("postgresql://")


def test_ids_sort_as_on_sqlite(store: Store) -> None:
    # Byte order whatever the server's locale: "ru-extremist-..." before "ru-foreign-...", "Z" before "a".
    ids = [e.id for e in store.entities()]
    by_registry = {i.rsplit("-", 1)[0] for i in ids}
    assert by_registry == {"ru-undesirable", "ru-foreign-agents", "ru-extremist", "ru-terrorist"}
    assert [s["id"] for s in store.sources()] == sorted(s["id"] for s in store.sources())


def test_newer_schema_is_refused(new_db: Callable[[], Path | str]) -> None:
    url = str(new_db())
    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (%s, 'from the future', 'now')", (LATEST + 1,))
    with pytest.raises(StoreTooNew):
        connect_store(url)


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    url = "postgresql://someone:s3cret@127.0.0.1:1/nowhere"
    with pytest.raises(StoreError) as caught:
        connect_store(url)
    assert "s3cret" not in str(caught.value) and "127.0.0.1:1/nowhere" in str(caught.value)
    assert display_url(url) == "postgresql://someone@127.0.0.1:1/nowhere"


def test_other_url_schemes_are_refused() -> None:
    with pytest.raises(InvalidInput):
        connect_store("mysql://user@host/db")


def test_processes_starting_together_fill_a_new_database_once(backend: Backend) -> None:
    url = str(backend.new("together"))
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_store(url).close()
        except BaseException as err:  # noqa: BLE001  reported by the assertion below
            errors.append(err)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = connect_store(url)
    try:
        assert len([v for v in store.versions() if v.status == "bundled"]) == len(store.registries())
        assert sum(1 for _ in store.entities("ru-undesirable")) == 418
    finally:
        store.close()


def test_a_dropped_connection_is_a_store_error_then_replaced(new_db: Callable[[], Path | str]) -> None:
    url = str(new_db())
    store = open_store(url)
    assert isinstance(store, PostgresStore)
    try:
        with psycopg.connect(url, autocommit=True) as other:  # as a server restart would
            other.execute("SELECT pg_terminate_backend(%s)", (store.pg.conn.info.backend_pid,))
        with pytest.raises(StoreError):
            store.versions()
        assert len(store.versions()) == len(store.registries())  # the next statement reconnects
    finally:
        store.close()
