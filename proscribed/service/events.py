"""Views of the designation events found in the news: the review queue and an entity's events."""

from __future__ import annotations

from typing import Any

from ..news.reconcile import list_events
from ..store import Store

__all__ = ["events_page", "entity_events"]


def events_page(store: Store, *, pending: bool = False, state: str | None = None) -> dict[str, Any]:
    events = list_events(store, pending=pending, state=state)
    return {"pending": pending, "state": state, "total": len(events), "events": events,
            "counts": store.news_counts()}


def entity_events(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Events linked to an entity, oldest first."""
    return [e for e in store.news_events() if e.get("linked_id") == entity_id]
