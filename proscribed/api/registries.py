"""Registries and their entries as of a date; exports."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import StreamingResponse

from ..exports import FORMATS, MEDIA_TYPES, export_lines
from ..registries import registry_ids
from ..server.deps import store_dep
from ..service import views
from ..store import Store
from .params import date_query, opt_date, registry_query

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["registries"])


@router.get("/registries", summary="The registries, with legal basis and authorities")
def registries(store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return views.registries_list(store)


@router.get("/registries/{registry}", summary="A registry's entries as it stood on a date")
def registry(registry: str = Path(..., max_length=100, json_schema_extra={"enum": list(registry_ids())}),
             as_of: str | None = date_query("YYYY-MM-DD (default: today)."),
             store: Store = Depends(store_dep)) -> dict[str, Any]:
    return views.registry_page(store, registry, opt_date(as_of))


_EXPORT_CONTENT = {"text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}}}


@router.get("/exports/{fmt}", summary="Export every entity: ftm (FollowTheMoney), csv or jsonl",
            response_class=StreamingResponse, responses={200: {"content": _EXPORT_CONTENT}})
def export(fmt: Literal["ftm", "csv", "jsonl"], registry: str | None = registry_query("Only this registry."),
           store: Store = Depends(store_dep)) -> StreamingResponse:
    lines = list(export_lines(store, fmt, registry))  # built here: errors become JSON, not a cut stream
    name = f"proscribed{'-' + registry if registry else ''}.{'csv' if fmt == 'csv' else 'jsonl'}"
    return StreamingResponse(iter(lines), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


__doc__ += f" Export formats: {', '.join(FORMATS)}."
