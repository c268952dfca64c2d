"""Calibrated scores: the name score mapped to the probability that query and entity are one.

The raw score of ``score_name`` ranks well but reads badly (what is 0.85?). A
logistic curve fitted on labelled pairs (``eval/names/calibrate.py``, train part
of ``eval/names/queries.jsonl``) maps it to a probability; the curve is strictly
increasing, so rankings are kept and no new ties appear. Its two parameters live
in ``resources/calibration.yml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Calibration", "default_calibration"]


@dataclass(frozen=True)
class Calibration:
    """p = 1 / (1 + exp(-(a * raw + c * gap + b))), ``gap`` = the query's best raw score - this raw score.

    A candidate well below the query's best one is less likely the entity meant than the
    same raw score at the top (``c`` < 0): runners-up read lower than the first answer.
    """

    a: float
    b: float
    c: float = 0.0

    def apply(self, raw: float, gap: float = 0.0) -> float:
        return 1.0 / (1.0 + math.exp(-(self.a * raw + self.c * gap + self.b)))

    def raw_for(self, p: float) -> float:
        """The least raw score at which a query's best candidate reaches ``p`` (inf for p >= 1)."""
        if p >= 1.0:
            return math.inf
        if p <= 0.0:
            return -math.inf
        return (math.log(p / (1.0 - p)) - self.b) / self.a


@lru_cache(maxsize=1)
def default_calibration() -> Calibration:
    """The fitted calibration shipped in resources/calibration.yml."""
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/calibration.yml").read_text("utf-8"))
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), (int, float)) for k in ("a", "b", "c")):
        raise ValueError("calibration.yml must give numbers a, b and c")
    if raw["a"] <= 0 or raw["c"] > 0:
        raise ValueError("calibration.yml: a must be positive and c not (a higher score, a smaller gap: likelier)")
    return Calibration(float(raw["a"]), float(raw["b"]), float(raw["c"]))
