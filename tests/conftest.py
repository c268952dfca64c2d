"""Shared fixtures: a real store built from the bundled data, its index, a local registry API server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from proscribed.matching import ScreeningIndex
from proscribed.service.queries import screening_index
from proscribed.service.store import open_store
from proscribed.sources import minjust
from proscribed.store import Store
from tests.fixtures.minjust_server import MinjustServer


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "proscribed.sqlite3"
    store = open_store(path)
    screening_index(store)  # warms the index cache the CLI tests reuse
    store.close()
    return path


@pytest.fixture(scope="session")
def store(db_path: Path) -> Iterator[Store]:
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def index(store: Store) -> ScreeningIndex:
    return screening_index(store)


@pytest.fixture()
def run_cli(db_path: Path):  # type: ignore[no-untyped-def]
    """Run the real ``proscribed`` command in a subprocess against the session store."""

    def run(*args: str, stdin: bytes | None = None, db: Path | None = None) -> subprocess.CompletedProcess[bytes]:
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
