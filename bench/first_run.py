#!/usr/bin/env python3
"""The first hour of a new user: whole-process times of the first command on a fresh store.

Usage: python bench/first_run.py [--repeat N]

For each command (`check`, `show NAME`, `scan FILE`) a new, empty store location is
given to a new process, which creates the store from the bundled data and builds what
the command needs (the screening index, the scanner) before answering; the same command
is then run again on that store (the warm run: caches loaded). The baseline, timed in
the same run, is a process that only starts Python and imports the command-line
package. Prints the median of N repeats of each, and the ratios to the baseline.
Timings include the machine's other load: compare ratios across runs, not seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Bellingcat published a report on Meduza and «Открытая Россия», as Радио Свобода wrote.\n"
COMMANDS = {
    "check": ["check", "Radio Liberty", "Kasparov G. K."],
    "show": ["show", "Radio Free Europe"],
    "scan": ["scan", "{text}"],
}
TARGETS = {"check": 3.0, "show": 3.0, "scan": 5.0}  # seconds, issue 17


def _timed(args: list[str], db: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROSCRIBED_")}
    env.update(PROSCRIBED_DB=str(db), PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "text.txt"
        text.write_text(TEXT, "utf-8")
        baseline = statistics.median(_timed(["-c", "import proscribed.cli.main"], Path(tmp) / "unused.sqlite3")
                                     for _ in range(repeat))
        print(f"baseline (start Python, import the CLI): {baseline:.2f} s")
        for name, args in COMMANDS.items():
            command = ["-m", "proscribed", *(str(text) if a == "{text}" else a for a in args)]
            first, warm = [], []
            for i in range(repeat):
                db = Path(tmp) / f"{name}-{i}" / "store.sqlite3"
                db.parent.mkdir()
                first.append(_timed(command, db))
                warm.append(_timed(command, db))
            f, w = statistics.median(first), statistics.median(warm)
            verdict = "within" if f < TARGETS[name] else "OVER"
            print(f"{name:6} first on a fresh store {f:5.2f} s ({f / baseline:5.1f}x baseline; {verdict} the "
                  f"{TARGETS[name]:.0f} s target)  warm {w:5.2f} s ({w / baseline:5.1f}x baseline)")


if __name__ == "__main__":
    main()
