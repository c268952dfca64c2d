"""Turn the bundled dataset (and curated aliases) into model entities."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..exc import DataError
from ..model import Designation, Entity, Name, Provenance
from ..text.countries import country_code
from ..text.names import (
    ParsedName,
    is_acronym,
    is_branch,
    member_names,
    parse_org_name,
    parse_person_name,
)
from ..text.normalize import norm, script_of
from .bundle import bundled_digest, bundled_document
from .curated import curated_names, natural_key

__all__ = ["bundled_document", "bundled_digest", "bundled_sets", "check_curated_keys", "entity_from_record",
           "materialize", "natural_key"]

def _lang(value: str, given: str | None) -> str | None:
    if given:
        return given
    script = script_of(value)
    if script == "Cyrl":
        return "uk" if any(c in value.casefold() for c in "іїєґ") else "ru"
    return None


class _Names:
    def __init__(self) -> None:
        self.items: list[Name] = []
        self._seen: set[str] = set()

    def add(self, value: str, kind: str, source: str, lang: str | None = None, weak: bool = False,
            unverified: bool = False) -> None:
        key = norm(value)
        if not key or key in self._seen:
            return
        self._seen.add(key)
        self.items.append(Name(value=value, kind=kind, lang=_lang(value, lang), script=script_of(value),  # type: ignore[arg-type]
                               source=source, weak=weak, unverified=unverified))

    def add_parsed(self, parsed: ParsedName, source: str, kind: str | None = None) -> None:
        for value, k in parsed.names:
            self.add(value, kind if kind and k != "acronym" else k, source)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _designation(d: dict[str, Any]) -> Designation:
    prov = tuple(
        Provenance(source=p["source"], retrieved_at=p["retrieved_at"], raw=p["raw"], note=p.get("note"))
        for p in d.get("provenance", [])
    )
    return Designation(
        registry=d["registry"],
        status=d["status"],
        listed_on=_date(d.get("listed_on")),
        listing_order=d.get("listing_order"),
        decision_date=_date(d.get("decision_date")),
        decision_number=d.get("decision_number"),
        decision_authority=d.get("decision_authority"),
        excluded_on=_date(d.get("excluded_on")),
        exclusion_order=d.get("exclusion_order"),
        published_on=_date(d.get("published_on")),
        legal_basis=d.get("legal_basis"),
        provenance=prov,
    )


def entity_from_record(rec: dict[str, Any], curated: dict[str, list[Any]] | None = None) -> Entity:
    """One record → an Entity with parsed, typed names."""
    designations = tuple(_designation(d) for d in rec["designations"])
    first = designations[0]
    caption: str = rec["caption"]
    names = _Names()
    source = first.provenance[0].source if first.provenance else "unknown"
    is_person = rec["schema"] == "person"
    parsed = parse_person_name(caption) if is_person else parse_org_name(caption)
    names.add_parsed(parsed, source)
    for extra in rec.get("names", []):
        value, kind = extra["value"], extra["kind"]
        if kind == "former" and not is_person:
            names.add_parsed(parse_org_name(value), extra["source"], kind="former")
        elif kind == "weak" and (country_code(value) or is_branch(caption)):
            # Mirrors' alias lists contain the seat country, and for a regional
            # branch the parent's name: neither names this entry.
            continue
        else:
            # The English-names file mixes full names and abbreviations in one column.
            kind = "acronym" if kind == "translation" and is_acronym(value) else kind
            names.add(value, kind, extra["source"], lang=extra.get("lang"))
    if not is_person:
        for person in member_names(caption):
            names.add(person, "member", source)
    for c in (curated or {}).get(natural_key(first.registry, first.listed_on, caption), []):
        names.add(c.value, c.kind, c.source, lang=c.lang, weak=c.weak, unverified=c.unverified)
    return Entity(
        id=rec["id"],
        schema=rec["schema"],
        caption=caption,
        names=tuple(names.items),
        designations=designations,
        country=parsed.country,
        properties=dict(rec.get("properties", {}), **({"country_code": parsed.country_code} if parsed.country_code else {})),
    )


def _curated_by_key() -> dict[str, list[Any]]:
    curated: dict[str, list[Any]] = {}
    for c in curated_names():
        curated.setdefault(c.key, []).append(c)
    return curated


def materialize(records: Iterable[dict[str, Any]]) -> list[Entity]:
    """Records → entities with parsed names and the curated aliases that point at them."""
    curated = _curated_by_key()
    return [entity_from_record(rec, curated) for rec in records]


def bundled_sets() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """Per registry of the bundle: (registry, source, retrieved_at, records)."""
    doc = bundled_document()
    sources = {s["id"]: s for s in doc["sources"]}
    per: dict[str, list[dict[str, Any]]] = {}
    for rec in doc["entities"]:
        per.setdefault(rec["designations"][0]["registry"], []).append(rec)
    out = []
    for registry, records in per.items():
        main = records[0]["designations"][0]["provenance"][0]["source"]
        unknown = {p["source"] for r in records for d in r["designations"] for p in d["provenance"]} - set(sources)
        if unknown:
            raise DataError(f"bundled records cite unknown sources {sorted(unknown)}")
        out.append((registry, f"bundle:{main}", sources[main]["retrieved_at"], records))
    return out


def check_curated_keys(records: Iterable[dict[str, Any]]) -> None:
    """Every curated alias must point at an entry that exists (a typo in a key would silently drop it)."""
    known = {natural_key(r["designations"][0]["registry"], _date(r["designations"][0].get("listed_on")), r["caption"])
             for r in records}
    missing = sorted(set(_curated_by_key()) - known)
    if missing:
        raise DataError(f"curated aliases point at unknown entries: {missing[:3]}")
