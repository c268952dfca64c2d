"""yente's read routes: ``/search/{dataset}``, ``/entities/{id}`` (JSON for programs), ``/catalog``,
``/algorithms``, ``/readyz``.

Search screens ``q`` as the web search does (any script, inflection, typos) and
applies yente's filters and facets to the entities found (every entity in scope
without ``q``). Options yente has that change nothing here are accepted and
documented in ``docs/api.md`` (``fuzzy``, ``simple``: screening always tolerates
variants).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from followthemoney import model
from followthemoney.types import registry as ftm_types

from ..exc import InvalidInput, NotFound
from ..exports.ftm import dataset_name, ftm_schema, registry_of_dataset
from ..matching import screen
from ..model import Entity
from ..server.deps import context, store_dep
from ..server.routing import ProgramRoute
from ..service.inputs import parse_timestamp
from ..service.views import SEARCH_THRESHOLD
from ..store import Store
from . import yente
from .schemas import (
    AlgorithmResponse,
    CatalogResponse,
    EntityResponse,
    ErrorResponse,
    SearchResponse,
    StatusResponse,
)

__all__ = ["router", "entity_router", "Facet", "MAX_PAGE", "MAX_OFFSET"]

router = APIRouter()
# Only /entities/{id} is shared with a web page: its route steps aside for browsers.
entity_router = APIRouter(route_class=ProgramRoute)

MAX_PAGE = 500  # yente's limits: a page, and how deep pages go
MAX_OFFSET = 9999 - MAX_PAGE
_SORTABLE = ("caption", "first_seen", "last_seen", "last_change")


class Facet(str, enum.Enum):
    DATASETS = "datasets"
    SCHEMA = "schema"
    COUNTRIES = "countries"
    IDENTIFIERS = "identifiers"
    TOPICS = "topics"
    GENDERS = "genders"


class Operator(str, enum.Enum):
    AND = "AND"
    OR = "OR"


_FACET_LABELS = {"datasets": "Data sources", "schema": "Entity types", "countries": "Countries",
                 "identifiers": "Identifiers", "topics": "Topics", "genders": "Genders"}
_ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorResponse, "description": "Invalid query"},
                                            404: {"model": ErrorResponse, "description": "No such dataset"}}


def _fields(document: dict[str, Any]) -> dict[str, set[str]]:
    """The indexed fields yente filters and facets on."""
    props = document["properties"]
    fields = {"datasets": set(document["datasets"]), "schema": {document["schema"]},
              "countries": set(props.get("country", [])), "topics": set(props.get("topics", [])),
              "identifiers": {v for p in ("innCode", "ogrnCode", "registrationNumber") for v in props.get(p, [])},
              "genders": set(props.get("gender", []))}
    for prop, values in props.items():
        fields[f"properties.{prop}"] = {v for v in values if isinstance(v, str)}
    return fields


def _facet_label(facet: str, value: str, titles: dict[str, str]) -> str:
    if facet == "countries":
        return str(ftm_types.country.names.get(value, value))
    if facet == "topics":
        return str(ftm_types.topic.names.get(value, value))
    if facet == "datasets":
        return titles.get(value, value)
    return value


def _sort_key(spec: str) -> tuple[Callable[[dict[str, Any]], str], bool]:
    name, _, direction = spec.partition(":")
    if name not in _SORTABLE or direction not in ("", "asc", "desc"):
        raise InvalidInput(f"Invalid sort: {spec!r}; sort on {', '.join(_SORTABLE)}, with :asc or :desc")
    return (lambda doc: doc.get(name) or ""), direction == "desc"


@router.get("/search/{dataset}", tags=["yente"], response_model=SearchResponse, response_model_by_alias=True,
            responses=_ERRORS, summary="Simple entity search (yente-compatible)")
def search(request: Request, dataset: str = Path(..., description="'default' or a dataset name."),
           q: str = Query("", max_length=1000, description="A name, in any script."),
           schema: str = Query("Thing", description="Only entities this schema can match."),
           include_dataset: list[str] = Query([]), exclude_dataset: list[str] = Query([]),
           exclude_schema: list[str] = Query([]),
           changed_since: str | None = Query(None, pattern=yente.TS_PATTERN),
           countries: list[str] = Query([]), topics: list[str] = Query([]), datasets: list[str] = Query([]),
           filter: list[str] = Query([], description="field:value, e.g. properties.innCode:7707083893"),
           limit: int = Query(10, ge=0, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
           sort: list[str] = Query([], description="caption, first_seen, last_seen or last_change, "
                                                   "with :asc or :desc"),
           target: bool | None = Query(None, deprecated=True),
           fuzzy: bool = Query(False, description="Accepted; screening always tolerates variants and typos."),
           simple: bool = Query(False, description="Accepted; the query is always a plain name."),
           facets: list[Facet] = Query([Facet.COUNTRIES, Facet.TOPICS, Facet.DATASETS]),
           filter_op: Operator = Query(Operator.OR, description="How several values of one filter combine."),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    ctx = context(request)
    in_scope = yente.scope(store.registries(), dataset)
    schema_obj = model.get(schema)
    if schema_obj is None:
        raise InvalidInput("Invalid schema")
    wanted: list[tuple[str, set[str]]] = [(f, set(v)) for f, v in
                                          (("countries", countries), ("topics", topics), ("datasets", datasets)) if v]
    for item in filter:
        field, sep, value = item.partition(":")
        if not sep:
            raise InvalidInput(f"Invalid filter: {item!r}")
        wanted.append((field, {value}))
    sorts = [_sort_key(s) for s in sort]
    snap = ctx.snapshot()
    if q.strip():
        found: list[Entity] = [m.entity for m in screen(snap.index, q.strip(), threshold=SEARCH_THRESHOLD,
                                                         limit=MAX_PAGE)]
        exact = snap.by_id.get(q.strip())
        if exact is not None and exact not in found:
            found.insert(0, exact)
    else:
        found = list(snap.entities)
    include = {registry_of_dataset(d) for d in include_dataset}
    exclude = {registry_of_dataset(d) for d in exclude_dataset}
    since = yente.wire_time(parse_timestamp(changed_since, end_of_day=False)) if changed_since else None
    registries = {r.id: r for r in store.registries()}
    documents = []
    for entity in found:
        regs = {d.registry for d in entity.designations}
        candidate = model.get(ftm_schema(entity))
        if not regs & in_scope or (include and not regs & include) or regs & exclude:
            continue
        if candidate is None or not candidate.is_a(schema_obj) or candidate.name in exclude_schema:
            continue
        doc = yente.document(ctx, entity, nested=False)
        if since is not None and (doc["last_change"] or "") < since:
            continue
        if target is not None and doc["target"] != target:
            continue
        fields = _fields(doc)
        match = all if filter_op is Operator.AND else any
        if all(match(v in fields.get(f, set()) for v in values) for f, values in wanted):
            documents.append((doc, fields))
    for key, reverse in reversed(sorts):
        documents.sort(key=lambda pair: key(pair[0]), reverse=reverse)
    titles = {dataset_name(k): r.title_en for k, r in registries.items()}
    facet_out = {}
    for facet in dict.fromkeys(f.value for f in facets):
        counts = Counter(v for _, fields in documents for v in fields[facet])
        facet_out[facet] = {"label": _FACET_LABELS[facet],
                            "values": [{"name": k, "label": _facet_label(facet, k, titles), "count": n}
                                       for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]}
    return {"limit": limit, "offset": offset, "total": {"value": len(documents), "relation": "eq"},
            "results": [doc for doc, _ in documents[offset:offset + limit]], "facets": facet_out}


@entity_router.get("/entities/{entity_id}", tags=["yente"], response_model=EntityResponse, response_model_by_alias=True,
            responses={404: {"model": ErrorResponse, "description": "No such entity"}},
            summary="An entity as yente serves it (JSON; a browser gets the page)")
def fetch_entity(request: Request, entity_id: str = Path(..., max_length=200),
                 nested: bool = Query(True, description="Include adjacent entities (its Sanctions).")
                 ) -> dict[str, Any]:
    """The FollowTheMoney entity with its Sanctions nested under ``sanctions`` (one per designation).

    An entry linked to others as one organization answers as ``/match`` does: the group, whose
    ``id`` is its first entry's and whose ``referents`` name the others (asked by any of them).
    """
    ctx = context(request)
    entity = ctx.snapshot().by_id.get(entity_id)
    if entity is None:
        raise NotFound(f"No such entity: {entity_id!r}")
    return yente.entity_or_group_document(ctx, entity, nested=nested)


@router.get("/catalog", tags=["yente"], response_model=CatalogResponse, summary="The datasets served")
def catalog(request: Request, store: Store = Depends(store_dep)) -> dict[str, Any]:
    """One dataset per registry and the ``default`` collection of all of them, as yente's catalog."""
    states = store.registry_states()
    entities = context(request).snapshot().entities
    counts = Counter(d.registry for e in entities for d in e.designations)
    datasets = []
    for name, reg in yente.known_datasets(store.registries()).items():
        state = states.get(reg.id, {})
        version = str(state.get("last_version")) if state.get("last_version") is not None else None
        datasets.append({
            "name": name, "title": reg.title_en, "summary": reg.legal_basis, "url": reg.source_url,
            "updated_at": yente.wire_time(state.get("last_confirmed_at")),
            "last_export": yente.wire_time(state.get("last_checked_at")),
            "entity_count": counts[reg.id], "thing_count": counts[reg.id], "version": version,
            "tags": ["list.ru"], "publisher": {"name": reg.listing_authority, "country": "ru", "official": True},
            "children": [], "load": True, "index_version": version, "index_current": True,
        })
    names = [d["name"] for d in datasets]
    total = len(entities)
    collection = {"name": yente.DEFAULT, "title": "All registries", "summary": "Every registry Proscribed keeps.",
                  "entity_count": total, "thing_count": total, "children": names, "load": False,
                  "index_current": True}
    return {"datasets": [collection, *datasets], "current": names, "outdated": [], "index_stale": False}


@router.get("/algorithms", tags=["yente"], response_model=AlgorithmResponse, summary="The matching algorithm")
def algorithms() -> dict[str, Any]:
    docs = yente.ALGORITHM_DOCS
    return {"algorithms": [{"name": docs["name"], "description": docs["description"], "features": docs["features"],
                            "docs": docs}], "default": "best", "best": yente.ALGORITHM}


@router.get("/readyz", tags=["yente"], response_model=StatusResponse,
            responses={503: {"model": ErrorResponse, "description": "The store is not readable"}},
            summary="Readiness: the store answers and the screening index is built")
def readyz(request: Request) -> dict[str, Any]:
    context(request).snapshot()  # a store problem raises StoreError (503)
    return {"status": "ok"}
