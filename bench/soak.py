#!/usr/bin/env python3
"""Soak: a long load on `proscribed serve --workers 2`; errors, memory and open files over time.

Usage: python bench/soak.py [--clients 50] [--seconds 600] [--every 30] [--idle 60]

Starts the server on a free port of 127.0.0.1 (PROSCRIBED_DB, or a copy of it you point at),
runs CLIENTS keep-alive clients sending a mix of requests (search, entity page, /match,
each made new so the answer cache does not hide the work) back to back, and prints every
EVERY seconds the requests served, errors, p50/p95/p99 latency, the resident memory of the
server and its workers, and their open files; then IDLE seconds without load and a last
sample. Flat memory and open files under a steady load, and no errors, are what to look for:
the first sample is the baseline every later one is compared with.
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


def _sample(pid: int) -> tuple[float, int]:
    """Resident memory (MB) and open files of the server and its workers."""
    procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    rss = sum(p.memory_info().rss for p in procs) / 1e6
    files = sum(p.num_fds() for p in procs)
    return rss, files


async def _soak(host: str, port: int, pid: int, clients: int, seconds: float, every: float) -> None:
    start = time.perf_counter()
    base_rss, base_files = _sample(pid)
    print(f"{'t (s)':>6} {'requests':>9} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'RSS MB':>7} {'ratio':>6} {'files':>6} {'ratio':>6}")
    print(f"{0:>6} {0:>9} {0:>6} {'-':>7} {'-':>7} {'-':>7} {base_rss:>7.0f} {1.0:>6.2f} {base_files:>6} {1.0:>6.2f}")
    total = errors_total = 0
    while time.perf_counter() - start < seconds:
        latencies: list[float] = []
        errors: list[int] = []
        until = time.perf_counter() + min(every, seconds - (time.perf_counter() - start))
        await asyncio.gather(*(_client(host, port, _mixed, until, random.getrandbits(32), latencies, errors)
                               for _ in range(clients)))
        total += len(latencies)
        errors_total += len(errors)
        q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
        rss, files = _sample(pid)
        print(f"{time.perf_counter() - start:>6.0f} {total:>9} {errors_total:>6} {q[49] * 1000:>7.1f} "
              f"{q[94] * 1000:>7.1f} {q[98] * 1000:>7.1f} {rss:>7.0f} {rss / base_rss:>6.2f} {files:>6} "
              f"{files / base_files:>6.2f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--every", type=float, default=30.0)
    ap.add_argument("--idle", type=float, default=60.0)
    args = ap.parse_args()
    proc, base = _start_server(2, None)
    host, port = base.removeprefix("http://").split(":")
    try:
        asyncio.run(_soak(host, int(port), proc.pid, args.clients, args.seconds, args.every))
        time.sleep(args.idle)
        rss, files = _sample(proc.pid)
        print(f"after {args.idle:.0f} s idle: RSS {rss:.0f} MB, open files {files}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
