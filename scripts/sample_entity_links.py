#!/usr/bin/env python3
"""A seeded random sample of entity links for a hand check, and the precision of the verdicts.

Usage: python scripts/sample_entity_links.py [--seed N] [--size N] [--verdicts FILE] [--json]

A link ties one registry entry to its group's canonical entry (the group's earliest
designation): a group of k entries makes k-1 links. The sample is drawn with ``--seed``
from the links of the bundled dataset and printed with both entries' registry strings,
the relation and the evidence, for a reviewer to judge. With ``--verdicts`` (a YAML file
of ``- {entity_id, verdict: correct|wrong, reason}``) it prints the precision of the
sample: correct / judged; a sampled link without a verdict is an error.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.sources.entity_links import links_from_document  # noqa: E402  (path set above)
from proscribed.sources.loader import bundled_document  # noqa: E402

DEFAULT_VERDICTS = ROOT / "eval" / "entity_links" / "review.yml"


def sample(seed: int, size: int) -> tuple[list[dict[str, Any]], int]:
    doc = bundled_document()
    captions = {r["id"]: (r["caption"], r["designations"][0]["registry"], r["designations"][0].get("listed_on"))
                for r in doc["entities"]}
    links = links_from_document(doc)
    canonical = {k.group: k.entity_id for k in links if k.position == 0}
    pairs = []
    for k in links:
        if k.position == 0:
            continue
        head = canonical[k.group]
        pairs.append({"entity_id": k.entity_id, "group": k.group, "caption": k.caption, "relation": k.relation,
                      "canonical": {"id": head, "name": captions[head][0], "registry": captions[head][1],
                                    "listed_on": captions[head][2]},
                      "member": {"id": k.entity_id, "name": captions[k.entity_id][0],
                                 "registry": captions[k.entity_id][1], "listed_on": captions[k.entity_id][2]},
                      "evidence": {"basis": k.basis, "url": k.evidence_url, "quote": k.evidence_quote}})
    pairs.sort(key=lambda p: p["entity_id"])
    return random.Random(seed).sample(pairs, min(size, len(pairs))), len(pairs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--size", type=int, default=50)
    ap.add_argument("--verdicts", type=Path, help=f"the reviewer's verdicts (e.g. {DEFAULT_VERDICTS.relative_to(ROOT)})")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    drawn, total = sample(args.seed, args.size)
    report: dict[str, Any] = {"seed": args.seed, "links": total, "sample": drawn}
    if args.verdicts:
        verdicts = {v["entity_id"]: v for v in yaml.safe_load(args.verdicts.read_text("utf-8"))["verdicts"]}
        missing = [p["entity_id"] for p in drawn if p["entity_id"] not in verdicts]
        if missing:
            print(f"no verdict for {len(missing)} sampled links: {missing[:5]}", file=sys.stderr)
            return 1
        correct = sum(verdicts[p["entity_id"]]["verdict"] == "correct" for p in drawn)
        report["precision"] = {"correct": correct, "judged": len(drawn), "value": round(correct / len(drawn), 4)}
        report["wrong"] = [verdicts[p["entity_id"]] for p in drawn if verdicts[p["entity_id"]]["verdict"] != "correct"]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(drawn)} of {total} entity links (seed {args.seed})")
    for i, p in enumerate(drawn, 1):
        c, m = p["canonical"], p["member"]
        print(f"{i:2}. [{p['group']}] {p['relation']}\n    {c['id']} {c['registry']} {c['listed_on']}: {c['name']}\n"
              f"    {m['id']} {m['registry']} {m['listed_on']}: {m['name']}\n"
              f"    evidence ({p['evidence']['basis']}): {p['evidence']['url']} «{p['evidence']['quote'][:160]}»")
    if "precision" in report:
        pr = report["precision"]
        print(f"precision {pr['correct']}/{pr['judged']} = {pr['value']:.3f}")
        for w in report["wrong"]:
            print(f"  wrong: {w['entity_id']}: {w['reason']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
