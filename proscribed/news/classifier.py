"""The event classifier: which organization mentions are news of a designation, and of which status.

Gradient-boosted decision trees over the features of ``features.py``, trained on
the train and validation splits of the project's news corpus (``eval/news/``)
by ``scripts/train_news_model.py`` and shipped as plain JSON
(``resources/news_model.json``): reading it needs no machine-learning library
and runs no pickled code. Trees rather than a linear model because the cues
matter in combination (a status word counts in a sentence about Russia, not in
one about another state; a registry listing weeks after the article counts
only with a designation verb nearby). Classes: ``none`` (not an event),
``foreign`` (another state's act) and the four Russian statuses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..exc import DataError

__all__ = ["Model", "Tree", "model", "MODEL_FILE"]

MODEL_FILE = "resources/news_model.json"


@dataclass(frozen=True)
class Tree:
    """One regression tree. Node ``i`` is a leaf when ``feature[i]`` is None; else a value of that
    feature at most ``threshold[i]`` goes to ``left[i]``, a greater one to ``right[i]``."""

    feature: tuple[str | None, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def to_json(self) -> list[list[Any]]:
        """Node by node: ``[value]`` for a leaf, ``[feature, threshold, left, right]`` for a split."""
        return [[v] if f is None else [f, t, lo, hi]
                for f, t, lo, hi, v in zip(self.feature, self.threshold, self.left, self.right, self.value)]

    @classmethod
    def from_json(cls, nodes: list[list[Any]]) -> Tree:
        leaf = [len(n) == 1 for n in nodes]
        return cls(feature=tuple(None if is_leaf else str(n[0]) for n, is_leaf in zip(nodes, leaf)),
                   threshold=tuple(0.0 if is_leaf else float(n[1]) for n, is_leaf in zip(nodes, leaf)),
                   left=tuple(0 if is_leaf else int(n[2]) for n, is_leaf in zip(nodes, leaf)),
                   right=tuple(0 if is_leaf else int(n[3]) for n, is_leaf in zip(nodes, leaf)),
                   value=tuple(float(n[0]) if is_leaf else 0.0 for n, is_leaf in zip(nodes, leaf)))


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    baseline: tuple[float, ...]  # one raw score per class before any tree
    trees: tuple[tuple[Tree, ...], ...]  # per boosting round, one tree per class (its raw score's increment)
    threshold: float  # least probability of a status for an event (chosen by cross-validation)
    rule_threshold: float  # the same, for an organization the rules already took for an event (chosen likewise)
    meta: dict[str, object]
    # The same, for an organization listed beside an accepted event of that status (chosen likewise).
    list_threshold: float | None = None

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        """The probability of each class for one example (the softmax of the summed raw scores)."""
        forest = self._forest
        x = np.zeros(len(forest.columns) + 1)  # the last cell: features no split reads
        for name, v in features.items():
            x[forest.columns.get(name, -1)] = v
        # All trees walk at once, one level a step (a tree that reached its leaf stays there).
        node = forest.roots.copy()
        while True:
            col = forest.column[node]
            inner = col >= 0
            if not inner.any():
                break
            # An absent feature is 0, as it was in training.
            step = np.where(x[col] <= forest.threshold[node], forest.left[node], forest.right[node])
            node = np.where(inner, step, node)
        scores = np.asarray(self.baseline) + np.bincount(forest.of_class, weights=forest.value[node],
                                                         minlength=len(self.classes))
        exp = np.exp(scores - scores.max())
        return {c: float(e) for c, e in zip(self.classes, exp / exp.sum())}

    @cached_property
    def _forest(self) -> _Forest:
        return _Forest.of(self)

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "baseline": list(self.baseline),
                "trees": [[t.to_json() for t in round_] for round_ in self.trees],
                "threshold": self.threshold, "rule_threshold": self.rule_threshold,
                "list_threshold": self.list_threshold, "meta": self.meta}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Model:
        classes = tuple(str(c) for c in raw["classes"])
        trees = tuple(tuple(Tree.from_json(t) for t in round_) for round_ in raw["trees"])
        if len(raw["baseline"]) != len(classes) or any(len(r) != len(classes) for r in trees):
            raise ValueError("one baseline and one tree per round are needed for each class")
        return cls(classes=classes, baseline=tuple(float(b) for b in raw["baseline"]), trees=trees,
                   threshold=float(raw["threshold"]), rule_threshold=float(raw["rule_threshold"]),
                   list_threshold=None if raw.get("list_threshold") is None else float(raw["list_threshold"]),
                   meta=dict(raw.get("meta", {})))


@dataclass(frozen=True)
class _Forest:
    """Every tree's nodes in flat arrays (node ids offset per tree), for walking all trees at once."""

    columns: dict[str, int]  # feature name → column of the example vector
    column: np.ndarray[Any, Any]  # per node: its feature's column, -1 for a leaf
    threshold: np.ndarray[Any, Any]
    left: np.ndarray[Any, Any]
    right: np.ndarray[Any, Any]
    value: np.ndarray[Any, Any]
    roots: np.ndarray[Any, Any]  # per tree: its first node
    of_class: np.ndarray[Any, Any]  # per tree: the class whose raw score it adds to

    @classmethod
    def of(cls, model: Model) -> _Forest:
        columns: dict[str, int] = {}
        column: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        of_class: list[int] = []
        for round_ in model.trees:
            for k, tree in enumerate(round_):
                base = len(column)
                roots.append(base)
                of_class.append(k)
                for f, t, lo, hi, v in zip(tree.feature, tree.threshold, tree.left, tree.right, tree.value):
                    column.append(-1 if f is None else columns.setdefault(f, len(columns)))
                    threshold.append(t)
                    left.append(base + lo)
                    right.append(base + hi)
                    value.append(v)
        return cls(columns, np.array(column, dtype=np.int64), np.array(threshold), np.array(left, dtype=np.int64),
                   np.array(right, dtype=np.int64), np.array(value), np.array(roots, dtype=np.int64),
                   np.array(of_class, dtype=np.int64))


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (read once)."""
    try:
        return Model.from_json(json.loads(resources.files("proscribed").joinpath(MODEL_FILE).read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        raise DataError(f"{MODEL_FILE}: unreadable news model ({err}); rebuild it with "
                        f"scripts/train_news_model.py") from None
