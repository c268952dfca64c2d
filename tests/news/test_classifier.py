"""The news classifier's trees: read from JSON, walked all at once, summed into probabilities."""

from __future__ import annotations

import math

import pytest

from proscribed.news.classifier import Model, model


def _tiny() -> Model:
    # Two classes, two rounds. Round 1: class "none" splits on "verb" (≤0.5 → -1, else +1); class
    # "undesirable" splits on "status" then "verb" (a depth-2 tree). Round 2: leaves only.
    return Model.from_json({
        "classes": ["none", "undesirable"], "baseline": [0.5, -0.5], "threshold": 0.5, "rule_threshold": 0.3,
        "trees": [
            [[["verb", 0.5, 1, 2], [-1.0], [1.0]],
             [["status", 0.5, 1, 2], [-2.0], ["verb", 0.5, 3, 4], [0.5], [3.0]]],
            [[[0.25]], [[-0.25]]],
        ],
        "meta": {},
    })


def _softmax(a: float, b: float) -> tuple[float, float]:
    ea, eb = math.exp(a), math.exp(b)
    return ea / (ea + eb), eb / (ea + eb)


@pytest.mark.parametrize(("features", "raw"), [
    ({}, (0.5 - 1.0 + 0.25, -0.5 - 2.0 - 0.25)),  # absent features are 0
    ({"status": 1.0}, (0.5 - 1.0 + 0.25, -0.5 + 0.5 - 0.25)),
    ({"status": 1.0, "verb": 1.0}, (0.5 + 1.0 + 0.25, -0.5 + 3.0 - 0.25)),
    ({"verb": 1.0, "unknown feature": 7.0}, (0.5 + 1.0 + 0.25, -0.5 - 2.0 - 0.25)),  # unread features change nothing
])
def test_trees_walk_to_the_leaves_by_hand(features: dict[str, float], raw: tuple[float, float]) -> None:
    p = _tiny().proba(features)
    expected = _softmax(*raw)
    assert p["none"] == pytest.approx(expected[0]) and p["undesirable"] == pytest.approx(expected[1])


def test_written_model_round_trips() -> None:
    tiny = _tiny()
    assert Model.from_json(tiny.to_json()) == tiny


def test_shipped_model_gives_a_distribution() -> None:
    shipped = model()
    p = shipped.proba({"bias": 1.0, "gov:undesirable": 1.0, "s.verb": 1.0})
    assert set(p) == set(shipped.classes) and sum(p.values()) == pytest.approx(1.0)
    assert shipped.meta["built_by"] == "scripts/train_news_model.py"
