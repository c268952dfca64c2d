"""The application in process (habit 17), on the session store, with a known API token."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from proscribed.app import create_app
from tests.fixtures.serve import serve
from proscribed.config import Config

with warnings.catch_warnings():
    # starlette announces a successor of its httpx-based client; this one still works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"
WRITER_TOKEN = "writer-token-9876543210"


@pytest.fixture(scope="session")
def client(db_path: Path) -> Iterator[TestClient]:
    app = create_app(Config(db_path=db_path, api_token=TOKEN, api_max_body=20_000, api_timeout=300.0))  # first scans build the scanner; 504 has its own test
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def make_client() -> Iterator[object]:
    """Build a client for an app with other settings; closed after the test."""
    made: list[TestClient] = []

    def build(settings: Config) -> TestClient:
        c = TestClient(create_app(settings))
        c.__enter__()
        made.append(c)
        return c

    yield build
    for c in made:
        c.__exit__(None, None, None)


@pytest.fixture(scope="session")
def live_server(db_path: Path) -> Iterator[str]:
    """The server on the session store, without a write token (writes answer 403)."""
    with serve(db_path) as url:
        yield url


@pytest.fixture()
def live_writer(db_path: Path | str, copy_db: Callable[[Path | str], Path | str]) -> Iterator[str]:
    """The server with a write token (WRITER_TOKEN) on a copy of the store (either backend); the registry
    API it would update from is a closed local port, so an update fails fast (503) and nothing leaves
    the machine."""
    copy = copy_db(db_path)
    with serve(copy, PROSCRIBED_API_TOKEN=WRITER_TOKEN, PROSCRIBED_MINJUST_URL="http://127.0.0.1:9",
                PROSCRIBED_MINJUST_RETRIES="0", PROSCRIBED_MINJUST_TIMEOUT="2") as url:
        yield url
