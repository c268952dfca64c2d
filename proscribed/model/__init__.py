"""The domain model: registries, entities, names, designations, provenance, versions, changes."""

from .entity import (
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
    "Change", "ChangeKind", "Designation", "Entity", "Name", "NameKind", "Provenance", "Registry", "Schema",
    "Status", "Version", "VersionStatus",
]
