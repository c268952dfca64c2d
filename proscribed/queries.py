"""The questions users ask of the store, as plain functions every adapter calls.

Each returns JSON-ready data; the CLI (and later the API and web pages) only
render it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from .exc import InvalidInput, NotFound
from .matching import ScreeningIndex, screen
from .matching.cache import load_index
from .model import Designation, Entity
from .store.base import Store

__all__ = [
    "parse_date",
    "check_registry",
    "entry_record",
    "list_entries",
    "entity_detail",
    "stats",
    "screening_index",
    "check_names",
    "MAX_NAME_LENGTH",
]

MAX_NAME_LENGTH = 1000


def parse_date(value: str) -> date:
    """An ISO date (YYYY-MM-DD), or InvalidInput naming the bad value."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"invalid date {value!r}: expected YYYY-MM-DD") from None


def check_registry(store: Store, registry: str) -> str:
    known = [r.id for r in store.registries()]
    if registry not in known:
        raise InvalidInput(f"unknown registry {registry!r}; known: {', '.join(known)}")
    return registry


def _status(d: Designation, as_of: date | None) -> str:
    if as_of is not None and d.excluded_on is not None and d.excluded_on > as_of:
        return "listed"
    return d.status


def entry_record(entity: Entity, d: Designation, as_of: date | None = None) -> dict[str, Any]:
    """One registry entry as published, with its designation facts."""
    return {
        "id": entity.id,
        "registry": d.registry,
        "name": entity.caption,
        "schema": entity.schema,
        "country": entity.country,
        "listed_on": d.listed_on.isoformat() if d.listed_on else None,
        "listing_order": d.listing_order,
        "decision_date": d.decision_date.isoformat() if d.decision_date else None,
        "decision_number": d.decision_number,
        "excluded_on": d.excluded_on.isoformat() if d.excluded_on else None,
        "status": _status(d, as_of),
    }


def _designations(store: Store, registry: str | None) -> Iterable[tuple[Entity, Designation]]:
    for entity in store.entities(registry):
        for d in entity.designations:
            if registry is None or d.registry == registry:
                yield entity, d


def list_entries(store: Store, registry: str, as_of: date | None = None) -> list[dict[str, Any]]:
    """Entries of ``registry`` as it stood on ``as_of`` (default: now), in registry order.

    An entry is on the list on a date when it was listed on or before it and not
    excluded by then. Entries whose listing date the source does not give (most
    of the extremist and terrorist lists) are counted as listed on every date.
    """
    check_registry(store, registry)
    out = []
    for entity, d in _designations(store, registry):
        if as_of is None:
            if d.status != "listed":
                continue
        elif not d.active_on(as_of):
            continue
        out.append(entry_record(entity, d, as_of))
    return out


def entity_detail(store: Store, entity_id: str) -> Entity:
    entity = store.entity(entity_id)
    if entity is None:
        raise NotFound(f"no entity with id {entity_id!r} (try: proscribed check NAME)")
    return entity


def stats(store: Store, as_of: date | None = None) -> dict[str, Any]:
    """Per registry: entries on the list, excluded so far, undated, additions per year."""
    out: dict[str, Any] = {"as_of": as_of.isoformat() if as_of else None, "registries": []}
    for reg in store.registries():
        listed = excluded = undated = 0
        per_year: Counter[int] = Counter()
        last: date | None = None
        for _entity, d in _designations(store, reg.id):
            if as_of is not None and d.listed_on is not None and d.listed_on > as_of:
                continue
            if d.listed_on is None:
                undated += 1
            else:
                per_year[d.listed_on.year] += 1
                last = max(last, d.listed_on) if last else d.listed_on
            day = as_of or date.max
            if d.excluded_on is not None and d.excluded_on <= day:
                excluded += 1
            else:
                listed += 1
        out["registries"].append({
            "registry": reg.id,
            "title": reg.title_en,
            "listed": listed,
            "excluded": excluded,
            "undated": undated,
            "last_listing": last.isoformat() if last else None,
            "additions_per_year": {str(y): per_year[y] for y in sorted(per_year)},
        })
    out["sources"] = [{"id": s["id"], "retrieved_at": s["retrieved_at"], "origin": s["origin"]}
                      for s in store.sources()]
    return out


def screening_index(store: Store) -> ScreeningIndex:
    return load_index(store, store.cache_path("index.pickle"))


def check_names(store: Store, names: list[str], *, threshold: float, as_of: date | None = None,
                limit: int = 5) -> list[dict[str, Any]]:
    """Screen each name; one result object per name, in input order."""
    for name in names:
        if not name.strip():
            raise InvalidInput("empty name: give a name to screen")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidInput(f"name too long ({len(name)} characters; at most {MAX_NAME_LENGTH})")
    index = screening_index(store)
    results = []
    for name in names:
        matches = screen(index, name, threshold=threshold, as_of=as_of, limit=limit)
        results.append({
            "query": name,
            "matches": [
                {
                    **{k: v for k, v in entry_record(m.entity, m.designation, as_of).items()
                       if k in ("id", "registry", "name", "listed_on", "status")},
                    "score": m.score,
                    "matched_name": m.matched_name,
                    "explanation": m.explanation,
                }
                for m in matches
            ],
        })
    return results
