"""Entity search with filters, entity detail, history.

Search reads only the in-memory snapshot: it is answered on the event loop while the
snapshot needs no check against the store (``AppContext.read``), and encoded once
(``server/payload.py``).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from ..server.deps import context, store_dep
from ..server.payload import json_response
from ..service import queries, views
from ..store import Store
from .params import date_query, opt_date, registry_query

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["entities"])


_ID = Path(..., max_length=200, description="Entity id, e.g. ru-undesirable-001.")


@router.get("/entities", response_model=dict[str, Any], summary="Search entities by name, with filters")
async def search(request: Request,
                 q: str | None = Query(None, max_length=queries.MAX_NAME_LENGTH, description="A name, in any script."),
                 registry: str | None = registry_query(),
                 status: Literal["listed", "excluded", "vanished"] | None = Query(None),
                 country: str | None = Query(None, max_length=200, description="Part of the country as written."),
                 schema: Literal["organization", "person"] | None = Query(None),
                 listed_from: str | None = date_query("Listed on or after (YYYY-MM-DD)."),
                 listed_to: str | None = date_query("Listed on or before (YYYY-MM-DD)."),
                 as_of: str | None = date_query("As the registries stood on this date."),
                 limit: int = Query(20, ge=1, le=views.MAX_LIMIT),
                 offset: int = Query(0, ge=0, le=1_000_000)) -> Response:
    ctx = context(request)
    start, end, day = opt_date(listed_from), opt_date(listed_to), opt_date(as_of)
    # A name of at most 1,000 characters is screened in milliseconds: always light.
    answer = await ctx.read(lambda: views.search_entities(ctx.store(), ctx.snapshot(), q, registry=registry,
                                                          status=status, country=country, schema=schema,
                                                          listed_from=start, listed_to=end, as_of=day, limit=limit,
                                                          offset=offset), light=True)
    return json_response(answer)


@router.get("/entities/{entity_id}", summary="All names, designations with provenance, timeline, history")
def entity(entity_id: str = _ID, as_of: str | None = date_query("Each designation's status on this date."),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.entity_page(store, entity_id, as_of=opt_date(as_of))


@router.get("/entities/{entity_id}/history", summary="Every state our copy held of an entity, and its changes")
def history(entity_id: str = _ID, store: Store = Depends(store_dep)) -> dict[str, Any]:
    return queries.history(store, entity_id)
