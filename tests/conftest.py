"""Shared fixtures: a real store built from the bundled data, its index, a local registry API server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from proscribed.matching import ScreeningIndex
from proscribed.service.queries import screening_index
from proscribed.service.store import open_store
from proscribed.sources import minjust
from proscribed.store import Store
from proscribed.store.postgres import is_postgres_url
from tests.fixtures.minjust_server import MinjustServer
from tests.fixtures.stores import Backend, backend_from_env, session_store


# `PROSCRIBED_DB=postgresql://... pytest` runs every test on PostgreSQL (see tests/fixtures/stores.py).
# The variable is taken out of the environment: a test or a command it starts uses only the
# stores the fixtures give it, never the server's maintenance database.
_BACKEND_URL = os.environ.pop("PROSCRIBED_DB", "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of one backend's own behaviour (an SQLite file, a PostgreSQL server) run on that backend's pass."""
    postgres = is_postgres_url(_BACKEND_URL)
    for item in items:
        if postgres and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="SQLite file behaviour; this run is on PostgreSQL"))
        if not postgres and item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason="needs PROSCRIBED_DB=postgresql://... (.ci/run starts a server)"))


@pytest.fixture(scope="session")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    made = backend_from_env(_BACKEND_URL, tmp_path_factory.mktemp("stores"))
    yield made
    made.close()


@pytest.fixture(scope="session")
def db_path(backend: Backend) -> Path | str:
    """The location of the session store (an SQLite file or a postgresql:// URL); tests only read it."""
    return session_store(backend)


@pytest.fixture()
def new_db(backend: Backend, request: pytest.FixtureRequest) -> Callable[[], Path | str]:
    """Locations of new stores (``open_store`` fills them from the bundled data), one per call."""
    label = request.node.name.split("[")[0][:20]
    return lambda: backend.fresh(label)


@pytest.fixture()
def copy_db(backend: Backend, request: pytest.FixtureRequest) -> Callable[[Path | str], Path | str]:
    """A private copy of a store (the session store, for a test that writes)."""
    label = request.node.name.split("[")[0][:20]
    return lambda source: backend.copy(source, label)


@pytest.fixture(scope="session")
def store(db_path: Path | str) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def index(store: Store) -> ScreeningIndex:
    return screening_index(store)


@pytest.fixture()
def run_cli(db_path: Path | str):  # type: ignore[no-untyped-def]
    """Run the real ``proscribed`` command in a subprocess against the session store."""

    def run(*args: str, stdin: bytes | None = None, db: Path | str | None = None) -> subprocess.CompletedProcess[bytes]:
        env = dict(os.environ, PROSCRIBED_DB=str(db or db_path))
        return subprocess.run([sys.executable, "-m", "proscribed", *args], input=stdin or b"",
                              capture_output=True, env=env, timeout=120)

    return run


_RESET = (
    "PROSCRIBED_MINJUST_PROXY", "PROSCRIBED_MINJUST_CA_BUNDLE", "PROSCRIBED_MINJUST_PAGE_SIZE",
    "PROSCRIBED_UUID_RU_UNDESIRABLE", "PROSCRIBED_UUID_RU_FOREIGN_AGENTS", "PROSCRIBED_UUID_RU_EXTREMIST",
    "PROSCRIBED_UUID_RU_TERRORIST",
)


@pytest.fixture()
def minjust_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MinjustServer]:
    """A running server; PROSCRIBED_MINJUST_URL points at it, with short timeouts and backoff."""
    with MinjustServer() as server:
        for name in _RESET:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("PROSCRIBED_MINJUST_URL", server.url)
        monkeypatch.setenv("PROSCRIBED_MINJUST_TIMEOUT", "0.5")
        monkeypatch.setenv("PROSCRIBED_MINJUST_RETRIES", "2")
        monkeypatch.setattr(minjust, "BACKOFF", 0.01)
        server.faults.stall_seconds = 1.5
        yield server
