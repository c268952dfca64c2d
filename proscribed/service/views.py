"""The data behind each page and its JSON twin: one function per view, two renderers.

Each function takes the store (and the in-memory snapshot of entities and their
screening index), calls the core, and returns JSON-ready dicts. The API routes
and ``show --json`` return them as they are; the web pages and the CLI render them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from datetime import date
from typing import Any, Literal

from ..exc import InvalidInput, NotFound
from ..matching import screen
from ..model import Designation, Entity, member_designations
from ..model.entry import entry_record
from ..registries import check_registry_id
from ..store import Store
from . import queries
from .events import entity_events
from .snapshot import Snapshot

__all__ = [
    "search_entities", "entity_page", "show_entity", "linked_group", "timeline", "home_page", "registry_page",
    "registries_list",
    "SEARCH_THRESHOLD", "MAX_LIMIT",
]

# Search is for browsing: looser than screening, so "Amnesty" finds "Amnesty International".
SEARCH_THRESHOLD = 0.5
MAX_LIMIT = 500
_STATUSES = ("listed", "excluded", "vanished")


def registries_list(store: Store) -> list[dict[str, Any]]:
    return [dict(r.__dict__) for r in store.registries()]


def _designation_for(entity: Entity, registry: str | None) -> Designation:
    if registry is not None:
        for d in entity.designations:
            if d.registry == registry:
                return d
    return entity.designations[0]


def _keep(entity: Entity, d: Designation, *, registry: str | None, status: str | None, country: str | None,
          schema: str | None, listed_from: date | None, listed_to: date | None, as_of: date | None) -> bool:
    if registry is not None and d.registry != registry:
        return False
    if schema is not None and entity.schema != schema:
        return False
    if country is not None and (entity.country is None or country.casefold() not in entity.country.casefold()):
        return False
    if not d.listed_by(as_of):
        return False
    if status is not None and d.status_on(as_of) != status:
        return False
    if listed_from is not None and (d.listed_on is None or d.listed_on < listed_from):
        return False
    if listed_to is not None and (d.listed_on is None or d.listed_on > listed_to):
        return False
    return True


def _name_blob(snap: Snapshot) -> tuple[str, list[int], list[tuple[Entity, str]]]:
    """Every case-folded name in one string (separated by NUL), with where each begins."""
    starts: list[int] = []
    owners: list[tuple[Entity, str]] = []
    parts: list[str] = []
    pos = 0
    for entity in snap.entities:
        for n in entity.names:
            folded = n.value.casefold()
            starts.append(pos)
            owners.append((entity, n.value))
            parts.append(folded)
            pos += len(folded) + 1
    return "\x00".join(parts), starts, owners


def _substring_hits(snap: Snapshot, needle: str) -> list[tuple[Entity, str]]:
    """Entities with a name containing ``needle``: str.find over one string (C speed), not a loop over names."""
    if not needle or "\x00" in needle:
        return []
    blob, starts, owners = snap.memo("name_blob", float("inf"), lambda: _name_blob(snap))
    out: list[tuple[Entity, str]] = []
    pos = blob.find(needle)
    while pos >= 0 and len(out) < 1000:
        i = bisect_right(starts, pos) - 1
        out.append(owners[i])
        # Skip to the next name: one hit per name is enough.
        nxt = starts[i + 1] if i + 1 < len(starts) else len(blob)
        pos = blob.find(needle, nxt)
    return out


def search_entities(store: Store, snap: Snapshot, q: str | None = None, *, registry: str | None = None,
                    status: str | None = None, country: str | None = None, schema: str | None = None,
                    listed_from: date | None = None, listed_to: date | None = None, as_of: date | None = None,
                    limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Entities whose names match ``q`` (screening, then plain substring), filtered; a page of them.

    Without ``q``: every entity passing the filters, in registry order.
    """
    if registry is not None:
        check_registry_id(registry)
    if status is not None and status not in _STATUSES:
        raise InvalidInput(f"unknown status {status!r}; expected one of {', '.join(_STATUSES)}")
    if schema is not None and schema not in ("organization", "person"):
        raise InvalidInput(f"unknown schema {schema!r}; expected organization or person")
    if listed_from is not None and listed_to is not None and listed_to < listed_from:
        raise InvalidInput(f"listed_to {listed_to} is before listed_from {listed_from}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be within [1, {MAX_LIMIT}], got {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must be at least 0, got {offset}")
    filters = dict(registry=registry, status=status, country=country, schema=schema, listed_from=listed_from,
                   listed_to=listed_to, as_of=as_of)
    hits: list[tuple[Entity, float | None, str | None]] = []
    if q is not None and q.strip():
        text = q.strip()
        if len(text) > queries.MAX_NAME_LENGTH:
            raise InvalidInput(f"query too long ({len(text)} characters; at most {queries.MAX_NAME_LENGTH})")
        seen: set[str] = set()
        for m in screen(snap.index, text, threshold=SEARCH_THRESHOLD, limit=200):
            hits.append((m.entity, m.score, m.matched_name))
            seen.add(m.entity.id)
        needle = text.casefold()
        for entity, name in _substring_hits(snap, needle):
            if entity.id not in seen:
                seen.add(entity.id)
                hits.append((entity, None, name))
        by_id = snap.by_id.get(needle) if snap.by_id else None
        if by_id is not None and by_id.id not in seen:
            hits.append((by_id, None, None))
    else:
        hits = [(e, None, None) for e in snap.entities]
    rows = []
    for entity, score, matched in hits:
        d = _designation_for(entity, registry)
        if not _keep(entity, d, **filters):  # type: ignore[arg-type]
            continue
        row = entry_record(entity, d, as_of)
        row["score"] = score
        row["matched_name"] = matched
        rows.append(row)
    return {
        "query": q, "filters": {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items()},
        "total": len(rows), "limit": limit, "offset": offset, "results": rows[offset:offset + limit],
    }


