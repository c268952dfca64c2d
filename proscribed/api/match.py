"""``POST /match/{dataset}``: the OpenSanctions (yente) matching API over our registries.

A yente client sends ``{"queries": {key: {"schema", "properties"}}}`` and reads
``{"responses": {key: {"results": [...]}}}``; each result is a FollowTheMoney
entity (Organization, Person) with ``score`` and ``match``. Names come from the
``name``/``alias``/``previousName``/``weakAlias`` properties, or are built from
``firstName``/``middleName``/``fatherName``/``lastName``; every name is screened
and an entity keeps its best score.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ..exc import InvalidInput
from ..exports.ftm import entity_properties, ftm_schema
from ..matching import Match, facts_from_properties, screen
from ..server.deps import context, store_dep
from ..server.errors import Unsupported
from ..service.inputs import parse_date
from ..service.queries import MAX_NAME_LENGTH
from ..store import Store
from .schemas import (
    MAX_QUERIES,
    EntityExample,
    EntityMatches,
    MatchRequest,
    MatchResponse,
    ScoredEntity,
    TotalSpec,
)

__all__ = ["router", "query_names", "match_queries"]

router = APIRouter(tags=["match"])

_NAME_PROPS = ("name", "alias", "previousName", "weakAlias", "abbreviation")
_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
_SCHEMAS = {"Thing", "LegalEntity", "Organization", "Company", "PublicBody", "Person"}
MATCHER = {
    "name_match": {"description": "Best screening score of a query name against any name of the entity "
                                  "(scripts, transliteration, Russian inflection, acronyms, fuzzy words).",
                   "coefficient": 1.0, "url": "https://github.com/proscribed/proscribed/blob/main/docs/screening.md"},
}


def _values(example: EntityExample, prop: str) -> list[str]:
    raw = example.properties.get(prop)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"property {prop!r}: values must be strings")
        if len(item) > MAX_NAME_LENGTH:
            raise InvalidInput(f"property {prop!r}: value too long ({len(item)} characters; "
                               f"at most {MAX_NAME_LENGTH})")
        if item.strip():
            out.append(item.strip())
    return out


def query_names(example: EntityExample) -> list[str]:
    """The names a query entity gives, directly or from its name parts."""
    if example.schema_ not in _SCHEMAS:
        raise InvalidInput(f"schema {example.schema_!r} is not matched here; use one of {', '.join(sorted(_SCHEMAS))}")
    names = [v for p in _NAME_PROPS for v in _values(example, p)]
    parts = {p: _values(example, p) for p in _PART_PROPS}
    if any(parts.values()):
        first = " ".join(parts["firstName"][:1] + parts["secondName"][:1] + parts["middleName"][:1]
                         + parts["fatherName"][:1])
        last = " ".join(parts["lastName"][:1])
        combined = " ".join(x for x in (first, last) if x)
        if combined:
            names.append(combined)
            if last:
                names.append(" ".join(x for x in (last, first) if x))
    return list(dict.fromkeys(names))


def _result(m: Match, threshold: float, titles: dict[str, str]) -> ScoredEntity:
    entity = m.entity
    return ScoredEntity.model_validate({
        "id": entity.id, "caption": entity.caption, "schema": ftm_schema(entity),
        "properties": entity_properties(entity, titles),
        "datasets": sorted({d.registry for d in entity.designations}),
        "target": True,
        "first_seen": min((p.retrieved_at for d in entity.designations for p in d.provenance), default=None),
        "score": m.score, "features": {"name_match": m.score}, "match": m.score >= threshold,
        "explanation": f"«{m.matched_name}» {m.explanation}",
    })


def match_queries(store: Store, index: Any, request: MatchRequest, dataset: str, *, limit: int, threshold: float,
                  cutoff: float, as_of: date | None, schema_filter: set[str]) -> MatchResponse:
    """Screen every query of a yente request; results above ``cutoff``, best first."""
    known = [r.id for r in store.registries()]
    if dataset != "default" and dataset not in known:
        raise Unsupported(f"unknown dataset {dataset!r}; use 'default' or one of {', '.join(known)}")
    if len(request.queries) > MAX_QUERIES:
        raise InvalidInput(f"too many queries ({len(request.queries)}; at most {MAX_QUERIES} per request)")
    titles = {r.id: r.title_en for r in store.registries()}
    responses: dict[str, EntityMatches] = {}
    for key, example in request.queries.items():
        names = query_names(example)
        if not names:
            raise InvalidInput(f"query {key!r} has no name (give properties.name, or firstName/lastName)")
        best: dict[str, Match] = {}  # insertion order: screening's own ranking breaks ties
        facts = facts_from_properties(example.properties)  # birthDate, nationality, country
        for name in names:
            for m in screen(index, name, threshold=cutoff, as_of=as_of, limit=max(limit, 10), facts=facts):
                if dataset != "default" and all(d.registry != dataset for d in m.entity.designations):
                    continue
                if ftm_schema(m.entity) in schema_filter:
                    continue
                if m.entity.id not in best or m.score > best[m.entity.id].score:
                    best[m.entity.id] = m
        ranked = sorted(best.values(), key=lambda m: -m.score)
        responses[key] = EntityMatches(results=[_result(m, threshold, titles) for m in ranked[:limit]],
                                       total=TotalSpec(value=len(ranked)), query=example)
    return MatchResponse(responses=responses, matcher=MATCHER, limit=limit)


@router.post("/match/{dataset}", response_model=MatchResponse, response_model_by_alias=True,
             summary="Match entities (OpenSanctions/yente-compatible)")
def match(request: Request, body: MatchRequest, dataset: str,
          limit: int = Query(5, ge=1, le=50, description="Results per query."),
          threshold: float | None = Query(None, ge=0, le=1,
                                          description="Score from which a result is a match (default: the "
                                                      "PROSCRIBED_MATCH_THRESHOLD setting)."),
          cutoff: float | None = Query(None, ge=0, le=1,
                                       description="Lowest score returned (default: the threshold)."),
          algorithm: str | None = Query(None, description="Accepted for yente compatibility; one algorithm here."),
          as_of: str | None = Query(None, description="Screen against the registries as of this date."),
          exclude_schema: list[str] = Query([], description="Leave out results of these schemata."),
          store: Store = Depends(store_dep)) -> MatchResponse:
    """Screen each query entity against the registries (``default``: all, or one registry id).

    Compatible with yente's ``/match/{dataset}``: same request and response
    shapes; ``features`` holds the screening score, ``explanation`` says which
    name matched and how.
    """
    ctx = context(request)
    th = ctx.config.match_threshold if threshold is None else threshold
    return match_queries(store, ctx.snapshot().index, body, dataset, limit=limit, threshold=th,
                         cutoff=th if cutoff is None else cutoff,
                         as_of=parse_date(as_of) if as_of else None, schema_filter=set(exclude_schema))
