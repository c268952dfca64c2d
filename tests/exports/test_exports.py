"""Exports: FollowTheMoney of the whole store validates and loads back; CSV and JSON Lines; the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from followthemoney import model

from proscribed.exc import DataError
from proscribed.exports import export_lines
from proscribed.exports.ftm import load_ftm, validate_proxy
from proscribed.store import Store


@pytest.fixture(scope="module")
def ftm_text(store: Store) -> str:
    return "".join(export_lines(store, "ftm"))


def test_ftm_export_of_the_whole_store_validates_and_loads_back(store: Store, ftm_text: str) -> None:
    proxies = load_ftm(io.StringIO(ftm_text))
    entities = list(store.entities())
    main = [p for p in proxies if p.schema.name in ("Organization", "Person")]
    sanctions = [p for p in proxies if p.schema.name == "Sanction"]
    # The entries of a linked group are one target: every entry but the group's first is merged.
    merged = {k.entity_id for k in store.links() if k.position > 0}
    assert merged and len(main) == len(entities) - len(merged)
    assert len(sanctions) == sum(len(e.designations) for e in entities)
    # Loaded back through the library's own cleaning (each property with its format): nothing changes.
    changed = []
    for line in ftm_text.splitlines():
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        cleaned = proxy.to_dict()["properties"]
        changed += [(data["id"], k) for k, v in data["properties"].items() if sorted(cleaned.get(k, [])) != sorted(v)]
    assert changed == []


def test_a_linked_organization_is_one_target_with_a_sanction_per_designation(ftm_text: str) -> None:
    proxies = load_ftm(io.StringIO(ftm_text))
    targets = {p.id for p in proxies}
    assert "ru-foreign-agents-ce06cef221" in targets and "ru-undesirable-073" not in targets  # Meduza, 2021 first
    meduza = [p for p in proxies if p.schema.name == "Sanction" and p.get("entity") == ["ru-foreign-agents-ce06cef221"]]
    assert sorted(p.first("programId") for p in meduza) == ["ru-foreign-agents", "ru-undesirable"]
    assert sorted(p.first("listingDate") for p in meduza) == ["2021-04-23", "2023-02-07"]


def test_values_ftm_would_rewrite_are_written_clean(ftm_text: str) -> None:
    proxies = {p.id: p for p in load_ftm(io.StringIO(ftm_text))}
    # The source writes two spaces inside this name; FtM's name cleaning squashes them.
    assert "Партия «Альянс демократов и либералов за Европу" in proxies["ru-undesirable-209"].get("weakAlias")
    # An INN failing its checksum is not an innCode FtM would keep: it is kept as a note.
    agent = proxies["ru-foreign-agents-ce3eb4d612"]
    assert agent.get("innCode") == [] and "innCode: 772742973909" in agent.get("notes")


def test_topics_say_what_the_lists_are(ftm_text: str) -> None:
    topics: dict[str, set[str]] = {}
    for line in ftm_text.splitlines():
        data = json.loads(line)
        if data["schema"] != "Sanction":
            for ds in data["datasets"]:
                topics.setdefault(ds, set()).update(data["properties"].get("topics", []))
    assert "sanction" not in set().union(*topics.values())
    assert "sanction.counter" in topics["ru_foreign_agents"] and "sanction.counter" in topics["ru_undesirable"]
    assert "crime.terror" in topics["ru_terrorist"]


def test_dataset_names_pass_the_ftm_name_check(ftm_text: str) -> None:
    from followthemoney.dataset.util import dataset_name_check

    names = {ds for line in ftm_text.splitlines() for ds in json.loads(line)["datasets"]}
    assert names == {"ru_undesirable", "ru_foreign_agents", "ru_extremist", "ru_terrorist"}
    assert all(dataset_name_check(n) == n for n in names)


def test_sanction_facts(ftm_text: str) -> None:
    proxies = {p.id: p for p in load_ftm(io.StringIO(ftm_text))}
    org = proxies["ru-undesirable-001"]
    sanction = proxies["ru-undesirable-001-ru-undesirable-sanction"]
    assert sanction.get("entity") == [org.id]
    assert sanction.get("listingDate") == ["2015-07-29"]
    assert sanction.get("startDate") == ["2015-07-28"]  # the Prosecutor General's decision
    assert sanction.get("programId") == ["ru-undesirable"]
    assert "Ministry of Justice of the Russian Federation" in sanction.get("authority")
    assert sanction.get("sourceUrl")[0].startswith("https://reestrs.minjust.gov.ru/")
    amnesty = proxies["ru-undesirable-226"]
    assert "Amnesty International" in amnesty.get("alias")
    assert amnesty.get("country") == ["gb"]


def test_excluded_agent_has_an_end_date(ftm_text: str) -> None:
    ended = [json.loads(x) for x in ftm_text.splitlines() if '"endDate"' in x]
    assert ended and all(d["properties"]["status"] == ["excluded"] for d in ended)


def test_invalid_entity_is_an_error() -> None:
    with pytest.raises(DataError):
        validate_proxy({"id": "x", "schema": "Organization", "properties": {"birthDate": ["2020-01-01"]}})
    with pytest.raises(DataError):
        validate_proxy({"id": "x", "schema": "Sanction", "properties": {"listingDate": ["28.07.2015"]}})
    with pytest.raises(DataError):  # FtM would squash the spaces: a value it rewrites is an error too
        validate_proxy({"id": "x", "schema": "Organization", "properties": {"name": ["Radio  Liberty"]}})
    with pytest.raises(DataError):  # 772742973909 fails the INN checksum (the property's format)
        validate_proxy({"id": "x", "schema": "Organization", "properties": {"innCode": ["772742973909"]}})
    with pytest.raises(DataError):
        load_ftm(io.StringIO(json.dumps({"id": "s", "schema": "Sanction", "properties": {"entity": ["gone"]}})))


def test_csv_and_jsonl(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO("".join(export_lines(store, "csv", "ru-undesirable")))))
    assert len(rows) == 418
    assert rows[0]["listed_on"] and rows[0]["source_url"]
    lines = "".join(export_lines(store, "jsonl", "ru-extremist")).splitlines()
    assert len(lines) == 674 and json.loads(lines[0])["designations"]


def test_cli_export(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "terrorist.ftm.jsonl"
    r = run_cli("export", "--format", "ftm", "--registry", "ru-terrorist", "-o", str(out))
    assert r.returncode == 0, r.stderr
    with out.open(encoding="utf-8") as fh:
        assert len(load_ftm(fh)) == 2 * 74
    r = run_cli("export", "--format", "csv", "--registry", "ru-terrorist")
    assert r.returncode == 0 and r.stdout.decode("utf-8").startswith("id,registry,name")
    bad = run_cli("export", "--format", "csv", "--registry", "nope")
    assert bad.returncode == 2 and bad.stderr.startswith(b"error:")
