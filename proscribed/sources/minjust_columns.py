"""A fetched Ministry of Justice table, and its column titles mapped to canonical fields.

The rules live in ``resources/minjust_columns.yml`` (validated on load). The API and
the XLSX export share them and :func:`build_table`, so both give rows with the same keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError, InvalidInput

__all__ = [
    "ColumnRules",
    "FetchedTable",
    "build_table",
    "table_from_payload",
    "cell_text",
    "column_rules",
    "map_columns",
    "normalize_title",
    "row_from_record",
]

_FILE = "resources/minjust_columns.yml"


@dataclass(frozen=True)
class FetchedTable:
    """One registry as fetched from the official API or read from its XLSX export."""

    registry: str  # "ru-undesirable", ...
    source: str  # the URL fetched (.../rest/registry/<uuid>/values) or the file path
    retrieved_at: str  # ISO 8601 UTC, when the fetch finished
    title: str | None  # the registry's own title (/info, or XLSX cell A1)
    columns: list[dict[str, Any]]  # {name, title, hidden} as served; XLSX: name is the column letter
    mapping: dict[str, str]  # column name ("field_5_s") -> canonical field ("name")
    rows: list[dict[str, str | None]]  # one per record, keyed by every canonical field of the registry
    raw_records: list[dict[str, Any]]  # the records as served, same order as rows
    payload: bytes  # canonical JSON of {"info", "values"}: same data, same bytes
    missing: list[str]  # required canonical fields no column title mapped to


@dataclass(frozen=True)
class _Rule:
    field: str
    all: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]

    def matches(self, title: str) -> bool:
        return all(p.search(title) for p in self.all) and not any(p.search(title) for p in self.none)


@dataclass(frozen=True)
class ColumnRules:
    """The title rules of one registry."""

    registry: str
    rules: tuple[_Rule, ...]
    required: tuple[str, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        """Every canonical field of the registry, in rule order, without repeats."""
        return tuple(dict.fromkeys(r.field for r in self.rules))

    def field_for(self, title: str) -> str | None:
        norm = normalize_title(title)
        for rule in self.rules:
            if rule.matches(norm):
                return rule.field
        return None


def normalize_title(title: str) -> str:
    return re.sub(r"\s+", " ", title.replace("\u00a0", " ")).strip().lower().replace("ё", "е")


def _patterns(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{_FILE}: {where}: expected a list of regex strings")
    try:
        return tuple(re.compile(v) for v in value)
    except re.error as err:
        raise DataError(f"{_FILE}: {where}: bad regex: {err}") from None


def _validate(doc: Any) -> dict[str, ColumnRules]:
    if not isinstance(doc, dict):
        raise DataError(f"{_FILE}: expected a mapping of registry ids")
    out: dict[str, ColumnRules] = {}
    for registry, spec in doc.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("rules"), list):
            raise DataError(f"{_FILE}: {registry}: needs a 'rules' list")
        rules = []
        for i, r in enumerate(spec["rules"]):
            where = f"{registry} rule {i}"
            if not isinstance(r, dict) or not isinstance(r.get("field"), str) or not r.get("all"):
                raise DataError(f"{_FILE}: {where}: needs 'field' and a non-empty 'all'")
            rules.append(_Rule(r["field"], _patterns(r["all"], where), _patterns(r.get("none"), where)))
        required = spec.get("required") or []
        known = {r.field for r in rules}
        if not isinstance(required, list) or not set(required) <= known:
            raise DataError(f"{_FILE}: {registry}: 'required' must list fields that have rules")
        out[str(registry)] = ColumnRules(str(registry), tuple(rules), tuple(required))
    return out


@lru_cache(maxsize=1)
def _all_rules() -> dict[str, ColumnRules]:
    text = resources.files("proscribed").joinpath(_FILE).read_text("utf-8")
    try:
        return _validate(yaml.safe_load(text))
    except yaml.YAMLError as err:
        raise DataError(f"{_FILE}: invalid YAML: {err}") from None


def column_rules(registry: str) -> ColumnRules:
    rules = _all_rules().get(registry)
    if rules is None:
        raise InvalidInput(f"no column rules for registry {registry!r}")
    return rules


def map_columns(registry: str, columns: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """Map served columns (``{name, title, hidden}``) to canonical fields by title.

    Returns:
        ``(mapping, missing)``: column name -> canonical field, in column order (one
        column per field: the first that matches, ``_dt`` copies only when no other
        column matched), and the required fields no column mapped to.
    """
    rules = column_rules(registry)
    # The API also serves date-time copies (field_4_dt) of some date fields; the
    # DD.MM.YYYY string column is the one every other source uses, so it goes first.
    ordered = sorted(columns, key=lambda c: str(c.get("name", "")).endswith("_dt"))
    chosen: dict[str, str] = {}
    for col in ordered:
        name, title = col.get("name"), col.get("title")
        if not isinstance(name, str) or not isinstance(title, str):
            continue
        field = rules.field_for(title)
        if field is not None and field not in chosen.values():
            chosen[name] = field
    order = [str(c.get("name")) for c in columns]
    mapping = {n: chosen[n] for n in order if n in chosen}
    missing = [f for f in rules.required if f not in mapping.values()]
    return mapping, missing


def cell_text(value: Any) -> str | None:
    """A served value as text: numbers without ``.0``, dates as DD.MM.YYYY, blanks as None.

    Inner whitespace (double spaces, NBSP) is kept: names are published that way and
    the raw string is evidence. Only the ends are trimmed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        parts = [t for t in (cell_text(v) for v in value) if t is not None]
        return "; ".join(parts) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value).strip()
    return text or None


