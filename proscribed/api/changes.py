"""Changes observed since a time, changes between two dates, statistics over time, Atom feeds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..alerts.atom import atom_feed
from ..model.clock import now_iso
from ..registries import check_registry_id
from ..server.deps import context, store_dep
from ..service import queries, views
from ..service.inputs import parse_date, parse_timestamp
from ..store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["changes"])
_ATOM = "application/atom+xml; charset=utf-8"


@router.get("/changes", summary="Changes our copy observed since a time (transaction time), oldest first")
def changes(since: str = Query(..., description="YYYY-MM-DD or ISO date-time (UTC)."),
            registry: str | None = Query(None),
            limit: int = Query(1000, ge=1, le=10000, description="Changes per page."),
            offset: int = Query(0, ge=0, description="Changes to skip (next page: offset + limit)."),
            store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    found = queries.changes_since(store, parse_timestamp(since, end_of_day=False), registry)
    return found[offset:offset + limit]


@router.get("/diff", summary="Changes whose date falls between two dates (valid time)")
def diff(start: str = Query(..., alias="from", description="YYYY-MM-DD"),
         end: str = Query(..., alias="to", description="YYYY-MM-DD"),
         registry: str | None = Query(None), store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return queries.diff(store, parse_date(start), parse_date(end), registry)


@router.get("/stats", summary="Counts per registry, additions per year, freshness, sources")
def stats(as_of: str | None = Query(None), store: Store = Depends(store_dep)) -> dict[str, Any]:
    return queries.stats(store, parse_date(as_of) if as_of else None)


@router.get("/stats/timeline", summary="Listings and exclusions per month or year, cumulative, per registry")
def timeline(request: Request, interval: str = Query("month", description="month or year"),
             registry: str | None = Query(None), start: str | None = Query(None, alias="from"),
             end: str | None = Query(None, alias="to"), store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.timeline(store, context(request).snapshot(), interval, registry,
                         parse_date(start) if start else None, parse_date(end) if end else None)


@router.get("/feeds/{registry}.atom", summary="Atom feed of a registry's changes", response_class=Response)
def registry_feed(registry: str, store: Store = Depends(store_dep)) -> Response:
    check_registry_id(registry)
    title = next(r.title_en for r in store.registries() if r.id == registry)
    found = queries.changes_since(store, "0000", registry)[-200:]
    body = atom_feed(f"registry:{registry}", f"Proscribed: changes to {title}", found, now_iso())
    return Response(body, media_type=_ATOM)


@router.get("/feeds/entities/{entity_id}.atom", summary="Atom feed of one entity's changes", response_class=Response)
def entity_feed(entity_id: str, store: Store = Depends(store_dep)) -> Response:
    entity = queries.entity_detail(store, entity_id)
    found = [{**c.to_dict(), "name": entity.caption} for c in store.changes(entity_id=entity_id)]
    body = atom_feed(f"entity:{entity_id}", f"Proscribed: changes to {entity.caption}", found, now_iso())
    return Response(body, media_type=_ATOM)
