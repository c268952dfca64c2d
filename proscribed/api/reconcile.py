"""The W3C Reconciliation Service API (version 0.2, the one OpenRefine speaks) over the registries.

``/reconcile/{dataset}`` answers the manifest; queries (``queries=``, JSON in a
form field or the query string) are screened exactly as ``/match`` screens them;
suggest, preview and data extension complete the protocol, so a column of names
in OpenRefine can be reconciled against the registries and extended with their
facts. Paths follow yente's. Scores are in [0, 100] as OpenRefine shows them;
``match`` is true from the screening threshold.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from followthemoney import model
from pydantic import BaseModel, Field, RootModel, ValidationError

from .. import __version__
from ..exc import InvalidInput, NotFound
from ..exports.ftm import ftm_schema
from ..matching import screen
from ..server.deps import context, store_dep
from ..service.views import SEARCH_THRESHOLD
from ..store import Store
from . import yente
from .match import Filters, match_queries
from .schemas import MAX_QUERIES, ErrorResponse, MatchRequest

__all__ = ["router", "TYPES", "EXTEND_PROPERTIES", "reconcile_queries", "extend_rows"]

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])

TYPES = ("LegalEntity", "Organization", "Person")
# The properties our entities carry, offered for data extension.
EXTEND_PROPERTIES = ("name", "alias", "previousName", "weakAlias", "abbreviation", "country", "innCode", "ogrnCode",
                     "registrationNumber", "birthDate", "address", "website", "topics", "program", "notes")
_DATASET = Path(..., description="'default' or a dataset name (ru_undesirable, ...).", max_length=100)
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse, "description": "Invalid query"},
                                            404: {"model": ErrorResponse, "description": "No such dataset"}}


class PropertyValue(BaseModel):
    pid: str
    v: Any


class ReconQuery(BaseModel):
    query: str = Field("", max_length=1000)
    type: str | list[str] | None = None
    limit: int = Field(5, ge=0, le=100)
    properties: list[PropertyValue] = Field(default_factory=list)
    type_strict: str | None = None


class ReconBatch(RootModel[dict[str, ReconQuery]]):
    pass


class ExtendProperty(BaseModel):
    id: str
    settings: dict[str, Any] = Field(default_factory=dict)


class ExtendQuery(BaseModel):
    ids: list[str]
    properties: list[ExtendProperty]


def _type(name: str) -> dict[str, str]:
    schema = model.get(name)
    return {"id": name, "name": schema.label if schema is not None else name}


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _manifest(request: Request, dataset: str, title: str) -> dict[str, Any]:
    base = _base(request)
    service = f"{base}/reconcile/{dataset}"
    return {
        "versions": ["0.2"],
        "name": f"Proscribed: {title}",
        "identifierSpace": f"{base}/entities/",
        "schemaSpace": "https://followthemoney.tech/explorer/schemata/",
        "documentation": "https://github.com/proscribed/proscribed/blob/main/docs/api.md",
        "serviceVersion": __version__,
        "view": {"url": f"{base}/entities/{{{{id}}}}"},
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 430, "height": 300},
        "batchSize": 10,
        "defaultTypes": [_type(t) for t in TYPES],
        "suggest": {
            "entity": {"service_url": service, "service_path": "/suggest/entity"},
            "type": {"service_url": service, "service_path": "/suggest/type"},
            "property": {"service_url": service, "service_path": "/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": "/extend/property"},
            "property_settings": [{"name": "limit", "label": "Limit", "type": "number", "default": 0,
                                   "help_text": "Values per row (0: all)."}],
        },
    }


def _property_name(schema: str, pid: str) -> str | None:
    """A query property id (``country`` or ``Organization:country``) as a property of ``schema``."""
    found = model.get_qname(pid) if ":" in pid else None
    name = found.name if found is not None else pid
    schema_obj = model.get(schema)
    return name if schema_obj is not None and schema_obj.get(name) is not None else None


def _values(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    # A value already reconciled elsewhere arrives as {"id", "name"}: its name is what we can compare.
    return [str(item.get("name") or item.get("id") or "") if isinstance(item, dict) else str(item)
            for item in items if item is not None]


def reconcile_queries(request: Request, dataset: str, raw: str) -> dict[str, Any]:
    """Screen a batch of reconciliation queries; results as the specification's result batch."""
    try:
        batch = ReconBatch.model_validate_json(raw).root
    except ValidationError as err:
        raise InvalidInput(f"invalid reconciliation queries: {err.errors()[0]['msg']}") from None
    if len(batch) > MAX_QUERIES:
        raise InvalidInput(f"Too many queries in one batch (limit: {MAX_QUERIES})")
    ctx = context(request)
    out: dict[str, Any] = {}
    for key, query in batch.items():
        types = [query.type] if isinstance(query.type, str) else (query.type or [])
        schema = query.type_strict or (types[0] if types else "LegalEntity")
        props: dict[str, list[str]] = {"name": [query.query]} if query.query.strip() else {}
        for item in query.properties:
            name = _property_name(schema, item.pid)
            if name is not None:
                props.setdefault(name, []).extend(_values(item.v))
        if not props.get("name") and not any(props.get(p) for p in ("firstName", "lastName")):
            out[key] = {"result": []}
            continue
        request_body = MatchRequest.model_validate({"queries": {"q": {"schema": schema, "properties": props}}})
        threshold = ctx.config.match_threshold
        answer = match_queries(ctx, request_body, dataset, limit=query.limit, threshold=threshold,
                               cutoff=min(threshold, 0.5), as_of=None, filters=Filters())
        results = []
        for r in answer["responses"]["q"]["results"]:
            results.append({"id": r["id"], "name": r["caption"], "score": round(r["score"] * 100, 1),
                            "match": r["match"],
                            "description": ", ".join(str(v) for v in r["properties"].get("program", [])),
                            "type": [_type(r["schema"])],
                            "features": [{"id": "name_match", "value": r["score"]}]})
        out[key] = {"result": results}
    return out


