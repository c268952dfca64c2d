#!/usr/bin/env python3
"""Fit the score calibration of screening on the train part of eval/names/queries.jsonl.

Usage: python eval/names/calibrate.py [--write]

Each train query is screened with calibration off and a low cut-off; every
candidate among its first five makes a labelled pair (raw score, same entity?).
A logistic curve p = 1 / (1 + exp(-(a * raw + c * gap + b))) is fitted to the
pairs by Newton's method, ``gap`` being the query's best raw score minus the
candidate's (increasing in the raw score and decreasing in the gap, so it keeps
each query's ranking and makes no new ties). The script prints the fit and a reliability table on the held-out
part; ``--write`` stores a and b in proscribed/resources/calibration.yml.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.matching import screen  # noqa: E402
from proscribed.matching.cache import load_index  # noqa: E402
from proscribed.matching.calibration import Calibration  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

LOW = 0.3  # raw scores below this are never near a match: left out of the fit


def pairs(index: object, queries: list[dict[str, object]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raw scores, gaps to the query's best raw score, and labels of every query's first five candidates."""
    xs: list[float] = []
    gaps: list[float] = []
    ys: list[float] = []
    for q in queries:
        gold = set(q["gold"])  # type: ignore[arg-type]
        found = screen(index, str(q["query"]), threshold=LOW, limit=5, calibrated=False)  # type: ignore[arg-type]
        for m in found:
            xs.append(m.score)
            gaps.append(found[0].score - m.score)
            ys.append(1.0 if m.entity.id in gold else 0.0)
    return np.array(xs), np.array(gaps), np.array(ys)


def fit(x: np.ndarray, gap: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Logistic regression of y on the raw score and the gap, Newton-Raphson with a tiny ridge."""
    theta = np.array([1.0, 0.0, 0.0])  # a, c, b
    design = np.stack([x, gap, np.ones_like(x)], axis=1)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(design @ theta)))
        grad = design.T @ (p - y)
        hess = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(3)
        step = np.linalg.solve(hess, grad)
        theta = theta - step
        if float(np.abs(step).max()) < 1e-9:
            break
    return float(theta[0]), float(theta[2]), float(theta[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the fit in proscribed/resources/calibration.yml")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(HERE / "queries.jsonl", encoding="utf-8") if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "cal.sqlite3")
        index = load_index(store)
        x, g, y = pairs(index, [r for r in rows if r["split"] == "train"])
        hx, hg, hy = pairs(index, [r for r in rows if r["split"] == "heldout"])
        store.close()
    a, b, c = fit(x, g, y)
    cal = Calibration(a, b, min(c, 0.0))
    print(f"fit on {len(x)} train pairs ({int(y.sum())} same entity): a={a:.4f} b={b:.4f} c={c:.4f}; "
          f"raw score of a best candidate at p=0.80: {cal.raw_for(0.8):.3f}")
    hp = np.array([cal.apply(v, d) for v, d in zip(hx, hg)])
    brier = float(np.mean((hp - hy) ** 2))
    logloss = float(-np.mean(hy * np.log(np.clip(hp, 1e-9, 1)) + (1 - hy) * np.log(np.clip(1 - hp, 1e-9, 1))))
    print(f"held-out: {len(hx)} pairs; Brier {brier:.4f}; log loss {logloss:.4f}")
    print("  predicted   observed   pairs")
    for lo in (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95):
        hi = {0.0: 0.2, 0.2: 0.4, 0.4: 0.6, 0.6: 0.8, 0.8: 0.9, 0.9: 0.95, 0.95: 1.01}[lo]
        sel = (hp >= lo) & (hp < hi)
        if sel.any():
            print(f"  {lo:.2f}-{min(hi, 1):.2f}  {float(hy[sel].mean()):8.3f}   {int(sel.sum()):5d}")
    if args.write:
        path = ROOT / "proscribed" / "resources" / "calibration.yml"
        path.write_text(
            "# Screening score calibration: p = 1 / (1 + exp(-(a * raw + c * gap + b))), the probability that\n"
            "# a query and a candidate are the same entity (gap: the query's best raw score - the candidate's).\n"
            "# Fitted by eval/names/calibrate.py on the train part of eval/names/queries.jsonl\n"
            f"# ({len(x)} pairs: each query's first five candidates).\n"
            f"a: {a:.6f}\nb: {b:.6f}\nc: {min(c, 0.0):.6f}\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0 if math.isfinite(a) and math.isfinite(b) else 1


if __name__ == "__main__":
    sys.exit(main())
