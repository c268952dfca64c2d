"""Changes observed since a time, changes between two dates, statistics over time, Atom feeds."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from ..alerts.atom import Feed, atom_feed
from ..registries import check_registry_id, registry_ids
from ..server.deps import context, store_dep
from ..service import queries, views
from ..service.inputs import parse_date, parse_timestamp
from ..store import Store
from .params import date_query, opt_date, registry_query, timestamp_query

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["changes"])
_ATOM = "application/atom+xml; charset=utf-8"


@router.get("/changes", summary="Changes our copy observed since a time (transaction time), oldest first")
def changes(since: str = timestamp_query("YYYY-MM-DD or ISO date-time (UTC).", required=True),
            registry: str | None = registry_query(),
            limit: int = Query(1000, ge=1, le=10000, description="Changes per page."),
            offset: int = Query(0, ge=0, le=10**9, description="Changes to skip (next page: offset + limit)."),
            store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    found = queries.changes_since(store, parse_timestamp(since, end_of_day=False), registry)
    return found[offset:offset + limit]


@router.get("/diff", summary="Changes whose date falls between two dates (valid time)")
def diff(start: str = Query(..., alias="from", max_length=10, description="YYYY-MM-DD",
                            json_schema_extra={"format": "date"}),
         end: str = Query(..., alias="to", max_length=10, description="YYYY-MM-DD", json_schema_extra={"format": "date"}),
         registry: str | None = registry_query(), store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return queries.diff(store, parse_date(start), parse_date(end), registry)


@router.get("/stats", summary="Counts per registry, additions per year, freshness, sources")
def stats(as_of: str | None = date_query(), store: Store = Depends(store_dep)) -> dict[str, Any]:
    return queries.stats(store, opt_date(as_of))


@router.get("/stats/timeline", summary="Listings and exclusions per month or year, cumulative, per registry")
def timeline(request: Request, interval: Literal["month", "year"] = Query("month"),
             registry: str | None = registry_query(), start: str | None = date_query(alias="from"),
             end: str | None = date_query(alias="to"), store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.timeline(store, context(request).snapshot(), interval, registry, opt_date(start), opt_date(end))


_FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}, "description": "An Atom feed"},
    304: {"description": "Not modified since the ETag or date the client holds"},
}


def _http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(timezone.utc), usegmt=True)


def _feed_response(request: Request, feed: Feed) -> Response:
    """The feed, or 304 when the client's copy (If-None-Match, else If-Modified-Since) is current."""
    headers = {"ETag": feed.etag, "Last-Modified": _http_date(feed.updated), "Cache-Control": "no-cache"}
    if_none = request.headers.get("if-none-match")
    if if_none is not None:
        fresh = feed.etag in [t.strip() for t in if_none.split(",")] or if_none.strip() == "*"
    else:
        since = request.headers.get("if-modified-since")
        try:
            held = parsedate_to_datetime(since) if since else None
        except (TypeError, ValueError):
            held = None  # an unreadable date is ignored, as RFC 9110 says
        fresh = held is not None and held.tzinfo is not None and \
            datetime.fromisoformat(feed.updated).replace(microsecond=0) <= held
    if fresh:
        return Response(status_code=304, headers=headers)
    return Response(feed.body, media_type=_ATOM, headers=headers)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/feeds/{registry}.atom", summary="Atom feed of a registry's changes", response_class=Response,
            responses=_FEED_RESPONSES)
def registry_feed(request: Request,
                  registry: str = Path(..., max_length=100, json_schema_extra={"enum": list(registry_ids())}),
                  store: Store = Depends(store_dep)) -> Response:
    check_registry_id(registry)
    title = next(r.title_en for r in store.registries() if r.id == registry)
    found = queries.changes_since(store, "0000", registry)[-200:]
    base = _base(request)
    checked = store.registry_states().get(registry, {}).get("last_confirmed_at") or "1970-01-01T00:00:00+00:00"
    feed = atom_feed(f"registry:{registry}", f"Proscribed: changes to {title}", found,
                     self_url=f"{base}/api/feeds/{registry}.atom", page_url=f"{base}/registries/{registry}",
                     base_url=base, fallback=checked)
    return _feed_response(request, feed)


@router.get("/feeds/entities/{entity_id}.atom", summary="Atom feed of one entity's changes", response_class=Response,
            responses=_FEED_RESPONSES)
def entity_feed(request: Request, entity_id: str = Path(..., max_length=200),
                store: Store = Depends(store_dep)) -> Response:
    entity = queries.entity_detail(store, entity_id)
    found = [{**c.to_dict(), "name": entity.caption} for c in store.changes(entity_id=entity_id)]
    base = _base(request)
    feed = atom_feed(f"entity:{entity_id}", f"Proscribed: changes to {entity.caption}", found,
                     self_url=f"{base}/api/feeds/entities/{entity_id}.atom", page_url=f"{base}/entities/{entity_id}",
                     base_url=base, fallback="1970-01-01T00:00:00+00:00")
    return _feed_response(request, feed)
