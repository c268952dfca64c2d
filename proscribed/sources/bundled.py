"""Build the bundled dataset from the third-party registry snapshots.

The snapshots and their provenance are described in the source tree's
``../shared/data/registries/README.md``. This module turns them into one
JSON document: the registries' entries with every fact traced to the file,
the upstream repository and commit, the retrieval time and the raw record.
Building twice from the same files gives byte-identical output.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError
from ..model.entity import DECISION_EVIDENCE
from .court_decisions import COURT_DECISIONS, court_decisions, court_for, court_provenance
from .dates import parse_order, ru_date
from .entity_links import resolve_links

__all__ = ["SNAPSHOTS", "Snapshot", "build_dataset", "entity_id", "collapse"]

FORMAT = 1


@dataclass(frozen=True)
class Snapshot:
    id: str
    file: str
    sha256: str
    origin: str
    retrieved_at: str  # ISO; for mirrors without a fetch time, the upstream commit date
    note: str


SNAPSHOTS: tuple[Snapshot, ...] = (
    Snapshot(
        "itsalt-undesirable-2026-09-24",
        "ru_undesirable.itsalt-2026-09-24.json",
        "ea70a74a0e9dc7c79a40372d4b950e2586fa59069714629aa72b62a61e870d34",
        "ITSalt/ru-registries-mirror data/minjust_undesirable_orgs.json @ 67e8b95bb5dea93375c46f55d338e6dbbcc4c79c",
        "2026-09-24T01:18:06+00:00",
        "Parsed by the mirror from the official XLSX export of registry c2d1692e-a9f6-5a79-13ee-5da5b42980df.",
    ),
    Snapshot(
        "lem-undesirable-2026-07",
        "ru_undesirable.lem-2026-07.json",
        "f33e3440add19d53565bbb4a8483753ca17a54a9a810c2b38a2ded65c57f7ef4",
        "chekazoid/legal-entity-marks data/undesirable-orgs.json @ a8b6d7a0995f4adb31828fe7dcbe18fa984b2232",
        "2026-07-29T00:00:00+00:00",
        "Built by the plugin from the official REST API; aliases partly hand-curated by the plugin author (not official).",
    ),
    Snapshot(
        "fz255-undesirable-2024-08-27",
        "ru_undesirable.fz255-2024-08-27.html-table.json",
        "9cf2b0c4376b7eb0fd6d5e4cd3df67b310e363dd30e771063f7d69178c8358d1",
        "fz255/undesirable-organizations registry.json @ 03d1a453a6f2d2b67574304b92316d003aed5c5c",
        "2024-08-27T00:00:00+00:00",
        "Parsed from the old Ministry of Justice HTML table (minjust.gov.ru/ru/documents/7756/); keeps order numbers and Prosecutor General decisions.",
    ),
    Snapshot(
        "lem-foreign-agents-2026-07",
        "ru_foreign_agents.lem-2026-07.json",
        "11e23238be9e2d4c9e4e34a39ea3c5b9876fe992b20a717896b2e2974e8618df",
        "chekazoid/legal-entity-marks data/foreign-agents-raw.json @ 648a87a011282cda9d272056cc06699db3cd1a62",
        "2026-07-16T00:00:00+00:00",
        "Built by the plugin from the official REST API registry 39b95df9-9a68-6b6d-e1e3-e6388507067e.",
    ),
    Snapshot(
        "fz255-foreign-agents-2024-10-01",
        "ru_foreign_agents.fz255-2024-10-01.json",
        "3c727519ce7b776eef1d60b0c8069e10060df2ea6421917f77a1ab196073a5ad",
        "fz255/foreign-agents registry.json @ 7edfb4b90b0a05aa4358adda9ec30c0325a26764",
        "2024-10-01T00:00:00+00:00",
        "Parsed from the old Ministry of Justice HTML table, all columns.",
    ),
    Snapshot(
        "lem-extremist-2026-07",
        "ru_extremist.lem-2026-07.json",
        "1d7a22f9f52eb6b17bef64d3084f6891266d2f70120c3553c3a1fc1d8d5e8908",
        "chekazoid/legal-entity-marks data/extremist-orgs.json @ a8b6d7a0995f4adb31828fe7dcbe18fa984b2232",
        "2026-07-29T00:00:00+00:00",
        "Scraped from https://minjust.gov.ru/ru/documents/7822/; may keep stale entries; no exclusion data.",
    ),
    Snapshot(
        "lem-terrorist-2026-07",
        "ru_terrorist.lem-2026-07.json",
        "6393c30dce97b178106b100eef188cef43fbb5e75e7b97010191557665555aaa",
        "chekazoid/legal-entity-marks data/terrorist-orgs.json @ 648a87a011282cda9d272056cc06699db3cd1a62",
        "2026-07-16T00:00:00+00:00",
        "Scraped from http://www.fsb.ru/fsb/npd/terror.htm; may keep stale entries; no exclusion data.",
    ),
    Snapshot(
        "en-names-undesirable",
        "ru_undesirable_en_names.csv",
        "",
        "Proscribed team, compiled from English-language public sources (one source URL per row)",
        "2026-09-24T00:00:00+00:00",
        "English names for 169 undesirable organizations; joined on whitespace-collapsed name and inclusion date.",
    ),
)


DECISION_DATES = "resources/decision_dates.yml"
DECISIONS_COLLECTED_AT = "2026-12-06T00:00:00+00:00"  # when the reports were collected (eval/decisions)


def decision_dates() -> tuple[str, dict[int, dict[str, Any]]]:
    """The decision dates collected from public reports (row → entry), and the file's SHA-256.

    Built by scripts/collect_decision_dates.py (news pipeline + review, see eval/decisions/);
    each entry carries its evidence. Validated here: a row may appear once, with a date and basis.
    """
    data = resources.files("proscribed").joinpath(DECISION_DATES).read_bytes()
    doc = yaml.safe_load(data)
    out: dict[int, dict[str, Any]] = {}
    for entry in doc["entries"]:
        row = entry["row"]
        if row in out:
            raise DataError(f"{DECISION_DATES}: row {row} appears twice")
        if entry["decision_date_basis"] not in ("stated", "announced") or not entry["evidence"]:
            raise DataError(f"{DECISION_DATES}: row {row} lacks a basis or evidence")
        date.fromisoformat(entry["decision_date"])
        out[row] = entry
    return hashlib.sha256(data).hexdigest(), out


def _decision_provenance(entry: dict[str, Any], designation: dict[str, Any], name: str) -> dict[str, Any]:
    """The collected decision date as a sourced fact beside the registry's record, never over it.

    It fills ``decision_date`` only where the registry gives none (``applied``); where the
    registry (the older table) gives another date, both are kept and the note says so.
    """
    if not entry["key"].endswith("|" + name):
        raise DataError(f"{DECISION_DATES}: row {entry['row']} names another entry: {entry['key']!r}")
    official = designation.get("decision_date")
    applied = official is None
    note = entry["note"]
    if official is not None and official != entry["decision_date"]:
        note = (f"public reports give {entry['decision_date']} ({entry['decision_date_basis']}), "
                f"the registry's table {official}" + (f"; {note}" if note else ""))
    if applied:
        designation["decision_date"] = entry["decision_date"]
    raw = {**entry, "applied": applied, "note": note}
    return {"source": DECISION_EVIDENCE, "retrieved_at": DECISIONS_COLLECTED_AT, "raw": raw,
            **({"note": note} if note else {})}


def collapse(value: str) -> str:
    """Every whitespace run (NBSP included) to one space; ends stripped."""
    return re.sub(r"\s+", " ", value).strip()


def entity_id(registry: str, listed: str, name: str) -> str:
    """Deterministic id: a hash of the natural key, so re-imports are idempotent."""
    digest = hashlib.sha1(f"{registry}|{listed}|{collapse(name)}".encode()).hexdigest()[:10]
    return f"{registry}-{digest}"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _load(src: Path, snap: Snapshot) -> Any:
    path = src / snap.file
    if not path.is_file():
        raise DataError(f"snapshot file missing: {path}")
    data = path.read_bytes()
    if snap.sha256 and hashlib.sha256(data).hexdigest() != snap.sha256:
        raise DataError(f"{path}: sha256 differs from the recorded provenance")
    if path.suffix == ".csv":
        return list(csv.DictReader(data.decode("utf-8").splitlines()))
    return json.loads(data)


def _prov(snap: Snapshot, raw: dict[str, Any], note: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"source": snap.id, "retrieved_at": snap.retrieved_at, "raw": raw}
    if note:
        out["note"] = note
    return out


def _snap(sid: str) -> Snapshot:
    return next(s for s in SNAPSHOTS if s.id == sid)


def _undesirable(src: Path) -> list[dict[str, Any]]:
    itsalt = _snap("itsalt-undesirable-2026-09-24")
    lem, fz, en = _snap("lem-undesirable-2026-07"), _snap("fz255-undesirable-2024-08-27"), _snap("en-names-undesirable")
    rows = _load(src, itsalt)["entries"]
    lem_rows = _load(src, lem)
    fz_rows = {int(r["id"]): r for r in _load(src, fz)}
    en_rows: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in _load(src, en):
        en_rows.setdefault((collapse(r["registry_name"]), r["date_in"].strip()), []).append(r)
    collected = decision_dates()[1]
    out = []
    for i, row in enumerate(rows):
        number = int(row["id"].removeprefix("row-"))
        listed = ru_date(row["included_at"])
        names: list[dict[str, Any]] = []
        provenance = [_prov(itsalt, row)]
        designation: dict[str, Any] = {
            "registry": "ru-undesirable",
            "status": "excluded" if row.get("excluded_at") else "listed",
            "listed_on": _iso(listed),
            "excluded_on": _iso(ru_date(row.get("excluded_at"))),
            "row_number": number,
        }
        if i < len(lem_rows) and lem_rows[i]["dateIn"] == row["included_at"]:
            provenance.append(_prov(lem, lem_rows[i]))
            for alias in lem_rows[i].get("aliases", []):
                names.append({"value": alias, "kind": "weak", "source": lem.id})
        old = fz_rows.get(number)
        if old is not None and old["dateIn"] == row["included_at"]:
            provenance.append(_prov(fz, old))
            order, order_date = parse_order(old["decisionInMinjust"])
            if order_date is not None and order_date != listed:
                raise DataError(f"row {number}: order date {order_date} differs from listing date {listed}")
            decision_no, decision_date = parse_order(old["decisionInGenproc"])
            designation.update(listing_order=order, decision_number=decision_no, decision_date=_iso(decision_date))
            if collapse(old["fullName"]) != collapse(row["name"]):
                names.append({"value": collapse(old["fullName"]), "kind": "former", "source": fz.id})
        for r in en_rows.get((collapse(row["name"]), row["included_at"]), []):
            for value in r["english_names"].split("|"):
                names.append({"value": value.strip(), "kind": "translation", "lang": "en",
                              "source": en.id, "source_url": r["source_url"]})
            provenance.append(_prov(en, dict(r)))
        if number in collected:
            provenance.append(_decision_provenance(collected[number], designation, row["name"]))
        designation["provenance"] = provenance
        out.append({
            "id": f"ru-undesirable-{number:03d}",
            "schema": "organization",
            "caption": collapse(row["name"]),
            "names": names,
            "properties": {},
            "designations": [designation],
        })
    return out


def _fa_key(name: str, date_in: str) -> tuple[str, str]:
    return collapse(name).strip("«»\"").casefold(), date_in.strip()


def _foreign_agents(src: Path) -> list[dict[str, Any]]:
    lem, fz = _snap("lem-foreign-agents-2026-07"), _snap("fz255-foreign-agents-2024-10-01")
    old = {_fa_key(r["fullName"], r["dateIn"]): r for r in _load(src, fz)}
    out = []
    for row in _load(src, lem):
        provenance = [_prov(lem, row)]
        props: dict[str, Any] = {}
        designation: dict[str, Any] = {
            "registry": "ru-foreign-agents",
            "listed_on": _iso(ru_date(row["dateIn"])),
            "excluded_on": _iso(ru_date(row.get("dateOut"))),
        }
        match = old.get(_fa_key(row["name"], row["dateIn"]))
        if match is not None:
            provenance.append(_prov(fz, match))
            designation["register_number"] = int(match["id"])
            designation["legal_basis"] = match["law"].strip() or None
            designation["published_on"] = _iso(ru_date(match["datePubl"]))
            if match["dateOut"] and not designation["excluded_on"]:
                designation["excluded_on"] = _iso(ru_date(match["dateOut"]))
            for field, prop in (("dob", "birth_date"), ("ogrn", "ogrn"), ("inn", "inn"), ("regNum", "registration_number"),
                                ("snils", "snils"), ("address", "address"), ("members", "members")):
                value = collapse(match[field])
                if value:
                    props[prop] = _iso(ru_date(value)) if field == "dob" else value
            resources = [u.strip() for u in re.split(r"[;\s]+", match["resources"]) if u.strip()]
            if resources:
                props["resources"] = resources
        designation["status"] = "excluded" if designation["excluded_on"] else "listed"
        designation["provenance"] = provenance
        out.append({
            "id": entity_id("ru-foreign-agents", row["dateIn"], row["name"]),
            "schema": "person" if row.get("is_person") else "organization",
            "caption": collapse(row["name"]),
            "names": [{"value": a, "kind": "weak", "source": lem.id} for a in row.get("aliases", [])],
            "properties": props,
            "designations": [designation],
        })
    return out


# A court decision cited inside an extremist or terrorist entry's text:
# "(апелляционное определение ... Пятого апелляционного суда общей юрисдикции от 10.11.2020)".
_COURT = re.compile(r"\((?P<act>[^()]*?(?:решени|определени|постановлени)[^()]*?суд[^()]*?)\s+от\s+"
                    r"(?P<day>\d{2}\.\d{2}\.\d{4})\)", re.IGNORECASE)


def court_decision(text: str) -> tuple[str, date] | None:
    """The court act and its date when the registry's own text cites them, else None."""
    m = _COURT.search(text)
    if m is None:
        return None
    day = ru_date(m.group("day"))
    return (collapse(m.group("act")), day) if day is not None else None


