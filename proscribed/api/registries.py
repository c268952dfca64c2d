"""Registries and their entries as of a date; exports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from ..exports import FORMATS, MEDIA_TYPES, export_lines
from ..server.deps import store_dep
from ..service import views
from ..service.inputs import parse_date
from ..store import Store

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["registries"])


@router.get("/registries", summary="The registries, with legal basis and authorities")
def registries(store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return views.registries_list(store)


@router.get("/registries/{registry}", summary="A registry's entries as it stood on a date")
def registry(registry: str, as_of: str | None = Query(None, description="YYYY-MM-DD (default: today)."),
             store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.registry_page(store, registry, parse_date(as_of) if as_of else None)


@router.get("/exports/{fmt}", summary="Export every entity: ftm (FollowTheMoney), csv or jsonl",
            response_class=StreamingResponse)
def export(fmt: str, registry: str | None = Query(None, description="Only this registry."),
           store: Store = Depends(store_dep)) -> StreamingResponse:
    lines = list(export_lines(store, fmt, registry))  # built here: errors become JSON, not a cut stream
    name = f"proscribed{'-' + registry if registry else ''}.{'csv' if fmt == 'csv' else 'jsonl'}"
    return StreamingResponse(iter(lines), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


__doc__ += f" Export formats: {', '.join(FORMATS)}."
