"""Entity search with filters, entity detail, history."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from ..server.deps import context, store_dep
from ..service import queries, views
from ..store import Store
from .params import date_query, opt_date, registry_query

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["entities"])


_ID = Path(..., max_length=200, description="Entity id, e.g. ru-undesirable-001.")


@router.get("/entities", summary="Search entities by name, with filters")
def search(request: Request,
           q: str | None = Query(None, max_length=queries.MAX_NAME_LENGTH, description="A name, in any script."),
           registry: str | None = registry_query(),
           status: Literal["listed", "excluded", "vanished"] | None = Query(None),
           country: str | None = Query(None, max_length=200, description="Part of the country as written."),
           schema: Literal["organization", "person"] | None = Query(None),
           listed_from: str | None = date_query("Listed on or after (YYYY-MM-DD)."),
           listed_to: str | None = date_query("Listed on or before (YYYY-MM-DD)."),
           as_of: str | None = date_query("As the registries stood on this date."),
           limit: int = Query(20, ge=1, le=views.MAX_LIMIT), offset: int = Query(0, ge=0, le=1_000_000),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.search_entities(store, context(request).snapshot(), q, registry=registry, status=status,
                                country=country, schema=schema, listed_from=opt_date(listed_from),
                                listed_to=opt_date(listed_to), as_of=opt_date(as_of), limit=limit, offset=offset)


@router.get("/entities/{entity_id}", summary="All names, designations with provenance, timeline, history")
def entity(entity_id: str = _ID, as_of: str | None = date_query("Each designation's status on this date."),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.entity_page(store, entity_id, as_of=opt_date(as_of))


@router.get("/entities/{entity_id}/history", summary="Every state our copy held of an entity, and its changes")
def history(entity_id: str = _ID, store: Store = Depends(store_dep)) -> dict[str, Any]:
    return queries.history(store, entity_id)
