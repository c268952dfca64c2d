"""Updates end to end against the local server that speaks the official protocol."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from proscribed.exc import Quarantined, SourceUnavailable
from proscribed.service import queries
from proscribed.service.store import open_store
from proscribed.store import Store
from proscribed.updates.run import update_registry
from tests.fixtures.minjust_server import MinjustServer

REG = "ru-undesirable"


@pytest.fixture()
def store(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def test_initial_load_then_additions_and_exclusion(store: Store, minjust_server: MinjustServer) -> None:
    first = update_registry(store, REG)
    # The server's records are the bundled data in the official shape: nothing to change.
    assert first.outcome == "applied" and first.row_count == 418
    assert [c.kind for c in first.changes] == []
    assert store.registry_states()[REG]["last_confirmed_at"] is not None

    minjust_server.add(REG, "Example Democracy Fund («Фонд демократии Пример»), США",
                       listed_on="01.10.2026", listing_order="1600-р", decision_date="22.09.2026")
    minjust_server.add(REG, "Sample Watch e.V. («Сэмпл Вотч»), ФРГ", listed_on="01.10.2026")
    minjust_server.exclude(REG, 12, on="02.10.2026", order="1601-р")
    second = update_registry(store, REG)
    kinds = sorted(c.kind for c in second.changes)
    assert kinds == ["added", "added", "excluded"]
    added = store.entity("ru-undesirable-419")
    assert added is not None and added.designations[0].listing_order == "1600-р"
    assert str(added.designations[0].decision_date) == "2026-09-22"
    excluded = store.entity("ru-undesirable-012")
    assert excluded is not None and excluded.designations[0].status == "excluded"
    assert excluded.designations[0].exclusion_order == "1601-р"
    # Enrichment from the old table survives an update that does not carry it.
    ned = store.entity("ru-undesirable-001")
    assert ned is not None and ned.designations[0].listing_order == "1076-р"
    assert any(n.kind == "translation" for n in ned.names)

    versions = len(store.versions())
    again = update_registry(store, REG)
    assert again.outcome == "unchanged" and len(store.versions()) == versions

    # Renumbered fields are mapped by their titles: same data, no changes.
    minjust_server.renumber(REG)
    renumbered = update_registry(store, REG)
    assert renumbered.changes == []


def test_short_pages_5xx_and_timeouts_recover(store: Store, minjust_server: MinjustServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MINJUST_PAGE_SIZE", "100")
    minjust_server.faults.short_pages = 2
    minjust_server.faults.fail = 1
    minjust_server.faults.stall = 1
    result = update_registry(store, REG)
    assert result.row_count == 418 and result.changes == []


def test_persistent_outage_changes_nothing(store: Store, minjust_server: MinjustServer) -> None:
    before = store.current_records(REG)
    minjust_server.faults.fail = 100
    with pytest.raises(SourceUnavailable):
        update_registry(store, REG)
    assert store.current_records(REG) == before
    assert store.registry_states()[REG]["last_error"]


def test_list_cut_by_half_is_quarantined(store: Store, minjust_server: MinjustServer) -> None:
    before = store.current_records(REG)
    minjust_server.faults.cut_half = True
    with pytest.raises(Quarantined):
        update_registry(store, REG)
    assert store.current_records(REG) == before
    assert store.versions()[0].status == "quarantined"
    assert len(queries.list_entries(store, REG)) == 418


def test_cli_update_exit_codes(new_db: Callable[[], Path | str], minjust_server: MinjustServer) -> None:
    env = dict(os.environ, PROSCRIBED_DB=str(new_db()), PROSCRIBED_MINJUST_URL=minjust_server.url,
               PROSCRIBED_MINJUST_TIMEOUT="0.5", PROSCRIBED_MINJUST_RETRIES="0")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "proscribed", *args], capture_output=True, text=True, env=env,
                              timeout=120)

    ok = run("update", "--registry", REG, "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["outcome"] == "applied"
    minjust_server.faults.cut_half = True
    cut = run("update", "--registry", REG)
    assert cut.returncode == 7 and "quarantined" in cut.stderr
    minjust_server.faults.cut_half = False
    minjust_server.faults.fail = 100
    down = run("update", "--registry", REG)
    assert down.returncode == 6, down.stderr
    stats = json.loads(run("stats", "--json").stdout)
    state = next(r for r in stats["registries"] if r["registry"] == REG)
    assert state["last_error"] and state["last_confirmed_at"]


def test_update_from_the_xlsx_export(store: Store, minjust_server: MinjustServer, tmp_path: Path) -> None:
    minjust_server.exclude(REG, 3, on="05.10.2026", order="1700-р")
    path = tmp_path / "export.xlsx"
    path.write_bytes(minjust_server.export_xlsx(REG))
    result = update_registry(store, REG, file=path)
    assert [c.kind for c in result.changes] == ["excluded"]


def test_quarantined_version_can_be_inspected(new_db: Callable[[], Path | str], minjust_server: MinjustServer) -> None:
    env = dict(os.environ, PROSCRIBED_DB=str(new_db()), PROSCRIBED_MINJUST_URL=minjust_server.url,
               PROSCRIBED_MINJUST_RETRIES="0")

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "proscribed", *args], capture_output=True, env=env, timeout=120)

    minjust_server.faults.cut_half = True
    assert run("update", "--registry", REG).returncode == 7
    newest = json.loads(run("versions", "--json").stdout.splitlines()[0])
    assert newest["status"] == "quarantined" and "vanish" in newest["message"]
    payload = json.loads(run("versions", "--payload", str(newest["id"])).stdout)
    assert len(payload["values"]) == 209  # what the source sent, kept as fetched
    assert run("versions", "--payload", "99999").returncode == 3
