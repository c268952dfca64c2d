"""Load benchmark of the HTTP API: the real server on loopback, a bounded load from another process.

    python bench/api.py [--seconds 5] [--clients 1,10,50] [--server-workers 2] [--url http://127.0.0.1:PORT]
    python bench/api.py --db /tmp/bench.sqlite3 --db postgresql://user@host/db --endpoints match --clients 10

Without --url, starts ``proscribed serve --workers N`` (uvicorn; N defaults to the number of
cores) on a free port of 127.0.0.1 against PROSCRIBED_DB (or against each --db in turn: the
stores side by side, the first one the baseline of the ratios), and stops it afterwards. For each
endpoint (search, entity page, /match) and each concurrency level, N clients send requests
back to back for a fixed time over keep-alive connections; prints requests per second and
the p50/p95/p99 latency, and the server's resident memory (all its processes) before the
load and after it.

The load generator is a minimal HTTP/1.1 client on asyncio streams, in this process: an
HTTP library's own cost per request (httpx: about a millisecond of CPU) would compete with
the server for the same cores and be counted as server latency. Each answer is checked
(status 200, the whole body read). The baseline is a request that does no work
(``/healthz``) at the same concurrency: the floor of this machine, server stack and client.

The server keeps the answers of search and /match per content of the data
(``proscribed/server/answers.py``): ``search`` and ``match`` ask the names above again and
again, as a screening flow does, and are mostly answered from it; ``search-new`` and
``match-new`` make every request new and measure the full work of each: a name drawn from
the 2,378 queries of ``eval/names/queries.jsonl`` (every script, typos, inflections, persons,
names not listed), with a query parameter the server ignores so that no request repeats.

Besides latency, each run prints the server's CPU time per request (all its processes,
from the kernel's accounting): unlike latency it hardly depends on what else the machine
runs, so it compares runs on a loaded machine.
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
from functools import cache
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import psutil

NAMES = ["Amnesty International", "Международная амнистия", "Радио Свобода", "Открытой России", "Meduza",
         "Bellingcat", "Transparency International", "Greenpeace", "Human Rights Watch", "Мемориал",
         "International Committee of the Red Cross", "Российский Красный Крест"]
ENTITIES = ["ru-undesirable-226", "ru-undesirable-001", "ru-undesirable-142", "ru-undesirable-057",
            "ru-undesirable-073", "ru-undesirable-008", "ru-undesirable-077"]

QUERIES = Path(__file__).resolve().parent.parent / "eval" / "names" / "queries.jsonl"

Request = Callable[[random.Random], bytes]


@cache
def _new_names() -> list[tuple[str, str]]:
    """(name, schema) of every evaluation query: a person's name is asked as a Person."""
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["query"], "Person" if r["kind"] == "person" else "Organization") for r in rows]


def _get(path: str, accept: str = "*/*") -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: {accept}\r\n\r\n".encode()


def _post(path: str, body: bytes) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _search(rnd: random.Random) -> bytes:
    return _get("/api/entities?" + urlencode({"q": rnd.choice(NAMES), "limit": 20}))


def _entity(rnd: random.Random) -> bytes:
    # /entities/{id} answers yente's JSON to programs and the page to browsers: ask for the page.
    return _get(f"/entities/{rnd.choice(ENTITIES)}", accept="text/html")


def _match(rnd: random.Random) -> bytes:
    body = {"queries": {"q": {"schema": "Organization", "properties": {"name": [rnd.choice(NAMES)]}}}}
    return _post("/match/default", json.dumps(body, ensure_ascii=False).encode())


def _healthz(rnd: random.Random) -> bytes:
    return _get("/healthz")


def _fresh(request: bytes, rnd: random.Random) -> bytes:
    """The request made new by a query parameter the server ignores: its answer cache never has it."""
    line, _, rest = request.partition(b" HTTP/1.1")
    sep = b"&" if b"?" in line else b"?"
    return line + sep + f"fresh={rnd.getrandbits(64)}".encode() + b" HTTP/1.1" + rest


