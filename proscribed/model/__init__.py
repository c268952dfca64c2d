"""The domain model: registries, entities, names, designations, provenance."""

from .entity import Designation, Entity, Name, NameKind, Provenance, Registry, Schema, Status

__all__ = ["Designation", "Entity", "Name", "NameKind", "Provenance", "Registry", "Schema", "Status"]
