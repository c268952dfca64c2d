"""Load benchmark of the HTTP API: the real server on loopback, a bounded load from another process.

    python bench/api.py [--seconds 5] [--clients 1,10,50] [--url http://127.0.0.1:PORT]
    python bench/api.py --db /tmp/bench.sqlite3 --db postgresql://user@host/db --endpoints match --clients 10

Without --url, starts ``proscribed serve`` (uvicorn, one process) on a free port of
127.0.0.1 against PROSCRIBED_DB (or against each --db in turn: the stores side by side,
the first one the baseline of the ratios), and stops it afterwards. For each endpoint (search,
entity page, yente's entity JSON, /match, a reconciliation batch) and each concurrency level,
N clients (asyncio + httpx, keep-alive)
send requests back to back for a fixed time; prints requests per second and the
p50/p95/p99 latency. The load generator runs in this process, the server in another.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

NAMES = ["Amnesty International", "Международная амнистия", "Радио Свобода", "Открытой России", "Meduza",
         "Bellingcat", "Transparency International", "Greenpeace", "Human Rights Watch", "Мемориал",
         "International Committee of the Red Cross", "Российский Красный Крест"]
ENTITIES = ["ru-undesirable-226", "ru-undesirable-001", "ru-undesirable-142", "ru-undesirable-057",
            "ru-undesirable-073", "ru-undesirable-008", "ru-undesirable-077"]

Request = Callable[[httpx.AsyncClient, random.Random], Any]


def _search(c: httpx.AsyncClient, rnd: random.Random) -> Any:
    return c.get("/api/entities", params={"q": rnd.choice(NAMES), "limit": 20})


def _entity(c: httpx.AsyncClient, rnd: random.Random) -> Any:
    # The HTML page, as a browser asks for it (a program gets yente's JSON at the same address).
    return c.get(f"/entities/{rnd.choice(ENTITIES)}", headers={"Accept": "text/html"})


def _entity_json(c: httpx.AsyncClient, rnd: random.Random) -> Any:
    return c.get(f"/entities/{rnd.choice(ENTITIES)}")  # yente's entity with its nested Sanctions


def _match(c: httpx.AsyncClient, rnd: random.Random) -> Any:
    return c.post("/match/default", json={"queries": {"q": {"schema": "Organization",
                                                             "properties": {"name": [rnd.choice(NAMES)]}}}})


def _reconcile(c: httpx.AsyncClient, rnd: random.Random) -> Any:
    queries = {f"q{i}": {"query": rnd.choice(NAMES)} for i in range(3)}  # OpenRefine's batch, form-encoded
    return c.post("/reconcile/default", data={"queries": json.dumps(queries)})


ENDPOINTS: dict[str, Request] = {"search": _search, "entity": _entity, "entity-json": _entity_json,
                                 "match": _match, "reconcile": _reconcile}


async def _client(base: str, make: Request, until: float, seed: int, out: list[float], errors: list[int]) -> None:
    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            r = await make(c, rnd)
            dt = time.perf_counter() - t0
            if r.status_code == 200:
                out.append(dt)
            else:
                errors.append(r.status_code)


async def _level(base: str, make: Request, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    await asyncio.gather(*(_client(base, make, start + seconds, i, latencies, errors) for i in range(clients)))
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0.0] * 99
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "n": len(latencies), "errors": len(errors)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(db: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ) if db is None else dict(os.environ, PROSCRIBED_DB=db)
    proc = subprocess.Popen([sys.executable, "-m", "proscribed", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _backend(db: str | None) -> str:
    location = db if db is not None else os.environ.get("PROSCRIBED_DB", "")
    return "postgresql" if location.startswith(("postgresql://", "postgres://")) else "sqlite"


def _run(base: str, label: str, args: argparse.Namespace) -> dict[tuple[str, int], dict[str, float]]:
    with httpx.Client(base_url=base) as c:  # warm the caches (index, snapshot, pages)
        for name in NAMES[:3]:
            c.get("/api/entities", params={"q": name})
        c.get("/entities/ru-undesirable-226")
    print(f"{label}: server {base}; {args.seconds:g} s per run; load: asyncio + httpx keep-alive, one process")
    print(f"{'endpoint':8} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'n':>7} "
          f"{'errors':>6}")
    figures: dict[tuple[str, int], dict[str, float]] = {}
    for name in args.endpoints.split(","):
        for clients in (int(x) for x in args.clients.split(",")):
            r = asyncio.run(_level(base, ENDPOINTS[name], clients, args.seconds))
            figures[(name, clients)] = r
            print(f"{name:8} {clients:7d} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                  f"{int(r['n']):7d} {int(r['errors']):6d}", flush=True)
    return figures


def _side_by_side(results: list[tuple[str, dict[tuple[str, int], dict[str, float]]]]) -> None:
    """Each store's req/s and p95 per endpoint and concurrency; ratios against the first store."""
    (base_label, base), others = results[0], results[1:]
    print(f"\nside by side (ratio: against {base_label}, measured in this run)")
    head = f"{'endpoint':8} {'clients':>7} {base_label + ' req/s':>18} {'p95 ms':>8}"
    for label, _ in others:
        head += f" {label + ' req/s':>22} {'p95 ms':>8} {'req/s ratio':>11}"
    print(head)
    for key, r in base.items():
        line = f"{key[0]:8} {key[1]:7d} {r['rps']:18.1f} {r['p95']:8.1f}"
        for _, figures in others:
            o = figures[key]
            line += f" {o['rps']:22.1f} {o['p95']:8.1f} {o['rps'] / r['rps'] if r['rps'] else 0.0:11.2f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=None, help="A running server (default: start one).")
    parser.add_argument("--db", action="append", default=[],
                        help="A store to serve (SQLite path or postgresql:// URL); repeat to compare stores.")
    parser.add_argument("--seconds", type=float, default=5.0, help="Duration of each run (bounded).")
    parser.add_argument("--clients", default="1,10,50", help="Concurrency levels.")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    args = parser.parse_args()
    if args.url is not None:
        _run(args.url, "given server", args)
        return
    results = []
    for db in args.db or [None]:
        label = _backend(db)
        proc, base = _start_server(db)
        try:
            results.append((label, _run(base, label, args)))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    if len(results) > 1:
        _side_by_side(results)


if __name__ == "__main__":
    main()
