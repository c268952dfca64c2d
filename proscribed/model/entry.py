"""One registry entry as a flat, JSON-ready row: the shape of lists, searches, exports and screening results."""

from __future__ import annotations

from datetime import date
from typing import Any

from .entity import Designation, Entity

__all__ = ["entry_record"]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def entry_record(entity: Entity, d: Designation, as_of: date | None = None) -> dict[str, Any]:
    """One registry entry as published, with its designation facts and its status on ``as_of``."""
    return {
        "id": entity.id,
        "registry": d.registry,
        "name": entity.caption,
        "schema": entity.schema,
        "country": entity.country,
        "listed_on": _iso(d.listed_on),
        "listing_order": d.listing_order,
        "decision_date": _iso(d.decision_date),
        "decision_date_basis": d.decision_date_basis(),
        "decision_date_note": d.decision_facts()["decision_date_note"],
        "decision_number": d.decision_number,
        "excluded_on": _iso(d.excluded_on),
        "status": d.status_on(as_of),
    }
