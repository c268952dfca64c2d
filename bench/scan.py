#!/usr/bin/env python3
"""Scanning as a user runs it: whole commands on news texts, against a raw pyahocorasick pass.

Usage: python bench/scan.py [--mb 40] [--dask-docs 100000] [--text-mb 100] [--repeat 3] [--dask-default-env]
                            [--parts build,archive,workers,dask,memory]

The corpus is the evaluation articles (../shared/eval/news-dev.jsonl and eval/news/items-*.jsonl,
each article one document with its date) repeated to --mb megabytes of JSON Lines. Every
figure comes from the real command (``python -m proscribed ...``) in a child process, on a
fresh store of the bundled data; the baseline is measured in the same run. The commands run
with their bytecode compiled once (in a cache of this run), as an installed package runs.
The speed-ups (workers, dask) time each command --repeat times, alternately, and compare the
fastest runs (other jobs on the machine only ever slow a run down); every run is printed.

Prints:

* build: the time and memory to build the scanner, and its pickled size;
* archive: ``scan-archive CORPUS --json`` (compact mentions) and ``--details``, as the whole
  command less the start-up of the same command on an empty archive (printed apart), against
  the raw pass: one pyahocorasick automaton over the same surface forms, run over each
  lower-cased text, nothing else. Both are CPU seconds on one core (robust on a shared
  machine); wall seconds are printed beside them;
* workers: ``--workers 2`` against ``--workers 1`` (wall time, whole command and less the
  start-up), with identical output, and against a ceiling measured just before: the same
  pure-Python CPU work in 2 processes against 1 (below 2 on a busy or virtual machine); the
  CPU time of each (the command and its workers: the work going parallel adds); and the bound
  the single-process start-up puts on the speed-up of the whole command;
* dask: ``--scheduler`` on a local cluster of 2 worker processes against one local process
  on --dask-docs documents (wall time, the command's start-up included), with identical
  output, and against the ceiling (as for workers); the cluster is started before (its
  start-up is printed, and the speed-up counting it as well), its workers with
  MALLOC_MMAP_THRESHOLD_ set as docs/scanning.md advises (--dask-default-env: not);
* memory: the peak resident memory of ``scan`` on a --text-mb megabyte text (the articles
  joined), and of ``scan`` on one line (the start-up: Python, the scanner, the store).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ahocorasick
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR  # noqa: E402
from proscribed.scan.scanner import build_scanner_from_entities  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

PARTS = ("build", "archive", "workers", "dask", "memory")


def articles() -> list[tuple[str, str | None]]:
    """(text, published) of every evaluation article."""
    out = []
    for path in [EVAL_DIR / "news-dev.jsonl", *sorted((ROOT / "eval" / "news").glob("items-*.jsonl"))]:
        for line in open(path, encoding="utf-8"):
            rec = json.loads(line)
            if rec.get("text"):
                out.append((rec["text"], rec.get("published")))
    return out


def write_corpus(path: Path, texts: list[tuple[str, str | None]], *, megabytes: float | None = None,
                 documents: int | None = None) -> tuple[int, int]:
    """The articles repeated (each copy its own id) up to a size or a count; (documents, bytes)."""
    size = n = 0
    with open(path, "w", encoding="utf-8") as fh:
        while (megabytes is not None and size < megabytes * 1e6) or (documents is not None and n < documents):
            text, published = texts[n % len(texts)]
            line = json.dumps({"id": f"d{n:07d}", "text": text, "published": published}, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            n += 1
    return n, size


# Runs one command and reports on it. A small process of its own starts the command: a
# child's peak resident memory counts what it shared with its parent when forked, and this
# benchmark holds a scanner (hundreds of MB) by then.
_STARTER = """
import json, os, subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    t0 = time.perf_counter()
    child = subprocess.Popen(sys.argv[3:], stdout=out, stderr=err)
    _, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"wall": time.perf_counter() - t0, "code": os.waitstatus_to_exitcode(status),
                  "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}))
