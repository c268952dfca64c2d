#!/usr/bin/env python3
"""Soak: a long load on `proscribed serve --workers 2`; errors, latency, memory and open files over time.

Usage: python bench/soak.py [--clients 50] [--seconds 600] [--every 60] [--warmup 60] [--idle 120]

Starts the server on a free port of 127.0.0.1 (PROSCRIBED_DB, or a copy of it you point at),
runs CLIENTS keep-alive clients sending a mix of requests (search, entity page, /match,
each made new so the answer cache does not hide the work) back to back. The first WARMUP
seconds of load fill what a server fills once (the screening index and scanner in each
worker, the answer cache, the connection pool); the sample taken then is the baseline.
Every EVERY seconds after it prints the requests served, errors, p50/p95/p99 latency, and
the resident memory and open files of each server process (the supervisor and its
workers) with their total's ratio to the baseline; then IDLE seconds without load and a
last sample. The closing line gives the largest ratios after warm-up: flat is within 1.10.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import ENDPOINTS, _client, _start_server  # noqa: E402

MIX = [ENDPOINTS["search-new"], ENDPOINTS["entity"], ENDPOINTS["match-new"]]


def _mixed(rnd: random.Random) -> bytes:
    return rnd.choice(MIX)(rnd)


def _sample(pid: int) -> list[tuple[float, int]]:
    """Resident memory (MB) and open files of the server and of each worker."""
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    return [(p.memory_info().rss / 1e6, p.num_fds()) for p in procs]


def _total(sample: list[tuple[float, int]]) -> tuple[float, int]:
    return sum(rss for rss, _ in sample), sum(files for _, files in sample)


def _row(label: str, requests: int, errors: int, q: list[float] | None, sample: list[tuple[float, int]],
         base: tuple[float, int]) -> tuple[float, float]:
    rss, files = _total(sample)
    each = " ".join(f"{r:.0f}/{f}" for r, f in sample)
    lat = " ".join(f"{q[i] * 1000:>7.1f}" for i in (49, 94, 98)) if q else f"{'-':>7} {'-':>7} {'-':>7}"
    print(f"{label:>9} {requests:>9} {errors:>6} {lat} {rss:>7.0f} {rss / base[0]:>6.2f} {files:>6} "
          f"{files / base[1]:>6.2f}  {each}", flush=True)
    return rss / base[0], files / base[1]


async def _load(host: str, port: int, clients: int, seconds: float) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    errors: list[int] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(host, port, _mixed, until, random.getrandbits(32), latencies, errors)
                           for _ in range(clients)))
    return latencies, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=600.0, help="seconds of load after warm-up")
    ap.add_argument("--every", type=float, default=60.0)
    ap.add_argument("--warmup", type=float, default=60.0)
    ap.add_argument("--idle", type=float, default=120.0)
    args = ap.parse_args()
    proc, base_url = _start_server(2, None)
    host, port = base_url.removeprefix("http://").split(":")
    try:
        cold = _total(_sample(proc.pid))
        _lat, warm_errors = asyncio.run(_load(host, int(port), args.clients, args.warmup))
        base = _total(_sample(proc.pid))
        print(f"{args.clients} clients, 2 workers; before any load: RSS {cold[0]:.0f} MB, open files {cold[1]}; "
              f"warm-up {args.warmup:.0f} s ({len(warm_errors)} errors); ratios below are to the sample after it")
        print(f"{'t (s)':>9} {'requests':>9} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
              f"{'RSS MB':>7} {'ratio':>6} {'files':>6} {'ratio':>6}  per process MB/files")
        _row("0", 0, 0, None, _sample(proc.pid), base)
        total = errors_total = 0
        worst = [1.0, 1.0]
        start = time.perf_counter()
        while (left := args.seconds - (time.perf_counter() - start)) > 0.5:
            latencies, errors = asyncio.run(_load(host, int(port), args.clients, min(args.every, left)))
            total += len(latencies)
            errors_total += len(errors)
            q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else None
            ratios = _row(f"{time.perf_counter() - start:.0f}", total, errors_total, q, _sample(proc.pid), base)
            worst = [max(w, r) for w, r in zip(worst, ratios)]
        time.sleep(args.idle)
        ratios = _row(f"idle {args.idle:.0f}", total, errors_total, None, _sample(proc.pid), base)
        worst = [max(w, r) for w, r in zip(worst, ratios)]
        print(f"summary: {total} requests, {errors_total} errors after warm-up; largest ratio to the warm "
              f"baseline: RSS {worst[0]:.3f}, open files {worst[1]:.3f} (flat: within 1.10)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
