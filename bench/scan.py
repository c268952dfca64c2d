#!/usr/bin/env python3
"""Scanning speed on a large corpus, against a raw pyahocorasick pass.

Usage: python bench/scan.py [--mb 50]

The corpus (built in memory, deterministic) mixes the evaluation articles of
../shared/eval/news-dev.jsonl, sentences naming registry entries (names of the
store in their published form and inflected) and filler sentences, in
documents of about 4 KB, until it reaches --mb megabytes of UTF-8.

Prints: the time and memory to build the scanner from the store; the scanner's
throughput on one core (MB/s, full verification and mention objects); the
throughput of a raw pyahocorasick pass (automaton.iter over the same documents
with the same surface forms, nothing else) measured in the same run; the ratio.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import ahocorasick

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR  # noqa: E402
from proscribed.scan.scanner import build_scanner_from_entities  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

EVAL = EVAL_DIR
_FILLER = [
    "The committee met on Tuesday to discuss the budget for the coming year.",
    "Погода в регионе остаётся неустойчивой, в выходные ожидаются дожди.",
    "Local officials said the new road would open before the winter holidays.",
    "Эксперты отмечают рост цен на продукты в крупных городах страны.",
    "The report was published after months of interviews with residents.",
    "Жители района собрались на встречу с представителями администрации.",
]


def corpus(store_entities: list, megabytes: float) -> list[str]:  # type: ignore[type-arg]
    rng = random.Random(20261128)
    articles = [json.loads(line)["text"] for line in open(EVAL / "news-dev.jsonl", encoding="utf-8")]
    names = [n.value for e in store_entities for n in e.names if n.kind in ("official", "variant", "translation")]
    docs: list[str] = []
    size = 0
    target = int(megabytes * 1_000_000)
    while size < target:
        parts = []
        while sum(len(p) for p in parts) < 4000:
            r = rng.random()
            if r < 0.25:
                art = rng.choice(articles)
                start = rng.randrange(0, max(1, len(art) - 1500))
                parts.append(art[start:start + 1500])
            elif r < 0.33:
                parts.append(f"В сообщении упоминается «{rng.choice(names)}», а также {rng.choice(names)}.")
            else:
                parts.append(rng.choice(_FILLER))
        doc = " ".join(parts)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.sqlite3")
        entities = list(store.entities())
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        scanner, _ = build_scanner_from_entities(entities)
        build = time.perf_counter() - t0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        pickled = len(pickle.dumps(scanner, protocol=pickle.HIGHEST_PROTOCOL))
        print(f"scanner: {len(scanner.forms)} surface forms over {len(entities)} entities; built in {build:.2f} s; "
              f"peak resident memory +{(rss_after - rss_before) / 1e3:.0f} MB while building; "
              f"{pickled / 1e6:.1f} MB pickled (as cached and shipped to workers)")
        docs = corpus(entities, args.mb)
        total = sum(len(d.encode("utf-8")) for d in docs)
        print(f"corpus: {len(docs)} documents, {total / 1e6:.1f} MB")

        raw = ahocorasick.Automaton()
        for i, form in enumerate(scanner.forms):
            raw.add_word(form, i)
        raw.make_automaton()
        t0 = time.perf_counter()
        raw_hits = 0
        for d in docs:
            for _ in raw.iter(d.lower()):
                raw_hits += 1
        raw_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        mentions = 0
        for d in docs:
            mentions += len(scanner.scan(d))
        ours_s = time.perf_counter() - t0
        store.close()
    print(f"raw pyahocorasick (lower-case + iter, same {len(scanner.forms)} forms): {total / raw_s / 1e6:.1f} MB/s "
          f"({raw_hits} raw hits)")
    print(f"scanner (normalise, match, verify, mention objects): {total / ours_s / 1e6:.1f} MB/s on one core "
          f"({mentions} mentions); ratio to raw {raw_s / ours_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
