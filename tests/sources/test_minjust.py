"""The official-source connector against a real local server speaking the same protocol."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from proscribed import exc
from proscribed.sources.minjust import (
    fetch_registry,
    make_client,
    official_registries,
    read_xlsx,
)
from tests.fixtures.minjust_server import UUIDS, MinjustServer

UNDESIRABLE_MAPPING = {
    "field_1_i": "row", "field_2_s": "listed_on", "field_3_s": "listing_order", "field_4_s": "decision_date",
    "field_5_s": "name", "field_6_s": "published_on", "field_7_s": "excluded_on", "field_8_s": "exclusion_order",
    "field_9_s": "cancelled_on", "field_10_s": "status",
}


def offsets(server: MinjustServer) -> list[int]:
    return [r.body["offset"] for r in server.values_requests()]


def test_full_fetch_of_the_undesirable_list(minjust_server: MinjustServer) -> None:
    table = fetch_registry("ru-undesirable")
    assert len(table.rows) == len(table.raw_records) == 418
    assert table.mapping == UNDESIRABLE_MAPPING and table.missing == []
    assert table.source == f"{minjust_server.url}/rest/registry/{UUIDS['ru-undesirable']}/values"
    assert table.title is not None and "нежелательной" in table.title
    assert [c["name"] for c in table.columns] == list(UNDESIRABLE_MAPPING)
    assert datetime.fromisoformat(table.retrieved_at).utcoffset() == timezone.utc.utcoffset(None)
    ned, amnesty = table.rows[0], table.rows[225]
    assert ned["row"] == "1" and ned["listed_on"] == "29.07.2015" and ned["listing_order"] == "1076-р"
    assert ned["decision_date"] == "28.07.2015" and ned["status"] == "Включена" and ned["excluded_on"] is None
    assert amnesty["name"] is not None and amnesty["name"].startswith("Amnesty International Ltd")
    assert amnesty["listed_on"] == "28.05.2025"
    assert table.raw_records[225]["field_5_s"] == amnesty["name"]
    doc = json.loads(table.payload)
    assert doc["values"] == table.raw_records and doc["info"]["columns"] == table.columns
    assert table.payload == json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()
    # One page of 500 covers 418 records; the row column is the sort key.
    assert offsets(minjust_server) == [0]
    body = minjust_server.values_requests()[0].body
    assert body["limit"] == 500 and body["sort"] == [{"property": "field_1_i", "direction": "asc"}]
    assert all(r.user_agent is not None and r.user_agent.startswith("proscribed/") for r in minjust_server.requests)


def test_paging_by_100_with_progress(minjust_server: MinjustServer, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = fetch_registry("ru-undesirable")
    minjust_server.requests.clear()
    monkeypatch.setenv("PROSCRIBED_MINJUST_PAGE_SIZE", "100")
    seen: list[tuple[int, int]] = []
    table = fetch_registry("ru-undesirable", progress=lambda done, total: seen.append((done, total)))
    assert offsets(minjust_server) == [0, 100, 200, 300, 400]
    assert seen == [(100, 418), (200, 418), (300, 418), (400, 418), (418, 418)]
    assert table.rows == whole.rows and table.payload == whole.payload


def test_foreign_agents_in_pages_of_the_server_cap(minjust_server: MinjustServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MINJUST_PAGE_SIZE", "5000")  # capped at 1000, like the server
    table = fetch_registry("ru-foreign-agents")
    assert len(table.rows) == 1226 and table.missing == []
    assert offsets(minjust_server) == [0, 1000]
    assert table.mapping["field_4_s"] == "listed_on" and "field_4_dt" not in table.mapping
    assert set(table.mapping.values()) >= {"name", "legal_basis", "kind", "inn", "ogrn", "birth_date", "resources"}
    ponomarev = next(r for r in table.rows if r["name"] == "Пономарев Лев Александрович")
    assert ponomarev["kind"] == "Физические лица" and ponomarev["birth_date"] == "02.09.1941"


def test_extremist_list(minjust_server: MinjustServer) -> None:
    table = fetch_registry("ru-extremist")
    assert len(table.rows) == 674 and table.missing == []
    assert set(table.mapping.values()) == {"row", "name", "court_decision"}


def test_renumbered_fields_still_map_by_title(minjust_server: MinjustServer) -> None:
    before = fetch_registry("ru-undesirable")
    minjust_server.renumber("ru-undesirable")
    after = fetch_registry("ru-undesirable")
    assert after.mapping["field_20_i"] == "row" and after.mapping["field_16_s"] == "name"
    assert sorted(after.mapping.values()) == sorted(before.mapping.values())
    assert after.rows == before.rows
    assert minjust_server.values_requests()[-1].body["sort"][0]["property"] == "field_20_i"


def test_short_page_is_not_the_end(minjust_server: MinjustServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MINJUST_PAGE_SIZE", "100")
    minjust_server.faults.short_pages = 1
    table = fetch_registry("ru-undesirable")
    assert len(table.rows) == 418 and [r["row"] for r in table.rows] == [str(i) for i in range(1, 419)]
    assert offsets(minjust_server) == [0, 50, 150, 250, 350]


def test_records_ending_before_the_announced_size(minjust_server: MinjustServer) -> None:
    minjust_server.faults.stop_at = 200
    with pytest.raises(exc.DataError, match="source returned 200 of 418 records"):
        fetch_registry("ru-undesirable")


def test_5xx_then_success(minjust_server: MinjustServer) -> None:
    minjust_server.faults.fail = 2  # /info twice; PROSCRIBED_MINJUST_RETRIES is 2
    assert len(fetch_registry("ru-undesirable", backoff=0.001).rows) == 418
    assert len(minjust_server.requests) == 4


def test_timeout_then_success(minjust_server: MinjustServer) -> None:
    minjust_server.faults.stall = 1  # 1.5 s against a 0.5 s timeout
    assert len(fetch_registry("ru-undesirable").rows) == 418
    assert [r.path.rsplit("/", 1)[1] for r in minjust_server.requests] == ["info", "info", "values"]


def test_persistent_5xx_is_source_unavailable(minjust_server: MinjustServer) -> None:
    minjust_server.faults.fail = 100
    with pytest.raises(exc.SourceUnavailable, match="HTTP 503 after 3 attempts"):
        fetch_registry("ru-undesirable")
    assert len(minjust_server.requests) == 3


def test_4xx_fails_at_once(minjust_server: MinjustServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_UUID_RU_UNDESIRABLE", "00000000-0000-0000-0000-000000000000")
    with pytest.raises(exc.DataError, match="HTTP 404"):
        fetch_registry("ru-undesirable")
    assert len(minjust_server.requests) == 1


def test_nobody_listening_is_source_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PROSCRIBED_MINJUST_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("PROSCRIBED_MINJUST_RETRIES", "1")
    with pytest.raises(exc.SourceUnavailable, match="connection failed"):
        fetch_registry("ru-undesirable", backoff=0.001)


def test_identical_data_gives_identical_payload(minjust_server: MinjustServer) -> None:
    first, second = fetch_registry("ru-undesirable"), fetch_registry("ru-undesirable")
    assert first.payload == second.payload
    minjust_server.exclude("ru-undesirable", 226, on="01.10.2026", order="1500-р")
    assert fetch_registry("ru-undesirable").payload != first.payload


def test_additions_and_an_exclusion(minjust_server: MinjustServer) -> None:
    minjust_server.add("ru-undesirable", "New Org One, Латвия", listed_on="01.10.2026", listing_order="1501-р")
    minjust_server.add("ru-undesirable", "New Org Two, Литва", listed_on="02.10.2026", decision_date="25.09.2026")
    minjust_server.exclude("ru-undesirable", 226, on="03.10.2026", order="1502-р")
    table = fetch_registry("ru-undesirable")
    assert len(table.rows) == 420
    assert table.rows[-1]["name"] == "New Org Two, Литва" and table.rows[-1]["decision_date"] == "25.09.2026"
    assert table.rows[-2]["row"] == "419" and table.rows[-2]["listing_order"] == "1501-р"
    amnesty = table.rows[225]
    assert (amnesty["status"], amnesty["excluded_on"], amnesty["exclusion_order"]) == ("Исключена", "03.10.2026", "1502-р")


def test_a_list_cut_by_half(minjust_server: MinjustServer) -> None:
    minjust_server.faults.cut_half = True
    assert len(fetch_registry("ru-undesirable").rows) == 209


@pytest.mark.parametrize(("drop", "retitle", "missing"), [
    ("listed_on", None, ["listed_on"]),
    (None, ("name", "Организация"), ["name"]),
])
def test_missing_required_column_is_reported(minjust_server: MinjustServer, drop: str | None,
                                             retitle: tuple[str, str] | None, missing: list[str]) -> None:
    if drop:
        minjust_server.drop_column("ru-undesirable", drop)
    if retitle:
        minjust_server.retitle("ru-undesirable", *retitle)
    table = fetch_registry("ru-undesirable")
    assert table.missing == missing and len(table.rows) == 418
    assert all(r[missing[0]] is None for r in table.rows)


def test_xlsx_export_gives_the_same_rows(minjust_server: MinjustServer, tmp_path: Path) -> None:
    fetched = fetch_registry("ru-undesirable")
    path = tmp_path / "export.xlsx"
    path.write_bytes(httpx.get(f"{minjust_server.url}/rest/registry/{UUIDS['ru-undesirable']}/export").content)
    table = read_xlsx(path, "ru-undesirable")
    assert table.rows == fetched.rows and table.missing == [] and table.title == fetched.title
    assert table.mapping["E"] == "name" and table.source == str(path)
    assert json.loads(table.payload)["info"]["exported_at"] == "2026-09-24 12:00"
    assert read_xlsx(path, "ru-undesirable").payload == table.payload


def test_xlsx_errors(tmp_path: Path) -> None:
    with pytest.raises(exc.InvalidInput):
        read_xlsx(tmp_path / "absent.xlsx", "ru-undesirable")
    (tmp_path / "bad.xlsx").write_text("not a workbook")
    with pytest.raises(exc.DataError):
        read_xlsx(tmp_path / "bad.xlsx", "ru-undesirable")


def test_proxy_setting_routes_requests(minjust_server: MinjustServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MINJUST_URL", "http://reestrs.minjust.invalid")
    monkeypatch.setenv("PROSCRIBED_MINJUST_PROXY", minjust_server.url)
    assert len(fetch_registry("ru-undesirable").rows) == 418
    assert minjust_server.requests and all(r.proxied for r in minjust_server.requests)


def test_ca_bundle_is_added_to_verification(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import certifi

    monkeypatch.setenv("PROSCRIBED_MINJUST_CA_BUNDLE", certifi.where())
    make_client().close()
    monkeypatch.setenv("PROSCRIBED_MINJUST_CA_BUNDLE", str(tmp_path / "absent.pem"))
    with pytest.raises(exc.InvalidInput):
        make_client()
    (tmp_path / "junk.pem").write_text("junk")
    monkeypatch.setenv("PROSCRIBED_MINJUST_CA_BUNDLE", str(tmp_path / "junk.pem"))
    with pytest.raises(exc.InvalidInput):
        make_client()


def test_registries_without_a_uuid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROSCRIBED_UUID_RU_TERRORIST", raising=False)
    assert official_registries() == ("ru-undesirable", "ru-foreign-agents", "ru-extremist")
    with pytest.raises(exc.InvalidInput):
        fetch_registry("ru-terrorist")
    with pytest.raises(exc.InvalidInput):
        fetch_registry("ru-nonesuch")


def test_source_unavailable_status_and_exit_code() -> None:
    assert (exc.SourceUnavailable.status, exc.SourceUnavailable.exit_code) == (503, 6)
