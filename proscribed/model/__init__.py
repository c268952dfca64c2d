"""The domain model: registries, entities, names, designations, provenance, versions, changes."""

from .entity import (
    DECISION_EVIDENCE,
    DecisionBasis,
    Designation,
    Entity,
    Name,
    NameKind,
    Provenance,
    Registry,
    Schema,
    Status,
)
from .history import Change, ChangeKind, Version, VersionStatus

__all__ = [
    "DECISION_EVIDENCE", "DecisionBasis", "Change", "ChangeKind", "Designation", "Entity", "Name", "NameKind", "Provenance", "Registry", "Schema",
    "Status", "Version", "VersionStatus",
]