def extend_rows(request: Request, raw: str) -> dict[str, Any]:
    """Data extension: the requested properties of each entity, as the specification's response."""
    try:
        query = ExtendQuery.model_validate_json(raw)
    except ValidationError as err:
        raise InvalidInput(f"invalid extension request: {err.errors()[0]['msg']}") from None
    if len(query.ids) > MAX_QUERIES:
        raise InvalidInput(f"Too many ids in one batch (limit: {MAX_QUERIES})")
    ctx = context(request)
    snap = ctx.snapshot()
    meta: dict[str, dict[str, str]] = {}
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in query.ids:
        entity = snap.by_id.get(entity_id)
        row: dict[str, list[dict[str, str]]] = {}
        if entity is not None:
            props = yente.document(ctx, entity, nested=False)["properties"]
            schema = model.get(ftm_schema(entity))
            for wanted in query.properties:
                prop = schema.get(wanted.id) if schema is not None else None
                if prop is None:
                    continue
                meta.setdefault(wanted.id, {"id": wanted.id, "name": str(prop.label)})
                values = [str(v) for v in props.get(wanted.id, [])]
                limit = wanted.settings.get("limit")
                if isinstance(limit, int) and limit > 0:
                    values = values[:limit]
                row[wanted.id] = [{"str": v} for v in values]
        rows[entity_id] = row
    return {"meta": list(meta.values()), "rows": rows}


def _answer(request: Request, store: Store, dataset: str, queries: str | None, extend: str | None,
            response: Response) -> dict[str, Any]:
    yente.scope(store.registries(), dataset)  # 404 for an unknown dataset, before anything else
    if extend is not None and extend.strip():
        answer = extend_rows(request, extend)
        response.headers["x-batch-size"] = str(len(answer["rows"]))
        return answer
    if queries is not None and queries.strip():
        answer = reconcile_queries(request, dataset, queries)
        response.headers["x-batch-size"] = str(len(answer))
        return answer
    title = "all registries" if dataset == yente.DEFAULT else \
        next(r.title_en for name, r in yente.known_datasets(store.registries()).items()
             if name == dataset or r.id == dataset)
    return _manifest(request, dataset, title)


@router.get("/{dataset}", responses=_ERRORS, summary="Reconciliation: the manifest, or answers to queries=")
def reconcile_get(request: Request, response: Response, dataset: str = _DATASET,
                  queries: str | None = Query(None, max_length=1000,
                                              description="JSON reconciliation queries (a short batch; POST for "
                                                          "more, and for data extension)."),
                  store: Store = Depends(store_dep)) -> dict[str, Any]:
    return _answer(request, store, dataset, queries, None, response)