def _scraped(src: Path, sid: str, registry: str) -> list[dict[str, Any]]:
    snap = _snap(sid)
    out = []
    for row in _load(src, snap):
        date_in = row.get("dateIn") or ""
        court = court_decision(row["name"])
        # Where the entry's text cites no court, the list's own court column (kept apart, see
        # sources/court_decisions.py) gives the court, the decision and the day it took effect.
        listed = court_for(registry, collapse(row["name"])) if court is None else None
        out.append({
            "id": entity_id(registry, date_in, row["name"]),
            "schema": "organization",
            "caption": collapse(row["name"]),
            "names": [{"value": a, "kind": "weak", "source": snap.id} for a in row.get("aliases", [])],
            "properties": {},
            "designations": [{
                "registry": registry,
                "status": "listed",
                "listed_on": _iso(ru_date(date_in)),
                "excluded_on": None,
                **({"decision_date": _iso(court[1]), "decision_authority": court[0]} if court else {}),
                **({"decision_date": listed[1]["decision_date"], "decision_authority": listed[1]["court"],
                    "decision_number": listed[1]["decision_number"]} if listed else {}),
                "provenance": [_prov(snap, row, "court decision read from the entry's text" if court else None)]
                + ([court_provenance(*listed)] if listed else []),
            }],
        })
    return out


