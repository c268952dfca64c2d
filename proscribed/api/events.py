"""Designation events found in the news, and the review queue (decisions need the token)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from ..exc import NotFound
from ..news.reconcile import review_event
from ..server.deps import context, require_token, store_dep
from ..service.events import events_page
from ..store import Store

__all__ = ["router", "ReviewIn", "MAX_ID"]

router = APIRouter(prefix="/api", tags=["events"])


# Event ids are integers a JSON client can hold exactly (at most 2**53 - 1): a larger one names
# no event (422, never an overflow in SQLite).
MAX_ID = 2**53 - 1
_EVENT_ID = Path(..., ge=1, le=MAX_ID, description="Event id.")


class ReviewIn(BaseModel):
    action: Literal["accept", "reject", "merge"]
    into: int | None = Field(None, ge=1, le=MAX_ID)


@router.get("/events", summary="Designation events found in the news")
def events(pending: bool = Query(False, description="Only those awaiting review."),
           state: Literal["decided", "listed", "unmatched", "foreign"] | None = Query(None),
           store: Store = Depends(store_dep)) -> dict[str, Any]:
    return events_page(store, pending=pending, state=state)


@router.get("/events/{event_id}", summary="One event with its evidence")
def event(event_id: int = _EVENT_ID, store: Store = Depends(store_dep)) -> dict[str, Any]:
    found = store.news_event(event_id)
    if found is None:
        raise NotFound(f"no event with id {event_id}")
    return found


@router.post("/events/{event_id}/review", summary="Accept, reject or merge an event (token)",
             dependencies=[Depends(require_token)])
def review(request: Request, body: ReviewIn, event_id: int = _EVENT_ID) -> dict[str, Any]:
    with context(request).writing() as store:
        return review_event(store, event_id, body.action, body.into)
