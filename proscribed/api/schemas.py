"""Request and response shapes of the API (pydantic), published in the OpenAPI schema.

The ``/match`` shapes follow the OpenSanctions matching API (yente), so that its
clients work unchanged: a query is a FollowTheMoney-style entity example, a
result a FollowTheMoney entity with a score.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model
from pydantic import BaseModel, ConfigDict, Field, JsonValue

from ..server.openapi import ErrorResponse

__all__ = [
    "EntityExample", "MatchRequest", "EntityResponse", "FeatureExplanation", "ScoredEntity", "TotalSpec",
    "EntityMatches", "MatchResponse", "SearchFacetItem", "SearchFacet", "SearchResponse", "Publisher", "DatasetInfo",
    "CatalogResponse", "FeatureDoc", "AlgorithmDocs", "Algorithm", "AlgorithmResponse", "StatusResponse",
    "ErrorResponse", "WebhookIn", "WatchIn", "UpdateIn", "MAX_QUERIES",
]

MAX_QUERIES = 100
# yente accepts Thing and every matchable schema as a query.
QUERY_SCHEMATA = sorted(["Thing", *(s.name for s in model.schemata.values() if s.matchable)])


class EntityExample(BaseModel):
    """One entity to match: ``{"schema": "Organization", "properties": {"name": ["..."]}}``."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, max_length=200, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", max_length=100, examples=["Organization"],
                         description="A matchable FollowTheMoney schema, or Thing (another: 400, as yente).",
                         json_schema_extra={"enum": list[JsonValue](QUERY_SCHEMATA)})
    properties: dict[str, str | list[str | int | float]] = Field(
        ..., examples=[{"name": ["Amnesty International"]}],
        description="FtM property → value(s); a value is at most 1000 characters (longer: 400).")


class MatchRequest(BaseModel):
    weights: dict[str, float] = Field(default_factory=dict, examples=[{}])
    config: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="Algorithm settings; the one algorithm here has none (any key: 400).",
        json_schema_extra={"maxProperties": 0})
    queries: dict[str, EntityExample] = Field(
        ..., examples=[{"q1": {"schema": "Organization", "properties": {"name": ["Amnesty International"]}}}],
        description=f"1 to {MAX_QUERIES} queries (none or more: 400, as yente).",
        json_schema_extra={"minProperties": 1, "maxProperties": MAX_QUERIES})


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityResponse(BaseModel):
    """A FollowTheMoney entity as yente serves it; nested entities (Sanctions) may sit in its properties."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[str | EntityResponse]]
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    first_seen: str | None = Field(None, examples=["2026-07-16T00:00:00"], description="UTC, no zone.")
    last_seen: str | None = Field(None, examples=["2026-09-24T01:18:06"])
    last_change: str | None = Field(None, examples=["2026-09-24T01:18:06"])


class FeatureExplanation(BaseModel):
    detail: str | None
    score: float
    query: str | None = None
    candidate: str | None = None


class ScoredEntity(EntityResponse):
    score: float
    explanations: dict[str, FeatureExplanation]
    match: bool


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class MatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


class Publisher(BaseModel):
    name: str
    url: str | None = None
    country: str | None = None
    official: bool = True


class DatasetInfo(BaseModel):
    name: str = Field(..., examples=["ru_undesirable"])
    title: str
    summary: str | None = None
    url: str | None = None
    updated_at: str | None = None
    last_export: str | None = None
    entity_count: int | None = None
    thing_count: int | None = None
    version: str | None = None
    tags: list[str] = Field(default_factory=list)
    publisher: Publisher | None = None
    children: list[str] = Field(default_factory=list)
    load: bool
    index_version: str | None = None
    index_current: bool


class CatalogResponse(BaseModel):
    datasets: list[DatasetInfo]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, dict[str, Any]]
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


class StatusResponse(BaseModel):
    status: str = "ok"


class WebhookIn(BaseModel):
    url: str = Field(..., max_length=2000, examples=["https://example.org/hook"])
    secret: str | None = Field(None, max_length=500)


class WatchIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=1000, examples=["Meduza"])


class UpdateIn(BaseModel):
    registries: list[str] = Field(default_factory=list, examples=[["ru-undesirable"]])
    force: bool = Field(False, strict=True,
                        description="Refused (400): a fetch is never applied uninspected; use accept.")
    accept: int | None = Field(None, ge=1, le=2**53 - 1,
                               description="Apply this quarantined version, as stored and inspected, instead of fetching.")