"""


class Run:
    """One command in a child process: its wall time, CPU time and peak resident memory;
    ``others``: the CPU seconds other processes that work for it have used so far (a Dask
    cluster's), counted over the command (``others_cpu``)."""

    def __init__(self, args: list[str], env: dict[str, str], stdout: Path | None = None,
                 others: Callable[[], float] | None = None) -> None:
        before = others() if others is not None else 0.0
        with tempfile.NamedTemporaryFile(suffix=".stderr") as err:
            done = subprocess.run([sys.executable, "-c", _STARTER, str(stdout or os.devnull), err.name, sys.executable,
                                   "-m", "proscribed", *args], env=env, cwd=ROOT, capture_output=True, check=True)
            report = json.loads(done.stdout)
            if report["code"] != 0:
                message = Path(err.name).read_text(encoding="utf-8", errors="replace")[-2000:]
                raise SystemExit(f"proscribed {' '.join(args)} failed: {message}")
        self.wall: float = report["wall"]
        self.cpu: float = report["cpu"]
        self.rss_mb: float = report["rss_kb"] / 1024
        self.others_cpu = others() - before if others is not None else 0.0


def raw_pass(forms: list[str], texts: list[str]) -> tuple[float, float, int]:
    """(CPU s, wall s, hits) of the baseline: lower-case each text, iterate a pyahocorasick automaton."""
    raw = ahocorasick.Automaton()
    for i, form in enumerate(forms):
        raw.add_word(form, i)
    raw.make_automaton()
    hits = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for text in texts:
        for _ in raw.iter(text.lower()):
            hits += 1
    return time.process_time() - c0, time.perf_counter() - t0, hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=40.0, help="Size of the archive corpus (JSON Lines).")
    ap.add_argument("--dask-docs", type=int, default=100_000, help="Documents of the Dask comparison.")
    ap.add_argument("--text-mb", type=float, default=100.0, help="Size of the one long text of the memory run.")
    ap.add_argument("--dask-plain", action="store_true",
                    help="Start the Dask workers afresh, without the nanny preload that shares the scanner.")
    ap.add_argument("--dask-default-env", action="store_true",
                    help="With --dask-plain: start the workers with Dask's default environment (see docs/scanning.md).")
    ap.add_argument("--repeat", type=int, default=3, help="Runs of each command of a speed-up (the fastest counts).")
    ap.add_argument("--parts", default=",".join(PARTS), help="Which measures to run.")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    texts = articles()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # Bytecode written once (by the first, untimed command) to a cache of this run and read by
        # the others: an installed package is compiled, and compiling proscribed's modules at
        # each start (with PYTHONDONTWRITEBYTECODE set) added a tenth of a second to each.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        # The Dask workers (started by this process) import proscribed from this checkout.
        os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
        env = dict(os.environ, PROSCRIBED_DB=str(tmp / "bench.sqlite3"), PROSCRIBED_NO_PROGRESS="1")
        store = open_store(tmp / "bench.sqlite3")
        entities = list(store.entities())
        store.close()
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        scanner, _ = build_scanner_from_entities(entities)
        build = time.perf_counter() - t0
        forms = list(scanner.automaton.keys())
        if "build" in parts:
            grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
            size = len(pickle.dumps(scanner, protocol=pickle.HIGHEST_PROTOCOL))
            print(f"build: {len(forms)} surface forms over {len(entities)} entities in {build:.2f} s; peak resident "
                  f"memory +{grown:.0f} MB while building; {size / 1e6:.1f} MB pickled (the cache beside the store)")
        del scanner
        empty = tmp / "empty.jsonl"
        empty.write_bytes(b"")
        Run(["scan-archive", str(empty), "--json"], env)  # builds the scanner cache: not timed
        if parts & {"archive", "workers"}:
            corpus = tmp / "corpus.jsonl"
            n, size = write_corpus(corpus, texts, megabytes=args.mb)
            print(f"corpus: {len(texts)} evaluation articles repeated to {n} documents, {size / 1e6:.1f} MB of JSON "
                  f"Lines ({sum(len(t.encode()) for t, _ in texts) / len(texts) / 1e3:.1f} KB of text each)")
            bodies = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
            mb = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
        if "archive" in parts:
            _archive(corpus, empty, env, forms, bodies, mb)
        if "workers" in parts:
            _workers(corpus, empty, env, tmp, args.repeat)
        if "dask" in parts:
            _dask(texts, env, tmp, args.dask_docs, args.repeat, args.dask_plain, args.dask_default_env)
        if "memory" in parts:
            _memory(texts, env, tmp, args.text_mb)
    return 0


