"""From extracted events to stored ones: provisional designations, enrichment, ingestion with dedup.

Lifecycle states of a stored event:

* ``decided``: a Russian undesirable decision whose organization is on no list yet
  (a provisional designation, with decision date and evidence);
* ``listed``: the organization is on the registry (already, or after reconciliation;
  ``lead_days`` = listing date − decision date);
* ``unmatched``: another Russian status, organization not found on its list;
* ``foreign``: a designation by another state (kept, never reconciled).

Review states: ``pending`` (new), ``accepted``, ``rejected``, ``merged``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..matching import ScreeningIndex
from ..model.clock import now_iso
from ..store.base import Store
from ..updates.apply import apply_records
from .extract import MAX_TEXT, extract
from .ingest import content_hash
from .model import INFERRED_DATE_BASES, Article, Event, Extraction

__all__ = ["IngestResult", "ingest_article", "event_row", "registry_count"]


class IngestResult(dict[str, Any]):
    """``{"id", "outcome": "stored"|"duplicate", "events": [...ids], "extraction": {...}}``."""


def registry_count(store: Store, registry: str, day: date) -> int:
    """Entries of ``registry`` on its list on ``day`` (listed by then, not excluded)."""
    return sum(1 for e in store.entities(registry) for d in e.designations
               if d.registry == registry and d.listed_on is not None and d.active_on(day))


def _lead(linked: dict[str, Any] | None, decided: date | None) -> int | None:
    if linked is None or decided is None or not linked.get("listed_on"):
        return None
    listed = date.fromisoformat(linked["listed_on"])
    return (listed - decided).days if listed >= decided else None


def consistency_note(store: Store, list_size: int | None, decided: date | None,
                     listed_on: date | None) -> str | None:
    """Compare the list size an article states with the registry count on the decision (or listing) day."""
    if list_size is None or decided is None:
        return None
    counts = {registry_count(store, "ru-undesirable", decided)}
    if listed_on is not None:
        counts.add(registry_count(store, "ru-undesirable", listed_on))
    if list_size in counts:
        return f"list size {list_size} consistent with the registry count on {decided}"
    return (f"list size {list_size} stated by the article differs from the registry count "
            f"({min(counts)} on {decided})")


def event_row(store: Store, x: Extraction, e: Event) -> dict[str, Any]:
    """The stored form of an event, with its lifecycle state decided."""
    linked = e.linked
    listed_on = date.fromisoformat(linked["listed_on"]) if linked and linked.get("listed_on") else None
    note = None
    if e.jurisdiction != "RU":
        state = "foreign"
    elif linked is not None and (listed_on is None or x.article.published is None
                                 or listed_on <= max(x.article.published, date.today())):
        state = "listed"
        entity = store.entity(linked["id"])
        lacking = entity is not None and all(d.decision_date is None for d in entity.designations)
        if lacking and e.decision_date is not None and e.date_basis not in INFERRED_DATE_BASES:
            note = f"enriches {linked['id']} with decision date {e.decision_date}"
    elif e.status == "undesirable":
        state = "decided"
    else:
        state = "unmatched"
    if e.status == "undesirable" and e.jurisdiction == "RU":
        size_note = consistency_note(store, x.list_size, e.decision_date, listed_on)
        note = "; ".join(n for n in (note, size_note) if n) or None
    return {
        **e.to_dict(),
        "linked_id": linked["id"] if linked else None,
        "state": state,
        "lead_days": _lead(linked, e.decision_date) if state == "listed" else None,
        "note": note,
        "record": {"aliases": e.aliases, "authority_type": e.authority_type, "date_basis": e.date_basis,
                   "list_size": x.list_size, "published": x.article.published.isoformat()
                   if x.article.published else None, "url": x.article.url},
    }


def ingest_article(store: Store, article: Article, index: ScreeningIndex | None, *,
                   threshold: float, max_text: int = MAX_TEXT) -> IngestResult:
    """Extract and store one article (once: a known URL or content hash is a duplicate, nothing written)."""
    digest = content_hash(article.text)
    known = store.find_news_article(article.url, digest)
    if known is not None:
        return IngestResult(id=known, outcome="duplicate", events=[], extraction=None)
    x = extract(article, index, threshold=threshold, max_text=max_text)
    rows = [event_row(store, x, e) for e in x.events]
    ids = store.add_news_article(article.to_dict(), digest, now_iso(), x.to_dict(), rows)
    for row in rows:
        if row["note"] and row["note"].startswith("enriches") and row["decision_date"]:
            enrich_decision_date(store, row["linked_id"], row["decision_date"], article, row["evidence"],
                                 threshold=threshold)
    return IngestResult(id=article.id, outcome="stored", events=ids, extraction=x.to_dict())


def enrich_decision_date(store: Store, entity_id: str, decision_date: str, article: Article,
                         evidence: str, *, threshold: float) -> None:
    """Give a listed entry the decision date the registry lacks, as a version sourced to the article.

    It goes through the update path, so it is a recorded change (history, feeds,
    webhooks) with the article and its evidence sentence as provenance; later
    updates from the registry keep it (the list does not carry decision dates).
    """
    entity = store.entity(entity_id)
    if entity is None:
        return
    registry = entity.designations[0].registry
    records = store.current_records(registry)
    record = records.get(entity_id)
    if record is None or record["designations"][0].get("decision_date"):
        return
    designation = record["designations"][0]
    designation["decision_date"] = decision_date
    source = f"news:{article.url or article.id}"
    designation["provenance"] = designation.get("provenance", []) + [{
        "source": source, "retrieved_at": now_iso(), "note": "decision date reported by the news",
        "raw": {"article": article.id, "url": article.url, "evidence": evidence},
    }]
    payload = json.dumps({"enrich": entity_id, "decision_date": decision_date, "source": source},
                         sort_keys=True).encode("utf-8")
    apply_records(store, registry=registry, source=source, retrieved_at=now_iso(), payload=payload,
                  records=records, threshold=threshold)
