"""``POST /match/{dataset}``: the OpenSanctions (yente 5) matching API over our registries.

A yente client sends ``{"queries": {key: {"schema", "properties"}}}`` and reads
``{"responses": {key: {"results": [...]}}}``; each result is a FollowTheMoney
entity (Organization, Person) with ``score``, ``match`` and ``explanations``. A
query is read as yente reads it: with FollowTheMoney's cleaning (``Russia`` →
``ru``), properties its schema lacks ignored. Names come from the
``name``/``alias``/``previousName``/``weakAlias`` properties, or are built from
``firstName``/``middleName``/``fatherName``/``lastName``; every name is screened
and an entity keeps its best score. Status codes follow yente's: 400 for an empty
batch, an unknown schema or algorithm, an unknown ``config`` key; 404 for an
unknown dataset.

The answer is built as plain data in the shape of ``MatchResponse`` and encoded once
(``server/payload.py``); a request of one query with a few names is answered on the
event loop (``AppContext.read``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from followthemoney import model
from followthemoney.schema import Schema

from ..exc import InvalidInput
from ..exports.ftm import ftm_schema, registry_of_dataset
from ..matching import Match, facts_from_properties, screen
from ..model import Entity, merge_members
from ..server.deps import context
from ..server.payload import json_response
from ..service.inputs import parse_timestamp
from ..service.queries import MAX_NAME_LENGTH
from . import yente
from .params import date_query, opt_date
from .schemas import (
    MAX_QUERIES,
    EntityExample,
    ErrorResponse,
    MatchRequest,
    MatchResponse,
)

__all__ = ["router", "Filters", "parse_example", "query_names", "match_queries", "MAX_MATCHES"]

router = APIRouter(tags=["match"])

MAX_MATCHES = 500  # yente's YENTE_MAX_MATCHES default
# A request is light (answered on the event loop) when it is one query of at most this many
# values, together at most one name's length long: screening takes milliseconds per name (about
# 20 ms for a name of 1,000 characters), a batch or a long list of names far more.
_LIGHT_VALUES = 4
_NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "abbreviation")
_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")


@dataclass
class Filters:
    """yente's result filters; each empty one lets everything through."""

    include_dataset: set[str] = field(default_factory=set)  # registry ids
    exclude_dataset: set[str] = field(default_factory=set)
    exclude_schema: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    exclude_entity_ids: set[str] = field(default_factory=set)
    changed_since: str | None = None  # yente wire time

    def keep(self, entity: Entity, properties: dict[str, list[Any]], seen: yente.Seen,
             referents: Sequence[str] = ()) -> bool:
        registries = {d.registry for d in entity.designations}
        if self.include_dataset and not registries & self.include_dataset:
            return False
        if registries & self.exclude_dataset or ftm_schema(entity) in self.exclude_schema:
            return False
        if self.topics and not self.topics & set(properties.get("topics", [])):
            return False
        if entity.id in self.exclude_entity_ids or self.exclude_entity_ids.intersection(referents):
            return False
        return self.changed_since is None or (seen.last_change or "") >= self.changed_since


def _values(prop: str, raw: str | list[Any]) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            raise InvalidInput(f"Cannot parse example entity: property {prop!r}: values must be strings")
        text = str(item)
        if len(text) > MAX_NAME_LENGTH:
            raise InvalidInput(f"property {prop!r}: value too long ({len(text)} characters; "
                               f"at most {MAX_NAME_LENGTH})")
        out.append(text)
    return out


def parse_example(example: EntityExample) -> tuple[Schema, dict[str, list[str]]]:
    """The query's schema and its properties as FollowTheMoney cleans them (fuzzy), as yente reads a query."""
    schema = model.get(example.schema_)
    if schema is None:
        raise InvalidInput(f"Cannot parse example entity: Unknown schema: {example.schema_!r}")
    if schema.name != "Thing" and not schema.matchable:
        raise InvalidInput(f"Cannot parse example entity: Non-matchable schema for query: {schema.name}")
    proxy = model.make_entity(schema)
    for name, raw in example.properties.items():
        prop = schema.get(name)
        if prop is None:
            continue  # yente skips a property the schema lacks (Organization.birthDate)
        for value in _values(name, raw):
            proxy.unsafe_add(prop, value, cleaned=False, fuzzy=True)
    return schema, {name: list(values) for name, values in proxy.properties.items()}


