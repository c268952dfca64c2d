#!/usr/bin/env python3
"""Mention-finding quality on the mentions evaluation set.

Usage: python bench/mentions.py [--show-errors]

Scans every article of ../shared/eval/news-dev.jsonl with the scanner built from
a fresh store of the bundled data, maps each mention's entities to the set's
keys, and scores with the set's own scorer (mention_keys.py): precision, recall
and F1 overall (strict: span overlap and a shared key; and span only), recall
per gold kind, P/R/F1 per registry, and hits on annotated non-mentions.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR, eval_module  # noqa: E402
from proscribed.scan import build_scanner  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.sources.loader import natural_key  # noqa: E402

EVAL = EVAL_DIR


def _key(m: dict[str, Any]) -> str:
    return natural_key(m["registry"], date.fromisoformat(m["listed_on"]) if m["listed_on"] else None, m["name"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    mk = eval_module("mention_keys.py")
    articles = [json.loads(line) for line in open(EVAL / "news-dev.jsonl", encoding="utf-8")]
    gold = [json.loads(line) for line in open(EVAL / "mentions-dev.jsonl", encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.sqlite3")
        t0 = time.perf_counter()
        scanner = build_scanner(store)
        build = time.perf_counter() - t0
        preds = []
        t0 = time.perf_counter()
        for art in articles:
            mentions = scanner.scan(art["text"])
            preds.append({"id": art["id"], "mentions": [
                {"start": m["start"], "end": m["end"], "surface": m["surface"], "kind": m["kind"],
                 "keys": [_key(m)] + [_key(a) for a in m.get("also", [])]} for m in mentions]})
        elapsed = time.perf_counter() - t0
        store.close()
    strict = mk.score(gold, preds, True)
    loose = mk.score(gold, preds, False)
    print(f"mentions eval: {len(articles)} articles, {strict['gold']} gold mentions, {strict['predicted']} predicted")
    print(f"  strict (overlap + shared key): P {strict['precision']:.3f}  R {strict['recall']:.3f}  F1 {strict['f1']:.3f}")
    print(f"  span only:                     P {loose['precision']:.3f}  R {loose['recall']:.3f}  F1 {loose['f1']:.3f}")
    pred_by = {p["id"]: p["mentions"] for p in preds}

    def hit(p: dict[str, Any], g: dict[str, Any]) -> bool:
        return p["start"] < g["end"] and g["start"] < p["end"] and bool(set(p["keys"]) & set(g["keys"]))

    kinds: dict[str, list[int]] = {}
    for g in gold:
        for gm in g["mentions"]:
            ok = any(hit(p, gm) for p in pred_by.get(g["id"], []))
            kinds.setdefault(gm["kind"], [0, 0])[0] += ok
            kinds[gm["kind"]][1] += 1
    print("  recall per kind: " + "  ".join(f"{k} {v[0] / v[1]:.2f} ({v[1]})" for k, v in sorted(kinds.items())))
    for reg in ("ru_undesirable", "ru_foreign_agents", "ru_extremist", "ru_terrorist"):
        g_reg = [{"id": g["id"], "mentions": [m for m in g["mentions"] if any(k.startswith(reg) for k in m["keys"])]}
                 for g in gold]
        p_reg = [{"id": p["id"], "mentions": [m for m in p["mentions"] if any(k.startswith(reg) for k in m["keys"])]}
                 for p in preds]
        r = mk.score(g_reg, p_reg, True)
        print(f"  {reg:18} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}  "
              f"(gold {r['gold']}, predicted {r['predicted']})")
    non = sum(1 for g in gold for n in g.get("non_mentions", []) for p in pred_by.get(g["id"], [])
              if p["start"] < n["end"] and n["start"] < p["end"])
    print(f"  predictions on annotated non-mentions: {non}")
    size = sum(len(a["text"].encode()) for a in articles)
    print(f"  scanner build {build:.2f} s; scanning {size / elapsed / 1e6:.2f} MB/s on these articles")
    if args.show_errors:
        texts = {a["id"]: a["text"] for a in articles}
        for g in gold:
            pms = pred_by.get(g["id"], [])
            for gm in g["mentions"]:
                if not any(hit(p, gm) for p in pms):
                    print(f"MISS [{gm['kind']}] {g['id']}: {gm['surface']!r} -> {gm['keys'][0][:70]}")
            for p in pms:
                if not any(hit(p, gm) for gm in g["mentions"]):
                    ctx = texts[g["id"]][max(0, p["start"] - 30):p["end"] + 30].replace("\n", " ")
                    print(f"FP   [{p['kind']}] {g['id']}: {p['surface']!r} -> {p['keys'][0][:60]}  …{ctx}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