def _timeline_events(members: list[Entity], changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dated facts of every designation of ``members`` (the entity, and the entries linked to it)."""
    events: list[dict[str, Any]] = []
    for entity, d in member_designations(members):
        base = {"registry": d.registry, "entity_id": entity.id}
        if d.decision_date is not None:
            events.append({"date": d.decision_date.isoformat(), "kind": "decision", **base,
                           "detail": " ".join(x for x in (d.decision_authority, d.decision_number) if x) or None})
        if d.listed_on is not None:
            events.append({"date": d.listed_on.isoformat(), "kind": "listed", **base, "detail": d.listing_order})
        if d.published_on is not None:
            events.append({"date": d.published_on.isoformat(), "kind": "published", **base, "detail": None})
        if d.excluded_on is not None:
            events.append({"date": d.excluded_on.isoformat(), "kind": "excluded", **base,
                           "detail": d.exclusion_order})
    for c in changes:
        if c["kind"] in ("added", "excluded"):
            continue  # the designation's own dates say it, with the order
        what = f"{c['field']}: {c['old']!r} → {c['new']!r}" if c.get("field") else None
        events.append({"date": c["valid_on"], "kind": c["kind"], "registry": c["registry"],
                       "entity_id": c["entity_id"], "detail": what})
    return sorted(events, key=lambda e: (e["date"] or "", e["kind"]))


def _designations_on(entity: Entity, document: dict[str, Any], as_of: date) -> None:
    """Each designation's status on ``as_of`` (``not yet listed`` before its listing date)."""
    for d, out in zip(entity.designations, document["designations"], strict=True):
        out["status"] = d.status_on(as_of) if d.listed_by(as_of) else "not yet listed"


def linked_group(store: Store, entity: Entity) -> tuple[dict[str, Any] | None, list[Entity]]:
    """The group ``entity`` belongs to (its members, their relation and evidence) and its members' entities.

    Without a group: None and the entity alone. A member gone from the store is left out.
    """
    links = store.links()
    mine = next((k for k in links if k.entity_id == entity.id), None)
    if mine is None:
        return None, [entity]
    members: list[Entity] = []
    rows = []
    for k in links:
        if k.group != mine.group:
            continue
        member = entity if k.entity_id == entity.id else store.entity(k.entity_id)
        if member is None:
            continue
        members.append(member)
        rows.append({"id": member.id, "name": member.caption, "relation": k.relation, "canonical": k.position == 0,
                     "evidence": {"url": k.evidence_url, "quote": k.evidence_quote, "basis": k.basis,
                                  "source": k.source},
                     "designations": [entry_record(member, d) for d in member.designations]})
    return {"id": mine.group, "caption": mine.caption, "members": rows}, members


def entity_page(store: Store, entity_id: str, known_as_of: str | None = None,
                as_of: date | None = None) -> dict[str, Any]:
    """Everything about one entity: names, designations with provenance, timeline, history, sources.

    The one document of an entity: ``show --json``, ``GET /api/entities/{id}`` and the entity page.
    ``known_as_of``: the entity as our copy held it then (history and events stay whole).
    ``as_of``: each designation's status on that day, and the timeline up to it.
    """
    entity = queries.entity_detail(store, entity_id, known_as_of)
    hist = queries.history(store, entity_id)
    titles = {r.id: r.title_en for r in store.registries()}
    sources = {s["id"]: s for s in store.sources()}
    used = sorted({p.source for d in entity.designations for p in d.provenance})
    linked, members = linked_group(store, entity)
    document = entity.to_dict()
    events = _timeline_events(members, hist["changes"])
    if as_of is not None:
        _designations_on(entity, document, as_of)
        events = [e for e in events if e["date"] is None or e["date"] <= as_of.isoformat()]
    return {
        "entity": document,
        "as_of": as_of.isoformat() if as_of else None,
        "registries": {d.registry: titles.get(d.registry, d.registry) for e in members for d in e.designations},
        # One organization on several lists: every designation of the entries linked to this one.
        "linked": linked,
        "timeline": events,
        "changes": hist["changes"],
        "records": [{k: v for k, v in r.items() if k != "record"} for r in hist["records"]],
        "sources": [sources.get(s, {"id": s}) for s in used],
        "events": entity_events(store, entity_id),
    }


SHOW_LIMIT = 20  # entries a name may refer to that ``show NAME`` lists


def show_entity(store: Store, id_or_name: str, *, threshold: float, as_of: date | None = None,
                known_as_of: str | None = None) -> dict[str, Any]:
    """The page of an entity given by id, or by a name: its page when the name matches one entry
    (or only entries linked as one organization: the organization's page), else the entries it matches (with their current status), to choose from by id (never one
    picked silently).

    Returns:
        the ``entity_page`` document, or ``{"query", "matches", "same_name"}`` as ``check`` gives them.
    Raises:
        NotFound: neither an id nor a name matching an entry.
    """
    if store.entity(id_or_name) is not None or store.record_history(id_or_name):  # an id, current or past
        return entity_page(store, id_or_name, known_as_of, as_of)
    # Found whenever listed: --as-of then says what its status was on that day (maybe "not yet listed").
    found = queries.check_names(store, [id_or_name], threshold=threshold, limit=SHOW_LIMIT,
                                known_as_of=known_as_of)[0]
    if not found["matches"]:
        raise NotFound(f"no entity with id or name {id_or_name!r} (screening threshold {threshold:.2f}; "
                       "try: proscribed check NAME --threshold 0.3)")
    if len(found["matches"]) == 1:
        return entity_page(store, found["matches"][0]["id"], known_as_of, as_of)
    # Entries linked as one organization (Meduza: foreign agent, then undesirable) are one answer:
    # its page, which lists every entry with the evidence tying it to the organization.
    organization = _one_organization(store, {m["id"] for m in found["matches"]})
    if organization is not None:
        return entity_page(store, organization, known_as_of, as_of)
    return found


def _one_organization(store: Store, ids: set[str]) -> str | None:
    """The first entry of the linked group holding every one of ``ids``; None when they are not one group."""
    links = {k.entity_id: k for k in store.links()}
    groups = {links[i].group for i in ids if i in links}
    if len(groups) != 1 or not ids <= links.keys():
        return None
    return next(k.entity_id for k in links.values() if k.group in groups and k.position == 0)


Interval = Literal["month", "year"]


def timeline(store: Store, snap: Snapshot, interval: str = "month", registry: str | None = None,
             start: date | None = None, end: date | None = None) -> dict[str, Any]:
    """Listings (and exclusions) per month or year and the cumulative number listed, per registry.

    Entries without a listing date are counted in ``undated`` only.
    """
    if interval not in ("month", "year"):
        raise InvalidInput(f"unknown interval {interval!r}; expected month or year")
    if registry is not None:
        check_registry_id(registry)
    ids = [r.id for r in store.registries() if registry is None or r.id == registry]
    width = 7 if interval == "month" else 4
    added: dict[str, Counter[str]] = defaultdict(Counter)
    removed: dict[str, Counter[str]] = defaultdict(Counter)
    undated: Counter[str] = Counter()
    for entity in snap.entities:
        for d in entity.designations:
            if d.registry not in ids:
                continue
            if d.listed_on is None:
                undated[d.registry] += 1
                continue
            added[d.registry][d.listed_on.isoformat()[:width]] += 1
            if d.excluded_on is not None:
                removed[d.registry][d.excluded_on.isoformat()[:width]] += 1
    keys = sorted({k for c in (*added.values(), *removed.values()) for k in c})
    if keys:
        keys = _periods(keys[0], keys[-1], interval)
    if start is not None:
        keys = [k for k in keys if k >= start.isoformat()[:width]]
    if end is not None:
        keys = [k for k in keys if k <= end.isoformat()[:width]]
    series = []
    for rid in ids:
        total = sum(n for k, n in added[rid].items() if keys and k < keys[0]) \
            - sum(n for k, n in removed[rid].items() if keys and k < keys[0])
        listed, excluded, cumulative = [], [], []
        for k in keys:
            total += added[rid][k] - removed[rid][k]
            listed.append(added[rid][k])
            excluded.append(removed[rid][k])
            cumulative.append(total)
        series.append({"registry": rid, "listed": listed, "excluded": excluded, "cumulative": cumulative,
                       "undated": undated[rid]})
    return {"interval": interval, "periods": keys, "series": series}


def _periods(first: str, last: str, interval: str) -> list[str]:
    """Every period from ``first`` to ``last`` (inclusive), so gaps show as zero."""
    if interval == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def home_page(store: Store, snap: Snapshot, latest: int = 15) -> dict[str, Any]:
    """Counts and freshness per registry, the chart's series, the latest listings and changes.

    Kept for a minute per snapshot: only freshness can change without a new version.
    """
    built: dict[str, Any] = snap.memo(f"home:{latest}", 60.0, lambda: _home_page(store, snap, latest))
    return built


# The home chart spans the months holding this share of dated listings: a handful of early
# ones (an extremist entry of 2002) would otherwise stretch the axis over a decade of empty months.
CHART_SHARE = 0.99


def _chart_range(days: list[date]) -> dict[str, Any] | None:
    """Where the home chart starts, and the listings before it (counted in its totals), given
    the listing dates in ascending order; None when the chart starts with the first listing."""
    if not days:
        return None
    month = days[int(len(days) * (1 - CHART_SHARE))].replace(day=1)
    earlier = bisect_left(days, month)
    if earlier == 0:
        return None
    return {"start": month.isoformat()[:7], "earlier": earlier, "first": days[0].isoformat()}


def _home_page(store: Store, snap: Snapshot, latest: int) -> dict[str, Any]:
    summary = queries.stats(store)
    dated = [(d.listed_on, e, d) for e in snap.entities for d in e.designations if d.listed_on is not None]
    dated.sort(key=lambda t: (t[0], t[1].id), reverse=True)
    recent = [entry_record(e, d) for _, e, d in dated[:latest]]
    chart_range = _chart_range([day for day, _, _ in reversed(dated)])
    start = date.fromisoformat(chart_range["start"] + "-01") if chart_range else None
    observed = sorted(store.changes(), key=lambda c: (c.observed_at, c.id or 0), reverse=True)
    observed = [c for c in observed if c.kind != "added"][:latest]
    changes = [{**c.to_dict(), "name": snap.by_id[c.entity_id].caption if c.entity_id in snap.by_id else None}
               for c in observed]
    return {"stats": summary, "chart": timeline(store, snap, "month", start=start), "chart_range": chart_range,
            "latest_listings": recent, "latest_changes": changes}


def registry_page(store: Store, registry: str, as_of: date | None = None) -> dict[str, Any]:
    """One registry's facts and its entries as it stood on ``as_of`` (default: now)."""
    check_registry_id(registry)
    reg = next(r for r in store.registries() if r.id == registry)
    entries = queries.list_entries(store, registry, as_of)
    return {"registry": dict(reg.__dict__), "as_of": as_of.isoformat() if as_of else None,
            "total": len(entries), "entries": entries}


def find_entity(snap: Snapshot, entity_id: str) -> Entity:
    entity = snap.by_id.get(entity_id)
    if entity is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    return entity