def _search_new(rnd: random.Random) -> bytes:
    name, _ = rnd.choice(_new_names())
    return _fresh(_get("/api/entities?" + urlencode({"q": name, "limit": 20})), rnd)


def _match_new(rnd: random.Random) -> bytes:
    name, schema = rnd.choice(_new_names())
    body = {"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}
    return _fresh(_post("/match/default", json.dumps(body, ensure_ascii=False).encode()), rnd)


ENDPOINTS: dict[str, Request] = {"healthz": _healthz, "search": _search, "search-new": _search_new,
                                 "entity": _entity, "match": _match, "match-new": _match_new}


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request, read the whole answer; its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = chunked = None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if length is not None:
        await reader.readexactly(length)
    elif chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _client(host: str, port: int, make: Request, until: float, seed: int, out: list[float],
                  errors: list[int]) -> None:
    rnd = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            request = make(rnd)
            t0 = time.perf_counter()
            status = await _exchange(reader, writer, request)
            dt = time.perf_counter() - t0
            if status == 200:
                out.append(dt)
            else:
                errors.append(status)
    finally:
        writer.close()


async def _level(host: str, port: int, make: Request, clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    await asyncio.gather(*(_client(host, port, make, start + seconds, i, latencies, errors) for i in range(clients)))
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0.0] * 99
    return {"rps": len(latencies) / elapsed, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000,
            "n": len(latencies), "errors": len(errors)}


async def _warm_round(host: str, port: int, connections: int) -> None:
    """The requests of a warm-up, over ``connections`` connections at once."""
    warm_up = [_get("/api/entities?" + urlencode({"q": name})) for name in NAMES]
    warm_up += [_match(random.Random(i)) for i in range(len(NAMES))]
    warm_up += [_match_new(random.Random(i)) for i in range(20)] + [_search_new(random.Random(i)) for i in range(20)]
    warm_up += [_get(f"/entities/{entity}", accept="text/html") for entity in ENTITIES]

    async def one() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for request in warm_up:
                await _exchange(reader, writer, request)
        finally:
            writer.close()

    await asyncio.gather(*(one() for _ in range(connections)))


_WARM_CPU = 0.5  # seconds: a worker's first requests load the screening's libraries (more than this)


def _warm(host: str, port: int, workers: int, proc: subprocess.Popen[bytes] | None) -> None:
    """Every worker's caches filled (snapshot, index, the libraries screening loads on first use).

    Each worker process accepts its own connections, and one may take them all: rounds of
    new connections go on until ``workers`` processes have worked (their CPU time grew by
    ``_WARM_CPU``; the server's other processes, its supervisor and multiprocessing's resource
    tracker, take no requests), so that no worker pays its first-use costs during a measured run.
    """
    if proc is None:
        asyncio.run(_warm_round(host, port, 4 * workers))
        return
    processes = _processes(proc.pid)
    start = {p.pid: _cpu(p) for p in processes}
    for _ in range(30):
        asyncio.run(_warm_round(host, port, 4 * workers))
        if sum(_cpu(p) - start[p.pid] >= _WARM_CPU for p in processes) >= workers:
            return
    print("warning: some worker took no warm-up request", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(workers: int, db: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ) if db is None else dict(os.environ, PROSCRIBED_DB=db)
    proc = subprocess.Popen([sys.executable, "-m", "proscribed", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _processes(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (uvicorn's workers), in MB."""
    return sum(p.memory_info().rss for p in _processes(pid)) / 1e6


def _cpu(process: psutil.Process) -> float:
    """CPU time (user and system) a process used so far, in seconds."""
    times = process.cpu_times()
    return float(times.user + times.system)


def _cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and its children (uvicorn's workers)."""
    return sum(_cpu(p) for p in _processes(pid))


Figures = dict[tuple[str, int], dict[str, float]]


def _run(base: str, label: str, args: argparse.Namespace, proc: subprocess.Popen[bytes] | None) -> Figures:
    """Every endpoint at every concurrency against one server; prints and returns the figures."""
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    _warm(host, port, args.server_workers, proc)
    before = _rss_mb(proc.pid) if proc is not None else None
    workers = f"{args.server_workers} worker process(es)" if proc is not None else "running server"
    print(f"{label}: server {base} ({workers}, {os.cpu_count()} cores); {args.seconds:g} s per run; load: asyncio "
          f"keep-alive HTTP/1.1 client, one process")
    print(f"{'endpoint':10} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'n':>7} "
          f"{'errors':>6} {'p95/healthz':>11} {'CPU ms/req':>11}")
    floor: dict[int, float] = {}
    figures: Figures = {}
    for name in args.endpoints.split(","):
        for clients in (int(x) for x in args.clients.split(",")):
            if clients not in floor and name != "healthz":
                floor[clients] = asyncio.run(_level(host, port, _healthz, clients, min(args.seconds, 2.0)))["p95"]
            cpu = _cpu_seconds(proc.pid) if proc is not None else None
            r = figures[(name, clients)] = asyncio.run(_level(host, port, ENDPOINTS[name], clients, args.seconds))
            if proc is not None and cpu is not None:
                r["cpu_ms"] = (_cpu_seconds(proc.pid) - cpu) * 1000 / max(r["n"] + r["errors"], 1)
            if name == "healthz":
                floor[clients] = r["p95"]
            cpu_ms = f"{r['cpu_ms']:11.2f}" if "cpu_ms" in r else f"{'-':>11}"
            print(f"{name:10} {clients:7d} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                  f"{int(r['n']):7d} {int(r['errors']):6d} {r['p95'] / floor[clients]:11.1f} {cpu_ms}", flush=True)
    if proc is not None and before is not None:
        print(f"server resident memory: {before:.0f} MB before the load, {_rss_mb(proc.pid):.0f} MB after")
    return figures


def _side_by_side(results: list[tuple[str, Figures]]) -> None:
    """Each store's req/s and p95 per endpoint and concurrency; ratios against the first store."""
    (base_label, base), others = results[0], results[1:]
    print(f"\nside by side (ratio: against {base_label}, measured in this run)")
    head = f"{'endpoint':10} {'clients':>7} {base_label + ' req/s':>18} {'p95 ms':>8}"
    for label, _ in others:
        head += f" {label + ' req/s':>22} {'p95 ms':>8} {'req/s ratio':>11}"
    print(head)
    for key, r in base.items():
        line = f"{key[0]:10} {key[1]:7d} {r['rps']:18.1f} {r['p95']:8.1f}"
        for _, figures in others:
            o = figures[key]
            line += f" {o['rps']:22.1f} {o['p95']:8.1f} {o['rps'] / r['rps'] if r['rps'] else 0.0:11.2f}"
        print(line)


def _backend(db: str | None) -> str:
    location = db if db is not None else os.environ.get("PROSCRIBED_DB", "")
    return "postgresql" if location.startswith(("postgresql://", "postgres://")) else "sqlite"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default=None, help="A running server (default: start one).")
    parser.add_argument("--db", action="append", default=[],
                        help="A store to serve (SQLite path or postgresql:// URL); repeat to compare stores.")
    parser.add_argument("--seconds", type=float, default=5.0, help="Duration of each run (bounded).")
    parser.add_argument("--clients", default="1,10,50", help="Concurrency levels.")
    parser.add_argument("--server-workers", type=int, default=os.cpu_count() or 1,
                        help="Worker processes of the server it starts (default: the number of cores).")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS))
    args = parser.parse_args()
    if args.url is not None:
        _run(args.url, "running server", args, None)
        return
    results = []
    for db in args.db or [None]:
        proc, base = _start_server(args.server_workers, db)
        try:
            label = _backend(db) if len(args.db) < 2 else f"{_backend(db)} #{len(results) + 1}"
            results.append((label, _run(base, label, args, proc)))
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    if len(results) > 1:
        _side_by_side(results)


if __name__ == "__main__":
    main()