def _archive(corpus: Path, empty: Path, env: dict[str, str], forms: list[str], bodies: list[str], mb: float) -> None:
    raw_cpu, raw_wall, hits = raw_pass(forms, bodies)
    print(f"raw pyahocorasick pass (lower-case + iter, same {len(forms)} forms, {hits} hits): "
          f"{mb / raw_cpu:.1f} MB/s of text ({raw_cpu:.2f} s CPU, {raw_wall:.2f} s wall)")
    start = Run(["scan-archive", str(empty), "--json"], env)
    print(f"start-up (scan-archive on an empty archive): {start.cpu:.2f} s CPU, {start.wall:.2f} s wall")
    for label, extra in (("--json", []), ("--json --details", ["--details"])):
        run = Run(["scan-archive", str(corpus), "--json", *extra], env)
        cpu, wall = run.cpu - start.cpu, run.wall - start.wall
        print(f"scan-archive {label}: {mb / cpu:.1f} MB/s of text on one core, less start-up ({cpu:.2f} s CPU, "
              f"{wall:.2f} s wall); ratio to raw {raw_cpu / cpu:.2f} (CPU), {raw_wall / wall:.2f} (wall)")


def _fastest(commands: dict[str, list[str]], env: dict[str, str], tmp: Path, repeat: int,
             before: Callable[[], None] | None = None,
             others: Callable[[], float] | None = None) -> tuple[dict[str, Run], dict[str, list[float]]]:
    """Each command run ``repeat`` times, in turns (each its output in tmp/NAME.out); the fastest
    run of each, and every run's wall time. ``before`` (if given) is called before each turn;
    ``others``: see :class:`Run`."""
    best: dict[str, Run] = {}
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        if before is not None:
            before()
        for name, args in commands.items():
            run = Run(args, env, stdout=tmp / f"{name}.out", others=others)
            walls[name].append(run.wall)
            if name not in best or run.wall < best[name].wall:
                best[name] = run
    return best, walls


