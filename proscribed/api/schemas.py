"""Request and response shapes of the API (pydantic), published in the OpenAPI schema.

The ``/match`` shapes follow the OpenSanctions matching API (yente), so that its
clients work unchanged: a query is a FollowTheMoney-style entity example, a
result a FollowTheMoney entity with a score.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "EntityExample", "MatchRequest", "ScoredEntity", "TotalSpec", "EntityMatches", "MatchResponse",
    "ErrorResponse", "WebhookIn", "WatchIn", "UpdateIn", "MAX_QUERIES",
]

MAX_QUERIES = 100


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["no entity with id 'x'"])
    status: int = Field(..., examples=[404])
    error: str = Field(..., examples=["NotFound"])


class EntityExample(BaseModel):
    """One entity to match: ``{"schema": "Organization", "properties": {"name": ["..."]}}``."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Organization"])
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["Amnesty International"]}])


class MatchRequest(BaseModel):
    weights: dict[str, float] = Field(default_factory=dict, examples=[{}])
    queries: dict[str, EntityExample] = Field(..., examples=[{
        "q1": {"schema": "Organization", "properties": {"name": ["Amnesty International"]}}}])


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class ScoredEntity(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    features: dict[str, float]
    match: bool
    explanation: str | None = None


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class MatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, dict[str, Any]]
    limit: int


class WebhookIn(BaseModel):
    url: str = Field(..., max_length=2000, examples=["https://example.org/hook"])
    secret: str | None = Field(None, max_length=500)


class WatchIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=1000, examples=["Meduza"])


class UpdateIn(BaseModel):
    registries: list[str] = Field(default_factory=list, examples=[["ru-undesirable"]])
    force: bool = False