def query_names(properties: dict[str, list[str]]) -> list[str]:
    """The names a query entity gives, directly or from its name parts."""
    names = [v for p in _NAME_PROPS for v in properties.get(p, [])]
    parts = {p: properties.get(p, []) for p in _PART_PROPS}
    if any(parts.values()):
        first = " ".join(parts["firstName"][:1] + parts["secondName"][:1] + parts["middleName"][:1]
                         + parts["fatherName"][:1])
        last = " ".join(parts["lastName"][:1])
        combined = " ".join(x for x in (first, last) if x)
        if combined:
            names.append(combined)
            if last:
                names.append(" ".join(x for x in (last, first) if x))
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _schema_matches(schema: Schema, entity: Entity) -> bool:
    """Whether a query of ``schema`` can match the entity (a Person query never returns an Organization)."""
    candidate = model.get(ftm_schema(entity))
    return schema.name == "Thing" or (candidate is not None and schema.can_match(candidate))


def _result(m: Match, query_name: str, threshold: float, document: dict[str, Any]) -> dict[str, Any]:
    """A ``ScoredEntity``: the entity's document (its fields in the model's order), then score and explanation."""
    explanation = {"detail": f"«{m.matched_name}» {m.explanation}", "score": m.score, "query": query_name,
                   "candidate": m.matched_name}
    return {**document, "score": m.score, "explanations": {"name_match": explanation}, "match": m.score >= threshold}


def is_light(request: MatchRequest) -> bool:
    """One query of a few short values: a few milliseconds of screening (see ``_LIGHT_VALUES``)."""
    if len(request.queries) != 1:
        return False
    values = [v for example in request.queries.values() for raw in example.properties.values()
              for v in (raw if isinstance(raw, list) else [raw])]
    return len(values) <= _LIGHT_VALUES and sum(len(str(v)) for v in values) <= MAX_NAME_LENGTH


def match_queries(ctx: Any, request: MatchRequest, dataset: str, *, limit: int, threshold: float,
                  cutoff: float, as_of: date | None, filters: Filters) -> dict[str, Any]:
    """Screen every query of a yente request; results scoring at least ``cutoff``, best first.

    Returns:
        the ``MatchResponse``, as the dicts its model writes (fields in its order, defaults included).
    """
    snap = ctx.snapshot()
    in_scope = yente.scope(snap.registries, dataset)
    if not request.queries:
        raise InvalidInput("No queries provided.")
    if len(request.queries) > MAX_QUERIES:
        raise InvalidInput(f"Too many queries in one batch (limit: {MAX_QUERIES})")
    for key in request.config:
        raise InvalidInput(f"Invalid configuration parameter: {key} for algorithm {yente.ALGORITHM}")
    seen_all = yente.seen_times(ctx)
    index = snap.index
    linked = yente.linked_members(ctx)
    responses: dict[str, dict[str, Any]] = {}
    for key, example in request.queries.items():
        schema, properties = parse_example(example)
        names = query_names(properties)
        best: dict[str, tuple[Match, str]] = {}  # insertion order: screening's own ranking breaks ties
        documents: dict[str, dict[str, Any]] = {}
        rejected: set[str] = set()
        facts = facts_from_properties(properties)  # birthDate, nationality, country: evidence for persons
        for name in names:
            for m in screen(index, name, threshold=cutoff, as_of=as_of, limit=max(limit, 10), facts=facts):
                # An entry linked to others as one organization answers as that organization:
                # one result with every designation, under its group's first entry.
                members = linked.get(m.entity.id)
                entity = merge_members(members) if members else m.entity
                if entity.id in rejected:
                    continue
                if entity.id not in documents:
                    seen = seen_all.get(entity.id, yente.Seen(None, None, None))
                    document = yente.entity_or_group_document(ctx, m.entity, nested=False)
                    if (all(d.registry not in in_scope for d in entity.designations)
                            or not _schema_matches(schema, entity)
                            or not filters.keep(entity, document["properties"], seen, document["referents"])):
                        rejected.add(entity.id)
                        continue
                    documents[entity.id] = document
                if entity.id not in best or m.score > best[entity.id][0].score:
                    best[entity.id] = (m, name)
        ranked = sorted(best.items(), key=lambda item: -item[1][0].score)
        results = [_result(m, name, threshold, documents[key]) for key, (m, name) in ranked[:limit]]
        echo = {"id": example.id, "schema": schema.name, "properties": properties}
        responses[key] = {"status": 200, "results": results, "total": {"value": len(ranked), "relation": "eq"},
                          "query": echo}
    return {"responses": responses, "limit": limit}


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Invalid query: no queries, unknown schema, algorithm or config"},
    404: {"model": ErrorResponse, "description": "No such dataset"},
}