def _walls(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def _workers(corpus: Path, empty: Path, env: dict[str, str], tmp: Path, repeat: int) -> None:
    ceilings: list[float] = []
    best, walls = _fastest({"start": ["scan-archive", str(empty), "--json"],
                            "workers1": ["scan-archive", str(corpus), "--json", "--workers", "1"],
                            "workers2": ["scan-archive", str(corpus), "--json", "--workers", "2"]},
                           env, tmp, repeat, before=lambda: ceilings.append(_two_processes()))
    same = filecmp.cmp(tmp / "workers1.out", tmp / "workers2.out", shallow=False)
    start, one, two = best["start"], best["workers1"], best["workers2"]
    ceiling = max(ceilings)
    whole = one.wall / two.wall
    less = (one.wall - start.wall) / (two.wall - start.wall)
    print(f"ceiling: the same pure-Python CPU work in 2 processes is {ceiling:.2f}x 1 process on this machine now "
          f"(best of {_walls(ceilings)})")
    print(f"--workers 2: {two.wall:.2f} s wall, --workers 1: {one.wall:.2f} s (fastest of {repeat}: "
          f"{_walls(walls['workers2'])} / {_walls(walls['workers1'])}); speed-up {whole:.2f}x "
          f"({whole / ceiling:.2f} of the ceiling); less the start-up ({start.wall:.2f} s) {less:.2f}x "
          f"({less / ceiling:.2f} of the ceiling) on {os.cpu_count()} cores; identical output: {same}")
    # CPU seconds (the command and its workers) hardly depend on what else the machine runs:
    # what going parallel adds to the work, whatever the wall times.
    print(f"--workers 2 used {two.cpu:.2f} s of CPU, --workers 1 {one.cpu:.2f} s: {two.cpu / one.cpu:.2f}x the work")
    # The start-up runs on one process whatever --workers says (Amdahl's law).
    scan = one.wall - start.wall
    print(f"the start-up bounds the speed-up of the whole command at {one.wall / (start.wall + scan / 2):.2f}x "
          f"with 2 processes that share the scan perfectly, at "
          f"{one.wall / (start.wall + scan * two.cpu / one.cpu / min(2.0, ceiling)):.2f}x with this CPU and ceiling")


# A perfectly parallel job: what 2 processes can get on this machine at this moment (other
# jobs, a virtual machine's cores); the speed-up of --workers 2 is read against it.
_SPIN = "s = 0\nfor i in range({n}):\n    s += i * i % 7\n"


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _two_processes(n: int = 20_000_000) -> float:
    """Wall time of the work of 2n loop turns in 1 process over the same in 2 processes (n each)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", _SPIN.format(n=2 * n)], check=True)
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", _SPIN.format(n=n)]) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return one / (time.perf_counter() - t0)


def _dask(texts: list[tuple[str, str | None]], env: dict[str, str], tmp: Path, documents: int, repeat: int,
          plain: bool, default_env: bool) -> None:
    import dask
    from distributed import LocalCluster

    source = tmp / "dask.jsonl"
    n, size = write_corpus(source, texts, documents=documents)
    ceilings: list[float] = []
    if plain:
        # Workers started as docs/scanning.md advised before the nanny preload (unless
        # --dask-default-env): Dask sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns
        # glibc's adaptive mmap threshold off, so each large buffer of a scan is mapped afresh
        # and faulted in (a million page faults and 9-15 % more CPU on 160 MB);
        # MALLOC_MMAP_THRESHOLD_ keeps them on the heap.
        settings = {} if default_env else {"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 32 << 20}
        nanny: dict[str, Any] = {}
        workers = "started afresh, " + ("Dask's default environment" if default_env
                                        else "MALLOC_MMAP_THRESHOLD_=32 MiB")
    else:
        # As the README tells a user to start them: forked from a process holding the scanner,
        # the scheduler and the nannies with the event loop's and the system's health checks
        # slowed as the preload slows the workers' (2-3 % of a core each at Dask's defaults).
        settings = {"distributed.admin.tick.interval": "200ms", "distributed.admin.system-monitor.interval": "2s"}
        nanny = {"preload_nanny": ["proscribed.dask_nanny"], "preload_nanny_argv": ["--db", env["PROSCRIBED_DB"]]}
        workers = "forked by nannies holding the scanner: --preload-nanny proscribed.dask_nanny"
    t0 = time.perf_counter()
    with dask.config.set(settings), LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                 dashboard_address=":0", silence_logs=50, **nanny) as cluster:
        started = time.perf_counter() - t0
        processes = [psutil.Process(), *psutil.Process().children(recursive=True)]  # this one and the workers

        def cluster_cpu() -> float:
            """CPU seconds used so far by the workers and this process (the scheduler and the nannies)."""
            return sum(_cpu(p) for p in processes)

        best, walls = _fastest({"local": ["scan-archive", str(source), "--json"],
                                "dask": ["scan-archive", str(source), "--json", "--scheduler",
                                         cluster.scheduler_address]},
                               env, tmp, repeat, before=lambda: ceilings.append(_two_processes()), others=cluster_cpu)
    same = filecmp.cmp(tmp / "local.out", tmp / "dask.out", shallow=False)
    local, dask, ceiling = best["local"].wall, best["dask"].wall, max(ceilings)
    print(f"dask, local cluster of 2 worker processes ({workers}), {n} documents ({size / 1e6:.0f} MB): "
          f"{dask:.2f} s wall; one local process: {local:.2f} s (fastest of {repeat}: {_walls(walls['dask'])} / "
          f"{_walls(walls['local'])}); speed-up {local / dask:.2f}x ({local / dask / ceiling:.2f} of the ceiling, "
          f"{ceiling:.2f}x now, best of {_walls(ceilings)}); identical output: {same}")
    print(f"dask, the cluster's start-up: {started:.2f} s (2 worker processes); counting it, the speed-up is "
          f"{local / (dask + started):.2f}x")
    # CPU seconds hardly depend on what else the machine runs: what Dask adds to the work. The
    # cluster's share includes what it spends idle (heartbeats, monitors), printed for the local run.
    print(f"dask CPU (fastest runs): the command {best['dask'].cpu:.2f} s, the cluster {best['dask'].others_cpu:.2f} s "
          f"(while the local process ran: {best['local'].others_cpu:.2f} s idle), one local process "
          f"{best['local'].cpu:.2f} s: {(best['dask'].cpu + best['dask'].others_cpu) / best['local'].cpu:.2f}x the work")


def _memory(texts: list[tuple[str, str | None]], env: dict[str, str], tmp: Path, megabytes: float) -> None:
    long_text = tmp / "long.txt"
    size = 0
    with open(long_text, "w", encoding="utf-8") as fh:
        i = 0
        while size < megabytes * 1e6:
            part = texts[i % len(texts)][0] + "\n\n"
            fh.write(part)
            size += len(part.encode("utf-8"))
            i += 1
    one_line = tmp / "line.txt"
    one_line.write_text("Amnesty International\n", encoding="utf-8")
    small = Run(["scan", str(one_line), "--json"], env)
    big = Run(["scan", str(long_text), "--json"], env, stdout=tmp / "long-mentions.jsonl")
    found = sum(1 for _ in open(tmp / "long-mentions.jsonl", "rb"))
    print(f"scan of a {size / 1e6:.0f} MB text: peak resident memory {big.rss_mb:.0f} MB ({found} mentions, "
          f"{big.wall:.1f} s wall); scan of one line: {small.rss_mb:.0f} MB (the start-up); "
          f"ratio {big.rss_mb / small.rss_mb:.2f}")


if __name__ == "__main__":
    sys.exit(main())
