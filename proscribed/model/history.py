"""Versions (fetched states of a source) and changes (what a version changed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

__all__ = ["Change", "ChangeKind", "Version", "VersionStatus"]

VersionStatus = Literal["bundled", "applied", "forced", "quarantined"]
ChangeKind = Literal["added", "excluded", "renamed", "modified", "vanished", "reinstated"]


@dataclass(frozen=True)
class Version:
    registry: str
    source: str  # URL or file the payload came from
    retrieved_at: str  # ISO 8601 UTC
    sha256: str  # of the raw payload
    row_count: int
    status: VersionStatus
    created_at: str  # when we stored it (transaction time)
    message: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class Change:
    """One change of one entity: valid time (``valid_on``) and transaction time (``observed_at``)."""

    registry: str
    entity_id: str
    kind: ChangeKind
    observed_at: str
    valid_on: date | None
    field: str | None = None
    old: str | None = None
    new: str | None = None
    id: int | None = None
    version_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version_id,
            "registry": self.registry,
            "entity_id": self.entity_id,
            "kind": self.kind,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "valid_on": self.valid_on.isoformat() if self.valid_on else None,
            "observed_at": self.observed_at,
        }
