"""The questions users ask of the store, as plain functions every adapter calls.

Each returns JSON-ready data; the CLI, the API and the web pages only render it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from ..exc import InvalidInput, NotFound
from ..matching import PersonFacts, ScreeningIndex, screen
from ..matching.cache import load_index
from ..model import Change, Designation, Entity
from ..model.entry import entry_record
from ..registries import check_registry_id
from ..sources.loader import materialize
from ..store.base import Store
from .own_lists import full_screening_index
from .related import linked_groups, same_name_groups
from .wording import match_in_words

__all__ = [
    "diff",
    "changes_since",
    "history",
    "list_entries",
    "entity_detail",
    "stats",
    "screening_index",
    "check_names",
    "MAX_NAME_LENGTH",
]

MAX_NAME_LENGTH = 1000


def _known(store: Store, registry: str | None, known_as_of: str | None) -> Iterable[Entity]:
    """The current entities, or those our copy held at transaction time ``known_as_of``."""
    if known_as_of is None:
        return store.entities(registry)
    records = store.records_known_at(known_as_of).values()
    entities = materialize(r for r in records if registry is None or r["designations"][0]["registry"] == registry)
    return sorted(entities, key=lambda e: (str(e.designations[0].listed_on or ""), e.id))


def _designations(store: Store, registry: str | None,
                  known_as_of: str | None = None) -> Iterable[tuple[Entity, Designation]]:
    for entity in _known(store, registry, known_as_of):
        for d in entity.designations:
            if registry is None or d.registry == registry:
                yield entity, d


def list_entries(store: Store, registry: str, as_of: date | None = None,
                 known_as_of: str | None = None) -> list[dict[str, Any]]:
    """Entries of ``registry`` as it stood on ``as_of`` (default: now), in registry order.

    An entry is on the list on a date when it was listed on or before it and not
    excluded by then. Entries whose listing date the source does not give (most
    of the extremist and terrorist lists) are counted as listed on every date.
    """
    check_registry_id(registry)
    out = []
    for entity, d in _designations(store, registry, known_as_of):
        if as_of is None:
            if d.status != "listed":
                continue
        elif not d.active_on(as_of):
            continue
        out.append(entry_record(entity, d, as_of))
    return out


def entity_detail(store: Store, entity_id: str, known_as_of: str | None = None) -> Entity:
    if known_as_of is not None:
        record = store.records_known_at(known_as_of).get(entity_id)
        if record is None:
            raise NotFound(f"no entity with id {entity_id!r} was known at {known_as_of}")
        return materialize([record])[0]
    entity = store.entity(entity_id)
    if entity is None:
        raise NotFound(f"no entity with id {entity_id!r} (try: proscribed check NAME)")
    return entity


def stats(store: Store, as_of: date | None = None, known_as_of: str | None = None) -> dict[str, Any]:
    """Per registry: entries on the list, excluded so far, undated, additions per year, freshness."""
    out: dict[str, Any] = {"as_of": as_of.isoformat() if as_of else None, "known_as_of": known_as_of,
                           "registries": []}
    states = store.registry_states()
    for reg in store.registries():
        listed = excluded = undated = 0
        per_year: Counter[int] = Counter()
        decided: Counter[str] = Counter()  # entries with a decision date, by its basis
        aliases: Counter[str] = Counter()  # curated names and entries with one, verified or not
        last: date | None = None
        for entity, d in _designations(store, reg.id, known_as_of):
            if not d.listed_by(as_of):
                continue
            curated = [n for n in entity.names if n.source.startswith("curated:")]
            aliases["verified"] += sum(not n.unverified for n in curated)
            aliases["unverified"] += sum(n.unverified for n in curated)
            aliases["entries"] += any(not n.unverified for n in curated)
            basis = d.decision_date_basis()
            if basis is not None:
                decided[basis] += 1
            if d.listed_on is None:
                undated += 1
            else:
                per_year[d.listed_on.year] += 1
                last = max(last, d.listed_on) if last else d.listed_on
            day = as_of or date.max
            if d.excluded_on is not None and d.excluded_on <= day:
                excluded += 1
            elif as_of is None and d.status == "vanished":
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
            # The Prosecutor General's (or court's) decision date: from the registry, or from
            # public reports (stated or announced); the rest: "decision date not found".
            "with_decision_date": sum(decided.values()),
            "decision_date_share": round(sum(decided.values()) / total, 4) if (total := listed + excluded) else None,
            "decision_date_basis": {b: decided[b] for b in ("registry", "stated", "announced")},
            # Curated aliases with evidence tying them to the entry, and those without (docs/data.md, "Evidence").
            "with_verified_alias": aliases["entries"],
            "verified_alias_share": round(aliases["entries"] / total, 4) if total else None,
            "aliases": {"verified": aliases["verified"], "unverified": aliases["unverified"]},
            # Freshness: when the registry was last checked against its source and found current.
            "last_confirmed_at": states.get(reg.id, {}).get("last_confirmed_at"),
            "last_checked_at": states.get(reg.id, {}).get("last_checked_at"),
            "last_error": states.get(reg.id, {}).get("last_error"),
        })
    out["sources"] = [{"id": s["id"], "retrieved_at": s["retrieved_at"], "origin": s["origin"]}
                      for s in store.sources()]
    return out


def screening_index(store: Store) -> ScreeningIndex:
    return load_index(store)


def check_names(store: Store, names: list[str], *, threshold: float, as_of: date | None = None,
                limit: int = 5, known_as_of: str | None = None, birth_date: str | None = None,
                progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Screen each name against the registries and the own lists; one result object per name, in input order.

    ``birth_date`` (YYYY, YYYY-MM or YYYY-MM-DD) counts for or against persons;
    ``progress`` is called with the number of names done after each one.
    """
    try:
        facts = PersonFacts(birth_dates=(birth_date,)) if birth_date else None
    except ValueError as err:
        raise InvalidInput(str(err)) from None
    for name in names:
        if not name.strip():
            raise InvalidInput("empty name: give a name to screen")
        if len(name) > MAX_NAME_LENGTH:
            raise InvalidInput(f"name too long ({len(name)} characters; at most {MAX_NAME_LENGTH})")
    # Own lists have no history: a transaction-time answer screens the registries as they were known.
    index = (full_screening_index(store) if known_as_of is None
             else ScreeningIndex(list(_known(store, None, known_as_of))))
    links = store.links()
    results = []
    for done, name in enumerate(names, 1):
        matches = screen(index, name, threshold=threshold, as_of=as_of, limit=limit, facts=facts)
        if progress is not None:
            progress(done)
        results.append({
            "query": name,
            "matches": [
                {
                    **{k: v for k, v in entry_record(m.entity, m.designation, as_of).items()
                       if k in ("id", "registry", "name", "country", "listed_on", "excluded_on", "status")},
                    "score": m.score,
                    "matched_name": m.matched_name,
                    "explanation": m.explanation,
                    "how": match_in_words(m.explanation),
                }
                for m in matches
            ],
            # Results that are one organization on several lists (linked, with evidence), and
            # results that may be (sharing a name across lists, not linked).
            "linked": linked_groups([m.entity for m in matches], links),
            "same_name": same_name_groups([m.entity for m in matches], links),
        })
    return results


