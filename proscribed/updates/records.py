"""Turn the rows of a fetched registry table into entity records.

A live row carries fewer facts than our enriched records (no English names, no
order numbers from the old table for some rows). The previous record of the same
entity lends what the new row lacks, so an update never loses enrichment, and a
changed name is kept as a former name.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from ..sources.bundled import collapse, entity_id
from ..sources.dates import ru_date
from .validate import CONTROL, MAX_NAME

__all__ = ["records_from_rows", "ENRICHED_FIELDS"]

# Facts the live list may omit but an earlier source gave us.
ENRICHED_FIELDS = ("listed_on", "listing_order", "decision_date", "decision_number", "published_on", "legal_basis")


def _iso(value: str | None) -> str | None:
    try:
        d = ru_date(value)
    except ValueError:
        return None
    return d.isoformat() if d else None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    # Control characters become spaces: they carry nothing, and feeds (XML) cannot hold them.
    # Validation has already reported them, so a version with them is applied only when accepted.
    text = collapse(CONTROL.sub(" ", str(value)))
    return text or None


def _name(value: Any) -> str | None:
    # An over-long name is reported by validation; one applied anyway (accepted) is cut, so
    # that screening, which transliterates every name, cannot stall on it.
    text = _clean(value)
    return None if text is None else text[:MAX_NAME]


def _natural(caption: str, listed_on: str | None) -> tuple[str, str]:
    return collapse(caption).strip("«»\"").casefold(), listed_on or ""


def _excluded(row: dict[str, Any], excluded_on: str | None) -> bool:
    status = (row.get("status") or "").casefold()
    return excluded_on is not None or "исключ" in status


def _resolve_id(registry: str, row: dict[str, Any], caption: str, listed_on: str | None,
                by_number: dict[int, str], by_key: dict[tuple[str, str], str], by_caption: dict[str, str]) -> str:
    number = row.get("row")
    if registry == "ru-undesirable" and number and str(number).strip().isdigit():
        return f"ru-undesirable-{int(str(number).strip()):03d}"  # the official row number is the key
    if number and str(number).strip().isdigit() and int(str(number).strip()) in by_number:
        return by_number[int(str(number).strip())]
    found = by_key.get(_natural(caption, listed_on)) or by_caption.get(_natural(caption, None)[0])
    if found:
        return found
    return entity_id(registry, row.get("listed_on") or "", caption)


def records_from_rows(registry: str, rows: Sequence[dict[str, Any]], raw_records: Sequence[dict[str, Any]],
                      source: str, retrieved_at: str, previous: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Entity id → record for every row, merged with the previous record of that entity."""
    by_number: dict[int, str] = {}
    by_key: dict[tuple[str, str], str] = {}
    # A source that omits the listing date still names the entry: match on the name
    # alone when exactly one previous entry carries it.
    captions: dict[str, list[str]] = {}
    for eid, rec in previous.items():
        d = rec["designations"][0]
        if d.get("register_number"):
            by_number[int(d["register_number"])] = eid
        by_key[_natural(rec["caption"], d.get("listed_on"))] = eid
        captions.setdefault(_natural(rec["caption"], None)[0], []).append(eid)
    by_caption = {k: v[0] for k, v in captions.items() if len(v) == 1}
    out: dict[str, dict[str, Any]] = {}
    for row, raw in zip(rows, raw_records):
        caption = _name(row.get("name"))
        if caption is None:
            continue  # reported by validation ("no name"): never dropped without a word
        listed_on = _iso(row.get("listed_on"))
        excluded_on = _iso(row.get("excluded_on"))
        eid = _resolve_id(registry, row, caption, listed_on, by_number, by_key, by_caption)
        prev = previous.get(eid)
        designation: dict[str, Any] = {
            "registry": registry,
            "listed_on": listed_on,
            "listing_order": _clean(row.get("listing_order")),
            "decision_date": _iso(row.get("decision_date")),
            "excluded_on": excluded_on,
            "exclusion_order": _clean(row.get("exclusion_order")),
            "published_on": _iso(row.get("published_on")),
            "legal_basis": _clean(row.get("legal_basis")),
            "status": "excluded" if _excluded(row, excluded_on) else "listed",
        }
        number = row.get("row")
        if number and str(number).strip().isdigit():
            designation["row_number" if registry == "ru-undesirable" else "register_number"] = int(str(number).strip())
        names: list[dict[str, Any]] = []
        properties: dict[str, Any] = {}
        provenance = [{"source": source, "retrieved_at": retrieved_at, "raw": raw}]
        kind = (row.get("kind") or "").casefold()
        schema = "person" if "физическ" in kind else "organization"
        if prev is not None:
            pd = prev["designations"][0]
            for field in ENRICHED_FIELDS:
                if designation.get(field) is None and pd.get(field) is not None:
                    designation[field] = pd[field]
            for field in ("row_number", "register_number"):
                if field not in designation and pd.get(field) is not None:
                    designation[field] = pd[field]
            names = copy.deepcopy(prev.get("names", []))
            if collapse(prev["caption"]) != caption:
                names.append({"value": prev["caption"], "kind": "former", "source": source})
            properties = copy.deepcopy(prev.get("properties", {}))
            provenance += [p for p in pd.get("provenance", []) if p["source"] != source]
            if not kind:
                schema = prev["schema"]
        for field in ("inn", "ogrn", "snils", "address", "members", "registration_number"):
            value = _clean(row.get(field))
            if value:
                properties[field] = value
        if _iso(row.get("birth_date")):
            properties["birth_date"] = _iso(row.get("birth_date"))
        resources = [u for u in re.split(r"[;\s]+", row.get("resources") or "") if u]
        if resources:
            properties["resources"] = resources
        designation["provenance"] = provenance
        out[eid] = {"id": eid, "schema": schema, "caption": caption, "names": names,
                    "properties": properties, "designations": [designation]}
    return out
