#!/usr/bin/env python3
"""Screening quality and speed on the names evaluation sets.

Usage: python bench/names.py [EVAL_JSONL] [--threshold T] [--predictions OUT.jsonl] [--split S]

Quality: runs ``screen`` on every query of ../shared/eval/names-dev.jsonl, maps the
top-1 entity to the set's entry keys, and scores with the set's own scorer
(score_names_eval.py): precision, recall, F1, accuracy per kind. Then the same
on our own set, eval/names/queries.jsonl (gold: entity ids), reported apart for
its ``train`` part (tuned on) and its ``heldout`` part (never tuned on).
Speed: queries per second of ``screen`` (one process, index already built)
against a brute-force baseline in the same run: rapidfuzz ``process.extractOne``
over every normalised name of every entity. Each side makes five passes over the
dev set, every one with cold word caches, and the fastest pass of each counts: on a
machine shared with other jobs a single pass of a quarter second mostly measures them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR, eval_module  # noqa: E402
from proscribed import settings  # noqa: E402
from proscribed.matching import ScreeningIndex, screen  # noqa: E402
from proscribed.matching.tokens import load_resources  # noqa: E402
from proscribed.service.queries import screening_index  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.sources.loader import natural_key  # noqa: E402
from proscribed.text.normalize import norm  # noqa: E402

EVAL = EVAL_DIR
OWN = ROOT / "eval" / "names" / "queries.jsonl"


PASSES = 5  # timed passes per side; the fastest counts


def _cold(index: ScreeningIndex | None = None) -> None:
    """Empty the word caches (and the index's word memos), so each timed pass analyses its queries from scratch.

    Every memo of the text and matching modules is emptied, not a list of them that a new
    one would escape; the loaded resources (maxsize 1: dictionaries, tables) stay loaded.
    """
    from proscribed.matching import tokens
    from proscribed.text import countries, lexicon, morph, normalize

    for module in (normalize, morph, countries, lexicon, tokens):
        for fn in vars(module).values():
            params = getattr(fn, "cache_parameters", None)
            if params is not None and params()["maxsize"] != 1:
                fn.cache_clear()
    if index is not None:
        for memo in (index._weights, index._generic, index._near):  # noqa: SLF001  what a pass would fill
            memo.clear()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval", nargs="?", default=str(EVAL / "names-dev.jsonl"))
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--predictions", default=None, help="also write the predictions here")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--split", default=None, help="with --show-errors: only this part of our set (train)")
    args = ap.parse_args()
    if args.show_errors and args.split == "heldout":
        ap.error("the held-out part is for reporting only: its errors are never shown")
    threshold = settings.match_threshold() if args.threshold is None else args.threshold

    queries = [json.loads(line) for line in open(args.eval, encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.sqlite3")
        t0 = time.perf_counter()
        index = screening_index(store)
        build_s = time.perf_counter() - t0
        load_resources()  # process start-up, not per query

        preds: list[dict[str, Any]] = []

        def ours() -> None:
            _cold(index)
            preds.clear()
            for q in queries:
                found = screen(index, q["query"], threshold=threshold, limit=1)
                if found:
                    m = found[0]
                    key = natural_key(m.designation.registry, m.designation.listed_on, m.entity.caption)
                    preds.append({"id": q["id"], "key": key, "score": m.score, "why": m.explanation,
                                  "name": m.matched_name})
                else:
                    preds.append({"id": q["id"], "key": None, "score": None})

        # Baseline: the plain fuzzy matcher, one extractOne over every name.
        choices = [norm(n.value) for e in index.entities for n in e.names]

        def baseline() -> None:
            _cold()
            for q in queries:
                process.extractOne(norm(q["query"]), choices, scorer=fuzz.WRatio)

        ours_cpu, ours_wall = _fastest(ours)
        base_cpu, base_wall = _fastest(baseline)
        own = [json.loads(line) for line in open(OWN, encoding="utf-8") if line.strip()]
        own_preds = []
        for q in own:
            found = screen(index, q["query"], threshold=threshold, limit=1)
            own_preds.append({"id": q["id"], "key": found[0].entity.id if found else None,
                              "score": found[0].score if found else None,
                              "why": found[0].explanation if found else "",
                              "name": found[0].matched_name if found else None})
        store.close()

    scorer = eval_module("score_names_eval.py")
    for part in ("train", "heldout"):
        _report_own(scorer, [q for q in own if q["split"] == part], own_preds, threshold, part)
    if args.show_errors and args.split:
        _show_errors([q for q in own if q["split"] == args.split], own_preds, threshold)
    res = scorer.score(queries, preds, threshold)
    print(f"names eval: {args.eval}  ({len(queries)} queries, threshold {threshold:.2f})")
    print(f"  precision {res['precision']:.3f}  recall {res['recall']:.3f}  F1 {res['f1']:.3f}  "
          f"accuracy {res['accuracy']:.3f}  negative FP rate {res['negative_false_positive_rate']:.3f}")
    pos = [q for q in queries if q["gold"] and q["kind"] != "related"]
    by_id = {p["id"]: p for p in preds}
    top1 = sum(1 for q in pos if by_id[q["id"]]["key"] in q["gold"] and (by_id[q["id"]]["score"] or 0) >= threshold)
    print(f"  top-1 accuracy on queries with a gold entry: {top1 / len(pos):.3f}  (n={len(pos)})")
    for kind, acc in res["per_kind_accuracy"].items():
        print(f"    {kind:12} {acc:.3f}  (n={res['per_kind_n'][kind]})")
    r = res["related"]
    print(f"    related      hit {r['hit_rate']:.3f}  any result {r['any_result_rate']:.3f}  (n={r['n']}, not in totals)")
    print(f"speed: index build {build_s:.2f} s; screening {len(queries) / ours_cpu:.0f} queries/s of CPU "
          f"({len(queries) / ours_wall:.0f} by the clock); brute-force rapidfuzz extractOne over {len(choices)} names "
          f"{len(queries) / base_cpu:.0f} ({len(queries) / base_wall:.0f}); ratio {base_cpu / ours_cpu:.1f}x of CPU "
          f"({base_wall / ours_wall:.1f}x by the clock; fastest of {PASSES} cold passes each)")
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    if args.show_errors and not args.split:
        _show_errors(queries, preds, threshold)
    return 0


def _fastest(run: Callable[[], None]) -> tuple[float, float]:
    """The fastest of PASSES runs, in CPU seconds of this process and in seconds by the clock.

    CPU time leaves out the time other jobs of a shared machine take the core away; the
    clock is printed beside it.
    """
    cpu = wall = math.inf
    for _ in range(PASSES):
        c0, w0 = time.process_time(), time.perf_counter()
        run()
        cpu, wall = min(cpu, time.process_time() - c0), min(wall, time.perf_counter() - w0)
    return cpu, wall


def _report_own(scorer: Any, queries: list[dict[str, Any]], preds: list[dict[str, Any]], threshold: float,
                part: str) -> None:
    res = scorer.score(queries, preds, threshold)
    pos = [q for q in queries if q["gold"]]
    by_id = {p["id"]: p for p in preds}
    top1 = sum(1 for q in pos if by_id[q["id"]]["key"] in q["gold"])
    print(f"own set, {part}: {len(queries)} queries; top-1 on queries with a gold entry {top1 / len(pos):.3f} "
          f"(n={len(pos)}); negatives answered with a match {res['negative_false_positive_rate']:.3f} "
          f"(n={res['per_kind_n'].get('negative', 0)}); precision {res['precision']:.3f} recall {res['recall']:.3f}")
    print("    " + "  ".join(f"{k} {v:.3f}" for k, v in res["per_kind_accuracy"].items()))


def _show_errors(queries: list[dict[str, Any]], preds: list[dict[str, Any]], threshold: float) -> None:
    by_id = {p["id"]: p for p in preds}
    for q in queries:
        p = by_id[q["id"]]
        ok_key = p["key"] in q["gold"] if q["gold"] else False
        hit = p["key"] is not None and (p["score"] or 0) >= threshold
        if (q["gold"] and not (ok_key and hit)) or (not q["gold"] and hit):
            print(f"[{q['kind']}] {q['query']!r} -> {p['key']!r} {p.get('score')} via {p.get('name')!r} "
                  f"{p.get('why', '')}\n      gold {q['gold'][:2]}")


if __name__ == "__main__":
    sys.exit(main())
