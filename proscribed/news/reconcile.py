"""Reconciliation of provisional designations with the registry, and the review queue.

``reconcile`` is called by the update use case (``service/updates.py``) after a
version of the undesirable list is applied: each ``decided`` event whose
organization the registry now lists becomes ``listed``, with its lead time
(listing date − decision date) and a consistency note on the list size the
article stated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..exc import InvalidInput, NotFound
from ..matching import ScreeningIndex
from ..matching.cache import load_index
from ..model.clock import now_iso
from ..store.base import Store
from .extract import _link
from .lifecycle import consistency_note

__all__ = ["reconcile", "list_events", "review_event"]


def reconcile(store: Store, index: ScreeningIndex | None = None, *, threshold: float) -> list[dict[str, Any]]:
    """Match every provisional (``decided``) event against the undesirable list; the events reconciled."""
    pending = store.news_events(state="decided")
    if not pending:
        return []
    index = index or load_index(store)
    done = []
    for ev in pending:
        if ev["review"] in ("rejected", "merged"):
            continue
        names = [ev["org"], *ev["record"].get("aliases", [])]
        linked, _ambiguous, _designation = _link(index, names, ev["status"], threshold)
        if linked is None or not linked.get("listed_on"):
            continue
        listed_on = date.fromisoformat(linked["listed_on"])
        decided = date.fromisoformat(ev["decision_date"]) if ev["decision_date"] else None
        lead = (listed_on - decided).days if decided is not None and listed_on >= decided else None
        note = consistency_note(store, ev["record"].get("list_size"), decided, listed_on)
        record = {**ev["record"], "linked": linked}
        store.update_news_event(ev["id"], {"state": "listed", "linked_id": linked["id"], "lead_days": lead,
                                           "note": note, "record": record}, now_iso())
        done.append({**ev, "state": "listed", "linked_id": linked["id"], "lead_days": lead, "note": note})
    return done


def list_events(store: Store, *, pending: bool = False, state: str | None = None) -> list[dict[str, Any]]:
    """Stored events (``pending``: those awaiting review)."""
    return store.news_events(state=state, review="pending" if pending else None)


def review_event(store: Store, event_id: int, action: str, into: int | None = None) -> dict[str, Any]:
    """Accept, reject or merge (into another event) one event of the review queue.

    Raises:
        NotFound: no such event (or no such target event).
        InvalidInput: an unknown action, or merging an event into itself.
    """
    ev = store.news_event(event_id)
    if ev is None:
        raise NotFound(f"no event with id {event_id} (see: proscribed events)")
    fields: dict[str, Any]
    if action == "accept":
        fields = {"review": "accepted"}
    elif action == "reject":
        fields = {"review": "rejected"}
    elif action == "merge":
        if into is None or into == event_id:
            raise InvalidInput("merge needs another event id to merge into")
        target = store.news_event(into)
        if target is None:
            raise NotFound(f"no event with id {into} to merge into")
        fields = {"review": "merged", "merged_into": into}
    else:
        raise InvalidInput(f"unknown review action {action!r}: accept, reject or merge")
    store.update_news_event(event_id, fields, now_iso())
    out = store.news_event(event_id)
    assert out is not None
    return out
