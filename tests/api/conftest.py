"""The application in process (habit 17), on the session store, with a known API token."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from proscribed.app import create_app
from proscribed.config import Config

with warnings.catch_warnings():
    # starlette announces a successor of its httpx-based client; this one still works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"


@pytest.fixture(scope="session")
def client(db_path: Path) -> Iterator[TestClient]:
    app = create_app(Config(db_path=db_path, api_token=TOKEN, api_max_body=20_000, api_timeout=20.0))
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
