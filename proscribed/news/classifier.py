"""The event classifier: which organization mentions are news of a designation, and of which status.

A multinomial logistic regression over the features of ``features.py``, trained
on the train split of the project's news corpus (``eval/news/``) by
``scripts/train_news_model.py`` and shipped as plain JSON weights
(``resources/news_model.json``): reading it needs no machine-learning library
and runs no pickled code. Classes: ``none`` (not an event), ``foreign`` (another
state's act) and the four Russian statuses.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..exc import DataError

__all__ = ["Model", "model", "MODEL_FILE"]

MODEL_FILE = "resources/news_model.json"


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]  # feature name → one weight per class
    threshold: float  # least probability of a status for an event (tuned on the validation split)
    rule_threshold: float  # the same, for an organization the rules already took for an event (tuned likewise)
    meta: dict[str, object]

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        """The probability of each class for one example."""
        scores = list(self.intercept)
        for name, value in features.items():
            w = self.weights.get(name)
            if w is not None:
                for k, wk in enumerate(w):
                    scores[k] += wk * value
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (read once)."""
    try:
        raw = json.loads(resources.files("proscribed").joinpath(MODEL_FILE).read_text("utf-8"))
        return Model(classes=tuple(raw["classes"]), intercept=tuple(raw["intercept"]),
                     weights={k: tuple(v) for k, v in raw["weights"].items()}, threshold=float(raw["threshold"]),
                     rule_threshold=float(raw["rule_threshold"]), meta=dict(raw.get("meta", {})))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DataError(f"{MODEL_FILE}: unreadable news model ({err}); rebuild it with "
                        f"scripts/train_news_model.py") from None
