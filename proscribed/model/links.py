"""One organization (or person) designated under several registry entries.

The registries know nothing of each other: Meduza is a foreign agent as «SIA Medusa
Project» (2021) and undesirable as «Limited liability company (SIA) Medusa Project»
(2023), two unrelated entries. A reviewed, sourced link (``resources/entity_links.yml``)
puts both into one group; each member keeps its own entry, and the group reads as one
entity with every designation of its members.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .entity import Designation, Entity, Name

__all__ = ["EntityLink", "Relation", "RELATIONS", "merge_members", "member_designations"]

# same: the same legal entity or outlet; affiliate: another legal entity of the organization
# (its foreign company, its successor); service: a service or project listed under its own name.
Relation = Literal["same", "affiliate", "service"]
RELATIONS: tuple[str, ...] = ("same", "affiliate", "service")


@dataclass(frozen=True)
class EntityLink:
    """One registry entry's membership of a group, with the evidence that ties it to the group's organization."""

    group: str  # the group's id ("meduza")
    caption: str  # the organization's common name
    entity_id: str
    position: int  # 0: the group's canonical entry (its earliest designation)
    relation: Relation
    evidence_url: str
    evidence_quote: str
    basis: Literal["official record", "public page"]
    source: str  # the file the link comes from

    def to_dict(self) -> dict[str, str | int]:
        return {"group": self.group, "caption": self.caption, "entity_id": self.entity_id,
                "position": self.position, "relation": self.relation, "evidence_url": self.evidence_url,
                "evidence_quote": self.evidence_quote, "basis": self.basis, "source": self.source}


def member_designations(members: Iterable[Entity]) -> list[tuple[Entity, Designation]]:
    """Every designation of every member, with its member, oldest listing first (undated last)."""
    pairs = [(e, d) for e in members for d in e.designations]
    return sorted(pairs, key=lambda p: (p[1].listed_on is None, p[1].listed_on or date.min, p[0].id))


def merge_members(members: Sequence[Entity]) -> Entity:
    """The group as one entity: the canonical member's id and facts, every member's names and designations.

    ``members[0]`` is the canonical entry. Names repeat once; a later member's properties
    fill only what the canonical entry lacks.
    """
    if not members:
        raise ValueError("a group has at least one member")
    first = members[0]
    names: list[Name] = []
    seen: set[str] = set()
    for e in members:
        for n in e.names:
            if n.value not in seen:
                seen.add(n.value)
                names.append(n)
    properties = dict(first.properties)
    for e in members[1:]:
        for k, v in e.properties.items():
            properties.setdefault(k, v)
    designations = tuple(d for e in members for d in e.designations)
    return replace(first, names=tuple(names), designations=designations,
                   properties=properties)
