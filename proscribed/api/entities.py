"""Entity search with filters, entity detail, history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ..server.deps import context, store_dep
from ..service import queries, views
from ..service.inputs import parse_date
from ..store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["entities"])


def _date(value: str | None) -> Any:
    return parse_date(value) if value else None


@router.get("/entities", summary="Search entities by name, with filters")
def search(request: Request,
           q: str | None = Query(None, max_length=queries.MAX_NAME_LENGTH, description="A name, in any script."),
           registry: str | None = Query(None, description="Registry id."),
           status: str | None = Query(None, description="listed, excluded or vanished."),
           country: str | None = Query(None, max_length=200, description="Part of the country as written."),
           schema: str | None = Query(None, description="organization or person."),
           listed_from: str | None = Query(None, description="Listed on or after (YYYY-MM-DD)."),
           listed_to: str | None = Query(None, description="Listed on or before (YYYY-MM-DD)."),
           as_of: str | None = Query(None, description="As the registries stood on this date."),
           limit: int = Query(20, ge=1, le=views.MAX_LIMIT), offset: int = Query(0, ge=0, le=1_000_000),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.search_entities(store, context(request).snapshot(), q, registry=registry, status=status,
                                country=country, schema=schema, listed_from=_date(listed_from),
                                listed_to=_date(listed_to), as_of=_date(as_of), limit=limit, offset=offset)


@router.get("/entities/{entity_id}", summary="All names, designations with provenance, timeline, history")
def entity(entity_id: str, store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.entity_page(store, entity_id)


@router.get("/entities/{entity_id}/history", summary="Every state our copy held of an entity, and its changes")
def history(entity_id: str, store: Store = Depends(store_dep)) -> dict[str, Any]:
    return queries.history(store, entity_id)
