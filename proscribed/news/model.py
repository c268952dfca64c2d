"""Articles and the designation events extracted from them (plain records)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

__all__ = ["Article", "Event", "Extraction", "REGISTRY_OF_STATUS"]

# The registry each Russian status of an event is kept in.
REGISTRY_OF_STATUS = {"undesirable": "ru-undesirable", "foreign_agent": "ru-foreign-agents",
                      "extremist": "ru-extremist", "terrorist": "ru-terrorist"}


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    url: str | None = None
    published: date | None = None
    language: str | None = None
    title: str | None = None
    source: str | None = None  # where we got it: feed URL, file path, "stdin"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


# Event dates the text does not state: the publication day of an event with no date cue, and a
# year taken from the registry. Shown, flagged by ``date_basis``, but never evidence of a decision's date.
INFERRED_DATE_BASES = frozenset({"published", "registry_year"})


@dataclass
class Event:
    org: str
    status: str
    jurisdiction: str | None
    authority: str | None
    authority_type: str | None
    decision_date: date | None
    listing_date: date | None
    evidence: str
    confidence: float
    aliases: list[str] = field(default_factory=list)
    date_basis: str | None = None
    linked: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "status": self.status,
            "jurisdiction": self.jurisdiction,
            "authority": self.authority,
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "listing_date": self.listing_date.isoformat() if self.listing_date else None,
            "date_basis": self.date_basis,
            "evidence": self.evidence,
            "confidence": self.confidence,
            "linked": self.linked,
        }


@dataclass
class Extraction:
    article: Article
    events: list[Event]
    list_size: int | None
    mentioned_listed: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article.id,
            "events": [e.to_dict() for e in self.events],
            "list_size": self.list_size,
            "mentioned_listed": self.mentioned_listed,
        }
