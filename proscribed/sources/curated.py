"""Curated aliases (resources/aliases/*.yml): validated on load.

Each entry points at a registry entry by its natural key
``<registry>|<YYYY-MM-DD or empty>|<name, whitespace collapsed>`` (the same key
the evaluation sets use) and lists names with language, kind and a source URL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError
from .evidence import Evidence, alias_evidence, evidence_text

__all__ = ["CuratedName", "curated_names", "curated_digest", "natural_key", "KINDS"]

KINDS = frozenset({"translation", "brand", "acronym", "former", "pseudonym"})


def natural_key(registry: str, listed_on: date | None, caption: str) -> str:
    """``ru_undesirable|2022-07-26|Stichting Bellingcat (Нидерланды)``: the key curated files use."""
    return f"{registry.replace('-', '_')}|{listed_on.isoformat() if listed_on else ''}|{caption}"


@dataclass(frozen=True)
class CuratedName:
    key: str
    value: str
    kind: str
    lang: str | None
    weak: bool
    source: str  # the alias file
    source_url: str | None
    evidence: Evidence | None  # resources/evidence.yml; None: unverified

    @property
    def unverified(self) -> bool:
        return self.evidence is None


def _files() -> list[tuple[str, str]]:
    folder = resources.files("proscribed").joinpath("resources/aliases")
    out = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yml"):
            out.append((item.name, item.read_text("utf-8")))
    return out


def _validate(fname: str, doc: Any, evidence: dict[tuple[str, str], Evidence]) -> list[CuratedName]:
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise DataError(f"{fname}: expected a mapping with an 'entries' list")
    out = []
    for i, entry in enumerate(doc["entries"]):
        where = f"{fname} entry {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise DataError(f"{where}: needs a 'key' string")
        names = entry.get("names") or []
        if not isinstance(names, list):
            raise DataError(f"{where}: 'names' must be a list")
        for n in names:
            if not isinstance(n, dict) or not isinstance(n.get("name"), str) or not n["name"].strip():
                raise DataError(f"{where}: every name needs a non-empty 'name'")
            kind = n.get("kind")
            if kind not in KINDS:
                raise DataError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
            value = n["name"].strip()
            out.append(CuratedName(
                key=entry["key"],
                value=value,
                kind=kind,
                lang=n.get("lang"),
                weak=bool(n.get("weak", False)),
                source=f"curated:{fname}",
                source_url=entry.get("source"),
                evidence=evidence.get((entry["key"], value)),
            ))
    return out


@lru_cache(maxsize=2)
def curated_names(with_evidence: bool = True) -> tuple[CuratedName, ...]:
    """Every curated name of every alias file, validated.

    ``with_evidence=False``: without reading ``resources/evidence.yml`` (every name unverified),
    for the script that writes that file.
    """
    out: list[CuratedName] = []
    evidence = alias_evidence() if with_evidence else {}
    for fname, text in _files():
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise DataError(f"{fname}: invalid YAML: {err}") from None
        out.extend(_validate(fname, doc, evidence))
    return tuple(out)


def curated_digest() -> str:
    """A hash of the alias files and their evidence: the store reloads when they change."""
    h = hashlib.sha256(evidence_text().encode())
    for fname, text in _files():
        h.update(fname.encode())
        h.update(text.encode())
    return h.hexdigest()
