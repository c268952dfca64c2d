"""A source that sends what no registry holds: each case quarantines with a readable report.

Against the real local server that speaks the official protocol (``minjust_server``), on a
fresh store; the CLI runs in a subprocess where exit codes matter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from proscribed.exc import Quarantined, SourceUnavailable
from proscribed.matching import ScreeningIndex, screen
from proscribed.service.store import open_store
from proscribed.sources import minjust
from proscribed.sources.loader import materialize
from proscribed.store import Store
from proscribed.updates.run import accept_version, update_registry
from proscribed.updates.validate import MAX_NAME
from tests.fixtures.minjust_server import MinjustServer

REG = "ru-undesirable"


@pytest.fixture()
def store(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def _quarantined(store: Store) -> tuple[int, str]:
    with pytest.raises(Quarantined) as caught:
        update_registry(store, REG)
    newest = store.versions(REG)[0]
    assert newest.status == "quarantined" and newest.id is not None and newest.message
    assert f"--accept {newest.id}" in str(caught.value)
    return newest.id, newest.message


def test_a_ten_megabyte_name_is_quarantined_then_cut_when_accepted(store: Store,
                                                                   minjust_server: MinjustServer) -> None:
    update_registry(store, REG)
    before = store.current_records(REG)
    minjust_server.add(REG, "Фонд " + "А" * 10_000_000, listed_on="01.10.2026")
    vid, message = _quarantined(store)
    assert "name of 10,000,005 characters (at most 2,000)" in message and len(message) < 1000
    assert store.current_records(REG) == before
    result = accept_version(store, vid)
    assert result.outcome == "forced" and [c.kind for c in result.changes] == ["added"]
    added = store.entity(result.changes[0].entity_id)
    assert added is not None and len(added.caption) == MAX_NAME
    # Screening over the accepted entry answers (it used to stall transliterating 10 MB).
    index = ScreeningIndex(materialize([store.current_records(REG)[added.id]]))
    assert screen(index, "Фонд ААААА", threshold=0.0, limit=1)


def test_absurd_dates_and_a_missing_name_are_reported_by_row(store: Store, minjust_server: MinjustServer) -> None:
    update_registry(store, REG)
    rows = minjust_server.rows(REG)
    rows[4]["listed_on"] = "01.01.1800"
    rows[5]["excluded_on"] = "31.12.2999"
    rows[6]["decision_date"] = "32.13.2020"
    rows[7]["name"] = None
    minjust_server.set_rows(REG, rows)
    _vid, message = _quarantined(store)
    problems = message.split("; ")
    assert any(p.startswith("record 5 (№ 5)") and "listed_on 1800-01-01 is outside" in p for p in problems)
    assert any(p.startswith("record 6 (№ 6)") and "excluded_on 2999-12-31 is outside" in p for p in problems)
    assert any(p.startswith("record 7 (№ 7)") and "decision_date is not a DD.MM.YYYY date" in p for p in problems)
    assert any(p.startswith("record 8 (№ 8)") and p.endswith("no name") for p in problems)
    # Nothing vanished: the row without a name did not make its entry disappear.
    assert store.entity("ru-undesirable-008") is not None
    assert store.current_records(REG)["ru-undesirable-008"]["designations"][0]["status"] == "listed"


def test_control_characters_are_reported_and_never_reach_a_feed(new_db: Callable[[], Path | str],
                                                               minjust_server: MinjustServer,
                                                               tmp_path: Path) -> None:
    env = dict(os.environ, PROSCRIBED_DB=str(new_db()), PROSCRIBED_MINJUST_URL=minjust_server.url,
               PROSCRIBED_MINJUST_RETRIES="0")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "proscribed", *args], capture_output=True, text=True, env=env,
                              timeout=300)

    assert run("update", "--registry", REG).returncode == 0
    minjust_server.add(REG, "Foo\x07 Bar\x1b\x00 Fund", listed_on="01.10.2026")
    cut = run("update", "--registry", REG)
    assert cut.returncode == 7, cut.stderr
    vid = json.loads(run("versions", "--json").stdout.splitlines()[0])["id"]
    problems = run("versions", "--problems", str(vid))
    assert problems.stdout.splitlines() == ["record 419 (№ 419) (id " + minjust_server.rows(REG)[-1]["id"]
                                            + "): control characters in name"]
    accepted = run("update", "--accept", str(vid), "--json")
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout)["outcome"] == "forced"
    assert run("feeds", "--out", str(tmp_path)).returncode == 0
    feed = (tmp_path / f"{REG}.atom").read_text("utf-8")
    ET.fromstring(feed)  # well-formed XML
    assert "Foo Bar Fund" in feed


def test_a_repeated_record_quarantines_instead_of_failing_every_update(store: Store,
                                                                      minjust_server: MinjustServer) -> None:
    update_registry(store, REG)
    rows = minjust_server.rows(REG)
    minjust_server.set_rows(REG, [*rows, dict(rows[9])])
    vid, message = _quarantined(store)
    count = len(store.versions(REG))
    assert message.endswith(f"record 11 (№ 10) (id {rows[9]['id']}): repeats record 10")
    # The same payload fetched again is the same quarantined version, not a new one each time.
    again, _ = _quarantined(store)
    assert again == vid and len(store.versions(REG)) == count


def test_force_is_refused_and_accept_applies_the_inspected_version(new_db: Callable[[], Path | str],
                                                                  minjust_server: MinjustServer) -> None:
    env = dict(os.environ, PROSCRIBED_DB=str(new_db()), PROSCRIBED_MINJUST_URL=minjust_server.url,
               PROSCRIBED_MINJUST_RETRIES="0")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "proscribed", *args], capture_output=True, text=True, env=env,
                              timeout=300)

    assert run("update", "--registry", REG).returncode == 0
    rows = minjust_server.rows(REG)
    kept = rows[: len(rows) * 7 // 10]  # a 30 % shrink: over the 20 % limit
    minjust_server.set_rows(REG, kept)
    assert run("update", "--registry", REG).returncode == 7
    vid = json.loads(run("versions", "--json").stdout.splitlines()[0])["id"]
    minjust_server.set_rows(REG, [])  # what the source serves now: nothing
    forced = run("update", "--registry", REG, "--force")
    assert forced.returncode == 2 and "--accept" in forced.stderr
    accepted = run("update", "--accept", str(vid), "--json")
    assert accepted.returncode == 0, accepted.stderr
    summary = json.loads(accepted.stdout)
    assert summary["outcome"] == "forced" and summary["rows"] == len(kept)
    listed = run("list", "--registry", REG, "--json").stdout.splitlines()
    assert len(listed) == len(kept)  # the inspected 70 %, not the empty list served now
    assert {json.loads(x)["id"] for x in listed} == {f"ru-undesirable-{r['row']:03d}" for r in kept}
    again = run("update", "--accept", str(vid))
    assert again.returncode == 2 and "already accepted" in again.stderr
    assert run("update", "--accept", "99999").returncode == 3
    bundled = run("update", "--accept", "1")  # the bundled version: nothing to accept
    assert bundled.returncode == 2 and "not quarantined" in bundled.stderr


def test_going_back_to_an_earlier_list_is_a_change(store: Store, minjust_server: MinjustServer) -> None:
    first = update_registry(store, REG)
    original = minjust_server.rows(REG)
    stamp = minjust_server.registries[REG].last_modified
    added = minjust_server.add(REG, "Example Democracy Fund, США", listed_on="01.10.2026")
    second = update_registry(store, REG)
    assert [c.kind for c in second.changes] == ["added"]
    minjust_server.set_rows(REG, original)
    minjust_server.registries[REG].last_modified = stamp  # /info as it was: byte-identical to the first version
    back = update_registry(store, REG)
    assert store.versions(REG)[0].sha256 == store.versions(REG)[2].sha256
    assert back.outcome == "applied" and back.version_id not in (first.version_id, second.version_id)
    assert [c.kind for c in back.changes] == ["vanished"]
    gone = store.current_records(REG)[f"ru-undesirable-{added['row']:03d}"]
    assert gone["designations"][0]["status"] == "vanished"
    count = len(store.versions(REG))
    assert update_registry(store, REG).outcome == "unchanged" and len(store.versions(REG)) == count


class _Drip(BaseHTTPRequestHandler):
    """Answers every request one byte at a time, each well within the per-read timeout."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_dripping_source_hits_the_update_deadline(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("PROSCRIBED_MINJUST_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("PROSCRIBED_MINJUST_TIMEOUT", "1")
    monkeypatch.setenv("PROSCRIBED_MINJUST_RETRIES", "3")
    monkeypatch.setenv("PROSCRIBED_MINJUST_DEADLINE", "1.5")
    monkeypatch.setattr(minjust, "BACKOFF", 0.01)
    try:
        with pytest.raises(SourceUnavailable, match="PROSCRIBED_MINJUST_DEADLINE"):
            update_registry(store, REG)
    finally:
        server.shutdown()
        server.server_close()
    assert store.registry_states()[REG]["last_error"]