def row_from_record(record: Mapping[str, Any], mapping: Mapping[str, str], fields: Iterable[str]) -> dict[str, str | None]:
    """One record keyed by canonical field; every field of the registry is present."""
    row: dict[str, str | None] = dict.fromkeys(fields)
    for name, field in mapping.items():
        row[field] = cell_text(record.get(name))
    return row


def canonical_payload(info: Mapping[str, Any], records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"info": info, "values": records}, sort_keys=True, ensure_ascii=False).encode("utf-8")


def build_table(registry: str, *, source: str, title: str | None, columns: list[dict[str, Any]],
                records: list[dict[str, Any]], info: Mapping[str, Any]) -> FetchedTable:
    """Map the columns and build the rows and payload; ``info`` is what the payload records."""
    rules = column_rules(registry)
    mapping, missing = map_columns(registry, columns)
    return FetchedTable(
        registry=registry,
        source=source,
        retrieved_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        title=title,
        columns=columns,
        mapping=mapping,
        rows=[row_from_record(r, mapping, rules.fields) for r in records],
        raw_records=records,
        payload=canonical_payload(info, records),
        missing=missing,
    )


def table_from_payload(registry: str, payload: bytes, *, source: str, retrieved_at: str) -> FetchedTable:
    """The table a stored payload was built from (to apply a quarantined version exactly as fetched).

    Raises:
        DataError: the payload is not the canonical ``{"info", "values"}`` JSON, or its
            bytes would not round-trip (then it is not the payload that was inspected).
    """
    try:
        doc = json.loads(payload)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands of levels deep
        raise DataError(f"{registry}: the stored payload is not JSON") from None
    info = doc.get("info") if isinstance(doc, dict) else None
    records = doc.get("values") if isinstance(doc, dict) else None
    columns = info.get("columns") if isinstance(info, dict) else None
    if not isinstance(info, dict) or not isinstance(records, list) or not isinstance(columns, list) \
            or not all(isinstance(r, dict) for r in records) or not all(isinstance(c, dict) for c in columns):
        raise DataError(f"{registry}: the stored payload is not a fetched table ({{'info', 'values'}})")
    title = info.get("title")
    table = build_table(registry, source=source, title=title if isinstance(title, str) else None,
                        columns=columns, records=records, info=info)
    if table.payload != payload:
        raise DataError(f"{registry}: the stored payload does not rebuild to the same bytes")
    return replace(table, retrieved_at=retrieved_at)
