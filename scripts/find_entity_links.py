#!/usr/bin/env python3
"""Candidate links between registry entries that may be one organization or person.

Usage: python scripts/find_entity_links.py [--min-score S] > candidates.tsv

The method behind ``proscribed/resources/entity_links.yml``: every name of every
entry is screened, with the product's own screening, against every other entry;
pairs scoring at least ``--min-score`` are candidates, as are pairs sharing an
identifier (INN, OGRN) or a web resource. Candidates are printed for review, one
per line: score, reason, the two entry ids and names. Nothing is linked here: a
reviewer reads each candidate and its evidence and writes the links file.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.matching import ScreeningIndex  # noqa: E402  (path set above)
from proscribed.matching.screen import screen  # noqa: E402
from proscribed.model import Entity  # noqa: E402
from proscribed.scan.links import link_key  # noqa: E402
from proscribed.sources.loader import bundled_document, materialize  # noqa: E402

# Names that stand for the entry on their own; weak mirror aliases and members are not that.
_KINDS = ("official", "variant", "translation", "brand", "former", "later", "pseudonym")


def _identifiers(entity: Entity) -> set[str]:
    out = {f"{k}:{entity.properties[k]}" for k in ("inn", "ogrn") if entity.properties.get(k)}
    # A person's resources are often the outlets they write for: a shared domain says nothing there.
    for url in [] if entity.schema == "person" else entity.properties.get("resources") or []:
        key = link_key(str(url))
        if key is not None and key[0] == "domain":
            out.add(f"domain:{key[1]}")
    return out


def candidates(entities: list[Entity], min_score: float) -> dict[tuple[str, str], tuple[float, str]]:
    """(id, id) → (best score, why) for every candidate pair, ids in sorted order."""
    index = ScreeningIndex(entities)
    found: dict[tuple[str, str], tuple[float, str]] = {}

    def keep(a: str, b: str, score: float, why: str) -> None:
        pair = (min(a, b), max(a, b))
        if a != b and score > found.get(pair, (0.0, ""))[0]:
            found[pair] = (score, why)

    for entity in entities:
        for name in entity.names:
            if name.kind not in _KINDS or name.weak:
                continue
            for m in screen(index, name.value, threshold=min_score, limit=10):
                if m.matched_kind in _KINDS:
                    keep(entity.id, m.entity.id, m.score, f"name {name.value!r} ~ {m.matched_name!r}")
    by_id: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        for ident in _identifiers(entity):
            by_id[ident].append(entity.id)
    for ident, ids in by_id.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                keep(a, b, 1.0, f"shared {ident}")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-score", type=float, default=0.9)
    args = parser.parse_args(argv)
    entities = materialize(bundled_document()["entities"])
    by_id = {e.id: e for e in entities}
    found = candidates(entities, args.min_score)
    for (a, b), (score, why) in sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0])):
        print(f"{score:.3f}\t{why}\t{a}\t{b}\t{by_id[a].caption[:100]}\t{by_id[b].caption[:100]}")
    print(f"{len(found)} candidate pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
