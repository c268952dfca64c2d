"""The news classifier's trees: read from JSON, walked all at once, summed into probabilities."""

from __future__ import annotations

import math
from datetime import date

import pytest

from eval.news.plain import PLAIN_REPORTS
from proscribed.matching import ScreeningIndex
from proscribed.news.classifier import Model, model
from proscribed.news.extract import analyse, decide, extract
from proscribed.news.model import Article


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


LISTED = Article(
    id="list", published=date(2026, 3, 2), language="en",
    text=("The Prosecutor General's Office declared four foreign NGOs undesirable on Monday: the Northwind Civic "
          "Fund, Quillfeather Research Foundation, Brightwater Media Lab and Saltmarsh Policy Institute.\n\n"
          "Separately, the Harbourlight Trust held a conference in Riga."))


def _one_strong_name(model_: Model) -> list[tuple[str, str]]:
    # Hand-set features stand in for the learned ones: only the first listed name looks like an event.
    infos, rules, mentioned, orgs, line_date = analyse(LISTED, None, 0.8)
    for org in orgs:
        org.features = {"strong": 1.0} if any("Northwind" in n for n in org.names) else {}
    x = decide(LISTED, (infos, rules, mentioned, orgs, line_date), None, 0.8, model_)
    return sorted((e.org, e.status) for e in x.events)


def _list_model(list_threshold: float | None) -> Model:
    # p(undesirable) is about 0.9 with "strong", about 0.3 without.
    return Model.from_json({
        "classes": ["none", "undesirable"], "baseline": [0.0, 0.0], "threshold": 0.5, "rule_threshold": 0.5,
        "list_threshold": list_threshold, "meta": {},
        "trees": [[[["strong", 0.5, 1, 2], [0.4], [-1.1]], [["strong", 0.5, 1, 2], [-0.4], [1.1]]]],
    })


def test_names_listed_beside_an_event_need_only_the_list_threshold() -> None:
    assert _one_strong_name(_list_model(None)) == [("Northwind Civic Fund", "undesirable")]
    listed = _one_strong_name(_list_model(0.2))
    assert [o for o, _ in listed] == sorted(["Northwind Civic Fund", "Quillfeather Research Foundation",
                                             "Brightwater Media Lab", "Saltmarsh Policy Institute"])
    # A name outside the list stays below the threshold.
    assert not any("Harbourlight" in o for o, _ in listed)


@pytest.mark.parametrize(("language", "text", "status", "published"), PLAIN_REPORTS)
def test_the_shipped_model_finds_each_plain_report(language: str, text: str, status: str, published: date,
                                                   index: ScreeningIndex) -> None:
    # The training script ships no model that misses one (eval/news/plain.py says why).
    x = extract(Article("plain", text, published=published, language=language), index)
    assert any(e.status == status and e.jurisdiction == "RU" for e in x.events)
