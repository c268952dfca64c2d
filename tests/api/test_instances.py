"""Several processes on one store: servers share the data, updaters take turns.

Real ``proscribed serve`` and ``proscribed watch`` processes on one store (a copy of the
session store), on either backend: ``PROSCRIBED_DB=postgresql://... pytest`` runs them
on PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from proscribed.service.store import connect_store, open_store
from tests.fixtures.minjust_server import MinjustServer
from tests.fixtures.serve import serve

REG = "ru-undesirable"
TOKEN = "instances-token"
NEW_NAME = "Example Democracy Fund («Фонд демократии Пример»), США"


def _found(url: str) -> bool:
    """Whether a server's screening index (its search) knows the new entry."""
    body = httpx.get(f"{url}/api/entities", params={"q": "Example Democracy Fund", "registry": REG},
                     timeout=30).json()
    return any(r["id"] == "ru-undesirable-419" for r in body["results"])


def test_an_update_through_one_server_is_answered_by_the_other_within_5s(
        db_path: Path | str, copy_db: Callable[[Path | str], Path | str], minjust_server: MinjustServer) -> None:
    db = copy_db(db_path)
    # The servers update from the local registry API the fixture points the environment at.
    settings = {k: v for k, v in os.environ.items() if k.startswith(("PROSCRIBED_MINJUST_", "PROSCRIBED_UUID_"))}
    settings["PROSCRIBED_API_TOKEN"] = TOKEN
    with serve(db, **settings) as first, serve(db, **settings) as second:
        assert not _found(first) and not _found(second)  # both built their index of the old data
        minjust_server.add(REG, NEW_NAME, listed_on="01.10.2026", listing_order="1600-р")
        applied = httpx.post(f"{first}/api/updates", json={"registries": [REG]},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        assert applied.status_code == 200, applied.text
        assert applied.json()[0]["outcome"] == "applied"
        started = time.monotonic()
        while not _found(second):
            assert time.monotonic() - started < 5, "the second server still answers from the old data"
            time.sleep(0.1)
        assert _found(first)


def test_two_watchers_at_once_one_applies_the_other_waits(new_db: Callable[[], Path | str],
                                                           minjust_server: MinjustServer) -> None:
    db = new_db()
    open_store(db).close()  # filled before: the watchers start on an existing store
    minjust_server.add(REG, NEW_NAME, listed_on="01.10.2026", listing_order="1600-р")
    # Each watcher's first request answers late: without the updater lock both would fetch the
    # same new list at once and both apply it.
    minjust_server.faults.stall, minjust_server.faults.stall_seconds = 2, 1.5
    env = dict(os.environ, PROSCRIBED_DB=str(db), PROSCRIBED_MINJUST_TIMEOUT="10")
    cmd = [sys.executable, "-m", "proscribed", "watch", "--times", "1", "--registry", REG]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    store = connect_store(db)
    try:
        fetched = [v for v in store.versions(REG) if v.status != "bundled"]
        assert [v.status for v in fetched] == ["applied"]  # once, not twice
        assert store.entity("ru-undesirable-419") is not None
    finally:
        store.close()