def _change_record(change: Change, entity: Entity | None) -> dict[str, Any]:
    out = change.to_dict()
    if entity is not None:
        d = entity.designations[0]
        out.update(name=entity.caption, listed_on=d.listed_on.isoformat() if d.listed_on else None,
                   listing_order=d.listing_order,
                   decision_date=d.decision_date.isoformat() if d.decision_date else None,
                   excluded_on=d.excluded_on.isoformat() if d.excluded_on else None,
                   exclusion_order=d.exclusion_order, status=d.status)
    return out


def _with_entities(store: Store, changes: list[Change]) -> list[dict[str, Any]]:
    cache: dict[str, Entity | None] = {}
    out = []
    for c in changes:
        if c.entity_id not in cache:
            cache[c.entity_id] = store.entity(c.entity_id)
        out.append(_change_record(c, cache[c.entity_id]))
    return out


def diff(store: Store, start: date, end: date, registry: str | None = None) -> list[dict[str, Any]]:
    """Changes whose valid date (listing, exclusion, or when seen) falls in [start, end]."""
    if end < start:
        raise InvalidInput(f"--to {end} is before --from {start}")
    if registry is not None:
        check_registry_id(registry)
    return _with_entities(store, store.changes(registry=registry, valid_from=start.isoformat(),
                                               valid_to=end.isoformat()))


def changes_since(store: Store, since: str, registry: str | None = None) -> list[dict[str, Any]]:
    """Changes our copy observed at or after ``since`` (transaction time)."""
    if registry is not None:
        check_registry_id(registry)
    found = store.changes(registry=registry, observed_since=since)
    return _with_entities(store, sorted(found, key=lambda c: (c.observed_at, c.id or 0)))


def history(store: Store, entity_id: str) -> dict[str, Any]:
    """Every state our copy held of an entity, and every change, with transaction times."""
    records = store.record_history(entity_id)
    if not records:
        raise NotFound(f"no entity with id {entity_id!r} (try: proscribed check NAME)")
    return {
        "id": entity_id,
        "records": records,
        "changes": [c.to_dict() for c in store.changes(entity_id=entity_id)],
    }
