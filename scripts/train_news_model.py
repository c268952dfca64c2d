#!/usr/bin/env python3
"""Train the news event classifier and write ``proscribed/resources/news_model.json``.

Usage: python scripts/train_news_model.py [--out FILE]   (needs scikit-learn: pip install -e '.[train]')

Examples are the organizations each article of the news corpus (``eval/news/``)
names, with the features of ``proscribed/news/features.py``; an organization's
class is the status of its gold event (``foreign`` for another state's act), or
``none``. The classifier is scikit-learn's histogram gradient boosting; its
tree size and the decision thresholds are chosen on the validation split by the
F1 of Russian (organization, status) events, scored as ``bench/news.py`` scores
them; the shipped model is then fitted on train and validation together, and
its trees are written as JSON that ``proscribed/news/classifier.py`` reads
without scikit-learn. The script checks that the written model gives the same
probabilities as the fitted one on every training example. The test split is
never read. Deterministic: the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402

from bench.news import article_of, score  # noqa: E402
from eval.news.split import load, split_of  # noqa: E402
from proscribed.config import Config  # noqa: E402
from proscribed.matching.cache import load_index  # noqa: E402
from proscribed.news.classifier import MODEL_FILE, Model, Tree  # noqa: E402
from proscribed.news.extract import Analysis, analyse, decide  # noqa: E402
from proscribed.news.features import same_org  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

LEAVES = (7, 15, 31)  # most leaves of a tree: how many cues one tree may combine
ROUNDS, LEARNING_RATE, L2 = 200, 0.05, 1.0
THRESHOLDS = tuple(round(0.3 + 0.1 * k, 2) for k in range(6))  # 0.3 … 0.8
RULE_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)


def _label(name: str, gold: list[dict[str, Any]]) -> str:
    """The class of a name: the status of the gold event it names (``foreign``: another state's), else ``none``."""
    for g in gold:
        names = [g["org"], *g.get("org_aliases", []), *g.get("extra_aliases", [])]
        if any(same_org(name, n) for n in names):
            return g["status"] if g["jurisdiction"] == "RU" else "foreign"
    return "none"


def _data(rows: list[dict[str, Any]], analyses: list[Analysis]) -> tuple[list[dict[str, float]], list[str]]:
    xs, ys = [], []
    for row, analysis in zip(rows, analyses):
        for org in analysis[3]:
            xs.append(org.features)
            labels = [_label(n, row["gold"]) for n in org.names]
            ys.append(next((x for x in labels if x != "none"), "none"))
    return xs, ys


def _fit(xs: list[dict[str, float]], ys: list[str], leaves: int) -> tuple[DictVectorizer, HistGradientBoostingClassifier]:
    vec = DictVectorizer(sparse=False)
    clf = HistGradientBoostingClassifier(max_iter=ROUNDS, learning_rate=LEARNING_RATE, max_leaf_nodes=leaves,
                                         l2_regularization=L2, early_stopping=False, random_state=0)
    clf.fit(vec.fit_transform(xs), ys)
    return vec, clf


def _model(vec: DictVectorizer, clf: HistGradientBoostingClassifier, threshold: float, rule_threshold: float,
           meta: dict[str, object]) -> Model:
    """The fitted trees as the product's model (features by name, thresholds as fitted, leaf values as fitted)."""
    if clf.n_trees_per_iteration_ != len(clf.classes_):
        raise SystemExit("the corpus must give at least three classes (one tree per class and round)")
    names = [str(n) for n in vec.get_feature_names_out()]

    def tree(predictor: Any) -> Tree:
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise SystemExit("categorical splits cannot be written; every feature is numeric here")
        return Tree(feature=tuple(None if n["is_leaf"] else names[int(n["feature_idx"])] for n in nodes),
                    threshold=tuple(0.0 if n["is_leaf"] else float(n["num_threshold"]) for n in nodes),
                    left=tuple(0 if n["is_leaf"] else int(n["left"]) for n in nodes),
                    right=tuple(0 if n["is_leaf"] else int(n["right"]) for n in nodes),
                    value=tuple(float(n["value"]) if n["is_leaf"] else 0.0 for n in nodes))

    # ``_predictors`` and ``_baseline_prediction`` are scikit-learn internals: _check() below proves
    # the conversion against predict_proba, so a change in them stops the build instead of shipping.
    return Model(classes=tuple(str(c) for c in clf.classes_),
                 baseline=tuple(float(b) for b in np.ravel(clf._baseline_prediction)),
                 trees=tuple(tuple(tree(p) for p in round_) for round_ in clf._predictors),
                 threshold=threshold, rule_threshold=rule_threshold, meta=meta)


def _check(model: Model, vec: DictVectorizer, clf: HistGradientBoostingClassifier,
           xs: list[dict[str, float]]) -> None:
    """The written model must give the fitted model's probabilities on every example."""
    expected = clf.predict_proba(vec.transform(xs))
    for x, row in zip(xs, expected):
        got = model.proba(x)
        worst = max(abs(got[str(c)] - float(p)) for c, p in zip(clf.classes_, row))
        if worst > 1e-6:
            raise SystemExit(f"the written trees differ from the fitted model by {worst:.2g} on an example")


def _f1(rows: list[dict[str, Any]], analyses: list[Analysis], model: Model, index: Any, threshold: float) -> float:
    outputs = []
    for row, analysis in zip(rows, analyses):
        x = decide(article_of(row), analysis, index, threshold, model)
        d = x.to_dict()
        for e, ev in zip(d["events"], x.events):
            e["aliases"] = ev.aliases
            e["authority_type"] = ev.authority_type
        outputs.append(d)
    f1: float = score(rows, outputs, strict=False, show=False)["events"]["f1"]
    return f1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "proscribed" / MODEL_FILE)
    args = ap.parse_args()
    config = Config.from_env()
    store = open_store(config.db_path)
    index = load_index(store)
    corpus = load()
    train = [r for r in corpus if split_of(r) == "train"]
    val = [r for r in corpus if split_of(r) == "validation"]

    def analysed(rows: list[dict[str, Any]]) -> list[Analysis]:
        return [analyse(article_of(r), index, config.match_threshold) for r in rows]

    train_a, val_a = analysed(train), analysed(val)
    xs, ys = _data(train, train_a)
    best = (-1.0, 0, 0.0, 0.0)
    for leaves in LEAVES:
        vec, clf = _fit(xs, ys, leaves)
        candidate = _model(vec, clf, 0.0, 0.0, {})
        for t in THRESHOLDS:
            for rt in (x for x in RULE_THRESHOLDS if x <= t):
                trial = Model(candidate.classes, candidate.baseline, candidate.trees, t, rt, {})
                f1 = _f1(val, val_a, trial, index, config.match_threshold)
                print(f"leaves={leaves:<3} threshold={t:.2f} rule threshold={rt:.2f}  validation F1 {f1:.3f}",
                      file=sys.stderr)
                best = max(best, (f1, leaves, t, rt))
    f1, leaves, t, rt = best
    vx, vy = _data(val, val_a)
    vec, clf = _fit(xs + vx, ys + vy, leaves)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in train + val).encode()).hexdigest()
    model = _model(vec, clf, t, rt, {
        "trained_on": "eval/news train + validation splits", "items": len(train) + len(val),
        "examples": len(xs) + len(vx), "corpus_sha256": digest, "max_leaf_nodes": leaves, "rounds": ROUNDS,
        "learning_rate": LEARNING_RATE, "l2_regularization": L2,
        "validation_f1_when_chosen": round(f1, 3), "built_by": "scripts/train_news_model.py"})
    _check(model, vec, clf, xs + vx)
    # One tree a line: a retrained model diffs tree by tree.
    document = model.to_json()
    trees = document.pop("trees")
    body = json.dumps(document, ensure_ascii=False, sort_keys=True)[:-1]
    lines = [json.dumps(round_, ensure_ascii=False, separators=(",", ":")) for round_ in trees]
    args.out.write_text(body + ',\n"trees":[\n' + ",\n".join(lines) + "\n]}\n", "utf-8")
    print(f"wrote {args.out}: {leaves} leaves, threshold {t}, rule threshold {rt}, validation F1 {f1:.3f} "
          f"(train-only fit), {len(model.trees)} rounds of {len(model.classes)} trees")


if __name__ == "__main__":
    main()
