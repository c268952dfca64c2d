"""Results that are, or may be, one organization listed on several registries.

Entries linked as one organization (``resources/entity_links.yml``: reviewed, with evidence)
are said to be one; other entries on different registries sharing a name only may be. ``check``
points both out instead of letting two lines at the same score look like two organizations,
or like one. This is the one place that decides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Entity
from ..model.links import EntityLink

__all__ = ["linked_groups", "same_name_groups"]

# Acronyms ("PCE", "FBK") and weak third-party aliases are shared by unrelated bodies.
_UNSHARED_KINDS = frozenset({"acronym", "weak"})


def _names(entity: Entity) -> set[str]:
    return {n.value.casefold() for n in entity.names if n.kind not in _UNSHARED_KINDS and not n.weak}


def linked_groups(entities: Sequence[Entity], links: Sequence[EntityLink]) -> list[dict[str, Any]]:
    """Groups of results (1-based positions in ``entities``) linked as one organization, two results or more.

    Returns:
        ``[{"results": [1, 3], "group": "bellingcat", "name": "Bellingcat", "registries": [...]}]``
    """
    group_of = {k.entity_id: k for k in links}
    members: dict[str, list[int]] = {}
    for i, e in enumerate(entities):
        if e.id in group_of:
            members.setdefault(group_of[e.id].group, []).append(i)
    return [{"results": [i + 1 for i in found], "group": group, "name": group_of[entities[found[0]].id].caption,
             "registries": sorted({d.registry for i in found for d in entities[i].designations})}
            for group, found in members.items() if len(found) > 1]


def same_name_groups(entities: Sequence[Entity], links: Sequence[EntityLink] = ()) -> list[dict[str, Any]]:
    """Groups of results (1-based positions in ``entities``) that share a name and span several registries.

    Results sharing a name are joined (transitively); a group is reported only when its
    entries are on more than one registry: on one list, entries of one name are separate
    entries (a foundation and a company of the same brand, a branch and its parent). Results
    of one linked organization (``links``) count as one, so a group all of one linked
    organization is not reported: it is one, not possibly one.

    Returns:
        ``[{"results": [1, 3], "name": "Bellingcat", "registries": ["ru-foreign-agents", "ru-undesirable"]}]``
    """
    parent = list(range(len(entities)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    group_of = {k.entity_id: k.group for k in links}
    names = [_names(e) for e in entities]
    shared: dict[tuple[int, int], str] = {}
    for i in range(len(entities)):
        for j in range(i + 1, len(entities)):
            common = names[i] & names[j]
            if common:
                # The name as one of the entries writes it, for the reader; the shortest is the brand.
                shared[(i, j)] = min((n.value for n in entities[i].names if n.value.casefold() in common),
                                     key=lambda v: (len(v), v))
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(entities)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        registries = sorted({d.registry for i in members for d in entities[i].designations})
        organizations = {group_of.get(entities[i].id, entities[i].id) for i in members}
        if len(members) < 2 or len(registries) < 2 or len(organizations) < 2:
            continue
        name = next(v for (i, j), v in sorted(shared.items()) if i in members)
        out.append({"results": [i + 1 for i in members], "name": name, "registries": registries})
    return out