@router.post("/{dataset}", responses=_ERRORS, summary="Reconciliation queries or data extension (form fields)")
def reconcile_post(request: Request, response: Response, dataset: str = _DATASET,
                   queries: str | None = Form(None, max_length=100_000, description="JSON reconciliation queries."),
                   extend: str | None = Form(None, max_length=100_000, description="JSON data extension request."),
                   store: Store = Depends(store_dep)) -> dict[str, Any]:
    return _answer(request, store, dataset, queries, extend, response)


@router.get("/{dataset}/suggest/entity", responses=_ERRORS, summary="Reconciliation: suggest entities by name")
def suggest_entity(request: Request, dataset: str = _DATASET,
                   prefix: str = Query("", max_length=1000), limit: int = Query(10, ge=0, le=100),
                   store: Store = Depends(store_dep)) -> dict[str, Any]:
    in_scope = yente.scope(store.registries(), dataset)
    snap = context(request).snapshot()
    results = []
    if prefix.strip():
        for m in screen(snap.index, prefix.strip(), threshold=SEARCH_THRESHOLD, limit=max(limit, 10)):
            if any(d.registry in in_scope for d in m.entity.designations):
                results.append({"id": m.entity.id, "name": m.entity.caption,
                                "notable": [_type(ftm_schema(m.entity))]})
    return {"result": results[:limit]}


@router.get("/{dataset}/suggest/type", responses=_ERRORS, summary="Reconciliation: suggest types (schemata)")
def suggest_type(dataset: str = _DATASET, prefix: str = Query("", max_length=1000),
                 store: Store = Depends(store_dep)) -> dict[str, Any]:
    yente.scope(store.registries(), dataset)
    text = prefix.strip().lower()
    return {"result": [_type(t) for t in TYPES if text in t.lower() or text in _type(t)["name"].lower()]}


def _proposals(type_: str) -> list[dict[str, str]]:
    schema = model.get(type_)
    if schema is None:
        raise InvalidInput(f"unknown type {type_!r}; use one of {', '.join(TYPES)}")
    return [{"id": p, "name": str(schema.properties[p].label)} for p in EXTEND_PROPERTIES if p in schema.properties]


@router.get("/{dataset}/suggest/property", responses=_ERRORS, summary="Reconciliation: suggest properties")
def suggest_property(dataset: str = _DATASET, prefix: str = Query("", max_length=1000),
                     store: Store = Depends(store_dep)) -> dict[str, Any]:
    yente.scope(store.registries(), dataset)
    text = prefix.strip().lower()
    found: dict[str, dict[str, str]] = {}
    for t in ("Organization", "Person"):
        for p in _proposals(t):
            if text in p["id"].lower() or text in p["name"].lower():
                found.setdefault(p["id"], p)
    return {"result": list(found.values())}


@router.get("/{dataset}/extend/property", responses=_ERRORS, summary="Reconciliation: properties to extend with")
def propose_properties(dataset: str = _DATASET, type: str = Query("LegalEntity", max_length=100),
                       limit: int = Query(len(EXTEND_PROPERTIES), ge=0, le=100),
                       store: Store = Depends(store_dep)) -> dict[str, Any]:
    yente.scope(store.registries(), dataset)
    return {"type": type, "limit": limit, "properties": _proposals(type)[:limit]}


@router.get("/{dataset}/preview", response_class=HTMLResponse,
            responses={404: {"model": ErrorResponse, "description": "No such entity or dataset"}},
            summary="Reconciliation: a small HTML preview of an entity")
def preview(request: Request, dataset: str = _DATASET, id: str = Query(..., max_length=200),
            store: Store = Depends(store_dep)) -> HTMLResponse:
    yente.scope(store.registries(), dataset)
    entity = context(request).snapshot().by_id.get(id)
    if entity is None:
        raise NotFound(f"No such entity: {id!r}")
    registries = {r.id: r for r in store.registries()}
    items = "".join(f"<li>{html.escape(registries[d.registry].title_en if d.registry in registries else d.registry)}"
                    f": {html.escape(d.status)}"
                    f"{', listed ' + d.listed_on.isoformat() if d.listed_on else ''}</li>"
                    for d in entity.designations)
    body = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(entity.caption)}</title></head>"
            f"<body><h1>{html.escape(entity.caption)}</h1><p>{html.escape(entity.id)}</p><ul>{items}</ul>"
            f"</body></html>")
    return HTMLResponse(body)

