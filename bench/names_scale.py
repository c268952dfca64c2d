#!/usr/bin/env python3
"""Screening against the registries plus a million synthetic names: build time, memory, speed, quality.

Usage: python bench/names_scale.py CORPUS.jsonl.gz [--eval names-dev.jsonl]
       (make the corpus with: python scripts/make_scale_corpus.py 1000000 CORPUS.jsonl.gz)

Prints the index build time and the process's resident memory after the build,
queries per second on one core and latency percentiles of the evaluation
queries, and their registry precision and recall both against the registries
alone (the baseline, same run) and against the registries plus the corpus: a query's
registry answer is its best registry entity among the first five results, as a user
screening both lists sees it; how many queries have a synthetic namesake on top is
printed apart.
"""

from __future__ import annotations

import argparse
import gzip
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
from proscribed.matching.tokens import load_resources  # noqa: E402
from proscribed.model import Designation, Entity, Name  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.sources.loader import natural_key  # noqa: E402


def load_corpus(path: str) -> list[Entity]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append(Entity(id=d["id"], schema=d["schema"], caption=d["caption"],
                              names=tuple(Name(**n) for n in d["names"]),
                              designations=tuple(Designation(registry=x["registry"], status=x["status"], listed_on=None)
                                                 for x in d["designations"]),
                              country=None, properties=d["properties"]))
    return out


def run(index: ScreeningIndex, queries: list[dict[str, object]],
        threshold: float) -> tuple[list[dict[str, object]], list[float], int]:
    """Registry predictions (the best registry entity among the first five results), latencies, own-list tops."""
    preds, took, own_top = [], [], 0
    for q in queries:
        t0 = time.perf_counter()
        found = screen(index, str(q["query"]), threshold=threshold, limit=5)
        took.append(time.perf_counter() - t0)
        own_top += bool(found) and found[0].designation.registry == "own-list"
        listed = [m for m in found if m.designation.registry != "own-list"]
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
        store.close()
    load_resources()
    base = ScreeningIndex(registry)
    run(base, queries, threshold)  # both indexes are timed with warm word caches, as in a server
    base_preds, base_took, _ = run(base, queries, threshold)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # peak resident size (KiB on Linux)
    t0 = time.perf_counter()
    corpus = load_corpus(args.corpus)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    big = ScreeningIndex(registry + corpus, reference=len(registry))
    build_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    names = len(big.names)
    del corpus
    run(big, queries, threshold)
    preds, took, own_top = run(big, queries, threshold)
    print(f"{own_top} of {len(queries)} queries have a synthetic name as their best match (a namesake on the own list)")
    for label, p, t in (("registries only", base_preds, base_took), (f"registries + {names:,} names", preds, took)):
        res = scorer.score(queries, p, threshold)
        ms = sorted(x * 1000 for x in t)
        print(f"{label}: precision {res['precision']:.3f} recall {res['recall']:.3f} negative FP "
              f"{res['negative_false_positive_rate']:.3f}; {len(t) / sum(t):.0f} queries/s; latency p50 "
              f"{statistics.median(ms):.2f} ms p95 {ms[int(len(ms) * 0.95)]:.2f} ms p99 {ms[int(len(ms) * 0.99)]:.2f} ms")
    print(f"corpus load {load_s:.1f} s; index build {build_s:.1f} s over {names:,} names; peak resident memory "
          f"{rss1 / 2**30:.2f} GiB ({(rss1 - rss0) / 2**30:.2f} GiB for the corpus and its index)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