def build_dataset(src: Path) -> dict[str, Any]:
    """The whole bundled dataset as one JSON-ready document."""
    entities = (
        _undesirable(src)
        + _foreign_agents(src)
        + _scraped(src, "lem-extremist-2026-07", "ru-extremist")
        + _scraped(src, "lem-terrorist-2026-07", "ru-terrorist")
    )
    ids = [e["id"] for e in entities]
    if len(ids) != len(set(ids)):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise DataError(f"duplicate entity ids: {dupes[:5]}")
    sources = []
    for snap in SNAPSHOTS:
        digest = hashlib.sha256((src / snap.file).read_bytes()).hexdigest()
        sources.append({"id": snap.id, "file": snap.file, "sha256": digest, "origin": snap.origin,
                        "retrieved_at": snap.retrieved_at, "note": snap.note})
    sources.append({"id": DECISION_EVIDENCE, "file": f"proscribed/{DECISION_DATES}", "sha256": decision_dates()[0],
                    "origin": "Public news reports of Prosecutor General decisions (eval/decisions/reports.jsonl), "
                              "run through the news pipeline and reviewed by scripts/collect_decision_dates.py",
                    "retrieved_at": DECISIONS_COLLECTED_AT,
                    "note": "Decision dates with their evidence (URL, publisher, publication date, quote, how obtained); "
                            "used only where the registry gives no decision date."})
    digest, courts = court_decisions()
    for lst in courts:
        sources.append({"id": lst["source"], "file": f"proscribed/{COURT_DECISIONS}", "sha256": digest,
                        "origin": f"{lst['origin']} ({lst['url']})", "retrieved_at": lst["retrieved_at"],
                        "note": f"The {lst['registry']} list's own court decisions, which the bundled snapshot "
                                "of the list did not keep; basis: registry."})
    return {"format": FORMAT, "sources": sources, "entities": entities,
            "links": resolve_links(entities)}
