#!/usr/bin/env python3
"""Screening against the registries plus a million names loaded into the store: load and build time, memory, speed, quality.

Usage: python bench/names_scale.py CORPUS.jsonl.gz [--eval names-dev.jsonl]
       (make the corpus with: python scripts/make_scale_corpus.py 1000000 CORPUS.jsonl.gz)

Loads the corpus into a fresh store as an own list (what ``proscribed load-entities``
does), reads the registries and the own list back from the store as ``check`` does,
and prints the load time, the read and index build times and the process's peak
resident memory after the build,
queries per second on one core and latency percentiles of the evaluation
queries, and their registry precision and recall both against the registries
alone (the baseline, same run) and against the registries plus the corpus: a query's
registry answer is its best registry entity among the first five results, as a user
screening both lists sees it; how many queries have a synthetic namesake on top is
printed apart.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR, eval_module  # noqa: E402
from proscribed import settings  # noqa: E402
from proscribed.matching import ScreeningIndex, screen  # noqa: E402
from proscribed.cache import without_gc  # noqa: E402
from proscribed.matching.tokens import load_resources  # noqa: E402
from proscribed.service.own_lists import load_own_list, own_list_entities  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.sources.loader import natural_key  # noqa: E402


def run(index: ScreeningIndex, queries: list[dict[str, object]],
        threshold: float) -> tuple[list[dict[str, object]], list[float], int]:
    """Registry predictions (the best registry entity among the first five results), latencies, own-list tops."""
    preds, took, own_top = [], [], 0
    for q in queries:
        t0 = time.perf_counter()
        found = screen(index, str(q["query"]), threshold=threshold, limit=5)
        took.append(time.perf_counter() - t0)
        own_top += bool(found) and found[0].designation.registry.startswith("own:")
        listed = [m for m in found if not m.designation.registry.startswith("own:")]
        key = None
        if listed:
            m = listed[0]
            key = natural_key(m.designation.registry, m.designation.listed_on, m.entity.caption)
        preds.append({"id": q["id"], "key": key, "score": listed[0].score if listed else None})
    return preds, took, own_top


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus")
    ap.add_argument("--eval", default=str(EVAL_DIR / "names-dev.jsonl"))
    args = ap.parse_args()
    threshold = settings.match_threshold()
    queries = [json.loads(line) for line in open(args.eval, encoding="utf-8") if line.strip()]
    scorer = eval_module("score_names_eval.py")
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "scale.sqlite3")
        registry = list(store.entities())
        load_resources()
        base = ScreeningIndex(registry)
        run(base, queries, threshold)  # both indexes are timed with warm word caches, as in a server
        base_preds, base_took, _ = run(base, queries, threshold)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # peak resident size (KiB on Linux)
        t0 = time.perf_counter()
        loaded = load_own_list(store, Path(args.corpus), "scale")
        load_s = time.perf_counter() - t0
        # As service.own_lists.full_screening_index reads and builds it (and then caches it beside the store).
        with without_gc():
            t0 = time.perf_counter()
            own = own_list_entities(store)
            read_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            big = ScreeningIndex(registry + own, reference=len(registry))
            build_s = time.perf_counter() - t0
        store.close()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    names = len(big.names)
    del own
    run(big, queries, threshold)
    preds, took, own_top = run(big, queries, threshold)
    print(f"{own_top} of {len(queries)} queries have a synthetic name as their best match (a namesake on the own list)")
    for label, p, t in (("registries only", base_preds, base_took), (f"registries + {names:,} names", preds, took)):
        res = scorer.score(queries, p, threshold)
        ms = sorted(x * 1000 for x in t)
        print(f"{label}: precision {res['precision']:.3f} recall {res['recall']:.3f} negative FP "
              f"{res['negative_false_positive_rate']:.3f}; {len(t) / sum(t):.0f} queries/s; latency p50 "
              f"{statistics.median(ms):.2f} ms p95 {ms[int(len(ms) * 0.95)]:.2f} ms p99 {ms[int(len(ms) * 0.99)]:.2f} ms")
    print(f"load into the store {load_s:.1f} s ({loaded['entities']:,} entities, {loaded['names']:,} names); read back "
          f"{read_s:.1f} s; index build {build_s:.1f} s over {names:,} names (registries included); peak resident memory "
          f"{rss1 / 2**30:.2f} GiB ({(rss1 - rss0) / 2**30:.2f} GiB for the corpus and its index)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
