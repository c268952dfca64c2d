"""Entity links (``resources/entity_links.yml``): validated and resolved to entity ids by the build.

Each group lists registry entries (by natural key, as the curated alias files do) that
are one organization, each with its relation to it and its evidence. A member without a
page as evidence is tied by its official record: the build cites the registry's record
and the name string it publishes. The build writes the resolved links into the bundled
dataset (``links``); the store keeps them beside the entities.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError
from ..model import RELATIONS, EntityLink
from ..registries import load_registries
from .curated import natural_key

__all__ = ["LINKS_FILE", "resolve_links", "links_from_document"]

LINKS_FILE = "entity_links.yml"


def _doc() -> Any:
    text = resources.files("proscribed").joinpath(f"resources/{LINKS_FILE}").read_text("utf-8")
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(f"{LINKS_FILE}: invalid YAML: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("groups"), list):
        raise DataError(f"{LINKS_FILE}: expected a mapping with a 'groups' list")
    return doc


def resolve_links(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The links file's members as JSON-ready links with entity ids and evidence; DataError on a bad entry.

    ``records``: the dataset's entity records (a key must name one of them, and an entry
    belongs to one group at most).
    """
    by_key: dict[str, dict[str, Any]] = {}
    for r in records:
        d = r["designations"][0]
        listed = date.fromisoformat(d["listed_on"]) if d.get("listed_on") else None
        by_key[natural_key(d["registry"], listed, r["caption"])] = r
    urls = {r.id: r.source_url for r in load_registries()}
    out: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for g in _doc()["groups"]:
        group = g.get("id") if isinstance(g, dict) else None
        members = g.get("members") if isinstance(g, dict) else None
        if not isinstance(group, str) or not isinstance(g.get("caption"), str) or not isinstance(members, list) \
                or len(members) < 2:
            raise DataError(f"{LINKS_FILE}: group {group!r} needs an id, a caption and at least two members")
        for position, m in enumerate(members):
            rec = by_key.get(m.get("key", "")) if isinstance(m, dict) else None
            if rec is None:
                raise DataError(f"{LINKS_FILE}: group {group!r}: unknown entry {m!r:.120}")
            if m.get("relation") not in RELATIONS:
                raise DataError(f"{LINKS_FILE}: group {group!r}: relation {m.get('relation')!r} is not one of "
                                f"{', '.join(RELATIONS)}")
            if rec["id"] in seen:
                raise DataError(f"{LINKS_FILE}: {rec['id']} is in groups {seen[rec['id']]!r} and {group!r}")
            seen[rec["id"]] = group
            evidence = m.get("evidence")
            if evidence is not None and not (isinstance(evidence, dict) and isinstance(evidence.get("url"), str)
                                             and isinstance(evidence.get("quote"), str)):
                raise DataError(f"{LINKS_FILE}: group {group!r}: evidence needs a 'url' and a 'quote'")
            registry = rec["designations"][0]["registry"]
            out.append(EntityLink(
                group=group, caption=g["caption"], entity_id=rec["id"], position=position, relation=m["relation"],
                evidence_url=evidence["url"] if evidence else urls[registry],
                evidence_quote=evidence["quote"] if evidence else rec["caption"],
                basis="public page" if evidence else "official record", source=f"curated:{LINKS_FILE}",
            ).to_dict())
    return out


def links_from_document(doc: dict[str, Any]) -> list[EntityLink]:
    """The links a bundled dataset carries (none in a dataset built before links existed)."""
    return [EntityLink(**link) for link in doc.get("links", [])]
