"""Shared fixtures: one real store built from the bundled data, and its index."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from proscribed.matching import ScreeningIndex
from proscribed.queries import screening_index
from proscribed.store import Store, open_store


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
