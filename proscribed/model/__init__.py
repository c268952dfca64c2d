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
from .links import RELATIONS, EntityLink, Relation, merge_members, member_designations

__all__ = [
    "DECISION_EVIDENCE", "DecisionBasis", "Change", "ChangeKind", "Designation", "Entity", "EntityLink", "RELATIONS",
    "Relation", "merge_members", "member_designations", "Name", "NameKind", "Provenance", "Registry", "Schema",
    "Status", "Version", "VersionStatus",
]
