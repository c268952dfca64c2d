"""What the yente-compatible routes share: dataset scopes, the one algorithm, timestamps, entity documents.

yente (the OpenSanctions API server) serves FollowTheMoney entities with
``first_seen``/``last_seen``/``last_change`` as UTC times to the second without a
zone; its datasets have FollowTheMoney names (``ru_undesirable``) and ``default``
is the collection of all of them. The registry ids (``ru-undesirable``) are kept
as aliases, so URLs written before the rename keep working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from followthemoney import model

from ..exc import InvalidInput, NotFound
from ..exports.ftm import dataset_name, ftm_dicts, registry_of_dataset
from ..model import Entity, Registry
from ..server.context import AppContext
from ..service.snapshot import Snapshot
from ..store import Store

__all__ = ["DEFAULT", "ALGORITHM", "ALGORITHM_DOCS", "TS_PATTERN", "Seen", "scope", "known_datasets", "wire_time",
           "seen_times", "entity_document", "document", "check_algorithm", "linked_members", "entity_or_group_document",
           "prepare", "build_documents"]

DEFAULT = "default"
ALGORITHM = "proscribed-screen"
# yente's pattern for changed_since (a date, optionally with hours, minutes, seconds), with the
# digits narrowed to real months, days and times.
TS_PATTERN = r"^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d)?)?)?$"
_DOCS_URL = "https://github.com/proscribed/proscribed/blob/main/docs/screening.md"
ALGORITHM_DOCS: dict[str, Any] = {
    "name": ALGORITHM,
    "description": "Best screening score of any query name against any name of the entity: scripts and "
                   "transliteration, Russian inflection, acronyms and brands, look-alike letters, fuzzy words.",
    "config": {},
    "features": {"name_match": {"description": "Screening score of the best pair of names.", "coefficient": 1.0,
                                "url": _DOCS_URL}},
}


def check_algorithm(name: str) -> None:
    """yente's rule: ``best`` or an algorithm's name (any case); anything else is refused with 400."""
    if name.strip().lower() not in ("best", ALGORITHM):
        raise InvalidInput(f"Invalid algorithm: {name}")


def known_datasets(known: Sequence[Registry]) -> dict[str, Registry]:
    """Dataset name → registry, in registry order (``known``: the store's registries, or the snapshot's)."""
    return {dataset_name(r.id): r for r in known}


def scope(known: Sequence[Registry], dataset: str) -> set[str]:
    """The registry ids a dataset name (or ``default``, or a registry id) covers; NotFound otherwise."""
    registries = [r.id for r in known]
    if dataset == DEFAULT:
        return set(registries)
    registry = registry_of_dataset(dataset)
    if registry in registries:
        return {registry}
    raise NotFound(f"No such dataset: {dataset!r}; use 'default' or one of "
                   f"{', '.join(dataset_name(r) for r in registries)}")


def wire_time(iso: str | None) -> str | None:
    """An ISO time (any zone) as yente writes it: UTC, to the second, no zone."""
    if iso is None:
        return None
    parsed = datetime.fromisoformat(iso)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Seen:
    """When our copy first and last saw an entity in a source, and when it last changed (yente's wire times)."""

    first_seen: str | None
    last_seen: str | None
    last_change: str | None


def _seen_times(store: Store, entities: list[Entity]) -> dict[str, Seen]:
    confirmed = {k: v.get("last_confirmed_at") for k, v in store.registry_states().items()}
    changed: dict[str, str] = {}
    for change in store.changes():
        if change.observed_at > changed.get(change.entity_id, ""):
            changed[change.entity_id] = change.observed_at
    out = {}
    for entity in entities:
        retrieved = [p.retrieved_at for d in entity.designations for p in d.provenance]
        # Still in the current content: seen at the last confirmation of each of its registries.
        last = retrieved + [c for c in (confirmed.get(d.registry) for d in entity.designations) if c]
        out[entity.id] = Seen(wire_time(min(retrieved, default=None)), wire_time(max(last, default=None)),
                              wire_time(changed.get(entity.id)))
    return out


def seen_times(ctx: AppContext) -> dict[str, Seen]:
    """Entity id → its times, computed once per snapshot of the data."""
    return _seen_of(ctx.store(), ctx.snapshot())


def _seen_of(store: Store, snap: Snapshot) -> dict[str, Seen]:
    found: dict[str, Seen] = snap.memo("yente_seen", float("inf"), lambda: _seen_times(store, snap.entities))
    return found


def entity_document(entity: Entity, registries: dict[str, Registry], seen: Seen, *,
                    nested: bool, members: Sequence[Entity] = ()) -> dict[str, Any]:
    """yente's entity document: the FtM entity with caption and times; ``nested``: its Sanctions inside.

    ``members``: the entries linked to ``entity`` as one organization (``entity`` first): one
    document with all their designations, the other entries' ids as ``referents`` (yente's
    word for the ids merged into an entity).
    """
    main, *sanctions = ftm_dicts(entity, registries, members)
    properties: dict[str, list[Any]] = dict(main["properties"])
    times = {"first_seen": seen.first_seen, "last_seen": seen.last_seen, "last_change": seen.last_change}
    if nested and sanctions:
        adjacent = []
        for data in sanctions:
            # The back-reference to this entity is left out inside it, as yente does.
            props = {k: v for k, v in data["properties"].items() if k != "entity"}
            adjacent.append({"id": data["id"], "caption": model.get_proxy(data).caption, "schema": data["schema"],
                             "properties": props, "datasets": data["datasets"], "referents": [], "target": False,
                             **times})
        properties["sanctions"] = adjacent
    referents = sorted(m.id for m in members if m.id != entity.id)
    return {"id": entity.id, "caption": entity.caption, "schema": main["schema"], "properties": properties,
            "datasets": main["datasets"], "referents": referents, "target": True, **times}


def linked_members(ctx: AppContext) -> dict[str, list[Entity]]:
    """Entity id → the entries of its linked group (the canonical one first), for the current data."""
    return _linked_of(ctx.store(), ctx.snapshot())


def _linked_of(store: Store, snap: Snapshot) -> dict[str, list[Entity]]:
    def build() -> dict[str, list[Entity]]:
        groups: dict[str, list[Entity]] = {}
        for k in store.links():  # by group, canonical entry first
            member = snap.by_id.get(k.entity_id)
            if member is not None:
                groups.setdefault(k.group, []).append(member)
        return {e.id: members for members in groups.values() if len(members) > 1 for e in members}

    found: dict[str, list[Entity]] = snap.memo("linked_members", float("inf"), build)
    return found


def prepare(store: Store, snap: Snapshot) -> None:
    """What these routes read from the store, read once for a new snapshot before it answers requests.

    The server runs it in a worker thread as it takes the snapshot: a request answered on
    the event loop (``AppContext.read``) then finds the times and groups built, and reads
    nothing from the store.
    """
    _seen_of(store, snap)
    _linked_of(store, snap)


def document(ctx: AppContext, entity: Entity, *, nested: bool, members: Sequence[Entity] = ()) -> dict[str, Any]:
    """:func:`entity_document` of the current data, built once per snapshot (matching asks for the
    same candidates again and again; FtM's cleaning of every value is the costly part).

    ``members``: the entries of ``entity``'s linked group (``entity`` first), for one document of them all.
    """
    return _document(ctx.store(), ctx.snapshot(), entity, nested=nested, members=members)


def _document(store: Store, snap: Snapshot, entity: Entity, *, nested: bool,
              members: Sequence[Entity] = ()) -> dict[str, Any]:
    cache: dict[tuple[str, bool, bool], dict[str, Any]] = snap.memo("yente_documents", float("inf"), dict)
    key = (entity.id, nested, bool(members))
    found = cache.get(key)
    if found is None:
        registries = {r.id: r for r in snap.registries}
        seen = _seen_of(store, snap).get(entity.id, Seen(None, None, None))
        found = cache[key] = entity_document(entity, registries, seen, nested=nested, members=members)
    return found


def entity_or_group_document(ctx: AppContext, entity: Entity, *, nested: bool) -> dict[str, Any]:
    """:func:`document` of ``entity``; for an entry linked to others as one organization, the group's
    (the id of its first entry, every designation, the other entries as ``referents``)."""
    return _group_document(ctx.store(), ctx.snapshot(), entity, nested=nested)


def _group_document(store: Store, snap: Snapshot, entity: Entity, *, nested: bool) -> dict[str, Any]:
    members = _linked_of(store, snap).get(entity.id)
    if members:
        return _document(store, snap, members[0], nested=nested, members=members)
    return _document(store, snap, entity, nested=nested)


def build_documents(store: Store, snap: Snapshot) -> None:
    """The document of every entity as ``/match`` answers it, built for a new snapshot before it is served.

    For a long-running server: FollowTheMoney's cleaning of every value costs about half a
    millisecond an entity (a second or two for all of them, and a few MB), paid once per
    content in the thread that takes the snapshot rather than by the first request that
    finds each entity.
    """
    for entity in snap.entities:
        _group_document(store, snap, entity, nested=False)
