"""A local Ministry of Justice protocol server for the connector tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from proscribed.sources import minjust
from tests.fixtures.minjust_server import MinjustServer

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