@router.post("/match/{dataset}", response_model=MatchResponse, response_model_by_alias=True, responses=_ERRORS,
             summary="Match entities (OpenSanctions/yente 5-compatible)")
async def match(request: Request, body: MatchRequest, dataset: str,
                limit: int = Query(5, ge=0, le=MAX_MATCHES, description="Results per query."),
                threshold: float | None = Query(None, description="Score from which a result is a match (default: the "
                                                                  "PROSCRIBED_MATCH_THRESHOLD setting)."),
                cutoff: float | None = Query(None, description="Lowest score returned (default and at most: the "
                                                               "threshold).", deprecated=True),
                algorithm: str = Query("best", max_length=100, json_schema_extra={"enum": ["best", yente.ALGORITHM]},
                                       description=f"'best' or '{yente.ALGORITHM}' (the one algorithm here); another "
                                                   "is refused with 400, as yente does."),
                as_of: str | None = date_query("Screen against the registries as of this date (YYYY-MM-DD)."),
                include_dataset: list[str] = Query([], description="Only results in at least one of these datasets."),
                exclude_dataset: list[str] = Query([], description="Leave out results in any of these datasets."),
                exclude_schema: list[str] = Query([], description="Leave out results of these schemata."),
                topics: list[str] = Query([], description="Only results with any of these topics."),
                changed_since: str | None = Query(None, pattern=yente.TS_PATTERN,
                                                  description="Only entities changed since then (UTC)."),
                exclude_entity_ids: list[str] = Query([], max_length=50,
                                                      description="Leave out these entity ids.")) -> Response:
    """Screen each query entity against the registries (``default``: all, or one dataset).

    Compatible with yente 5's ``/match/{dataset}``: same request and response
    shapes, filters and status codes; ``explanations.name_match`` says which
    query name matched which name of the entity, and how.
    """
    ctx = context(request)
    yente.check_algorithm(algorithm)
    th = ctx.config.match_threshold if threshold is None else threshold
    filters = Filters(include_dataset={registry_of_dataset(d) for d in include_dataset},
                      exclude_dataset={registry_of_dataset(d) for d in exclude_dataset},
                      exclude_schema=set(exclude_schema), topics=set(topics),
                      exclude_entity_ids=set(exclude_entity_ids),
                      changed_since=yente.wire_time(parse_timestamp(changed_since, end_of_day=False))
                      if changed_since else None)
    day = opt_date(as_of)
    answer = await ctx.read(lambda: match_queries(ctx, body, dataset, limit=limit, threshold=th,
                                                  cutoff=min(th, th if cutoff is None else cutoff),
                                                  as_of=day, filters=filters), light=is_light(body))
    return json_response(answer, headers={"x-batch-size": str(len(answer["responses"]))})

