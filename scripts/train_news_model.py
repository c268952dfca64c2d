#!/usr/bin/env python3
"""Train the news event classifier and write ``proscribed/resources/news_model.json``.

Usage: python scripts/train_news_model.py [--out FILE] [--config LEAVES ROUNDS THRESHOLD RULE_THRESHOLD]
       (needs scikit-learn: pip install -e '.[train]')

Examples are the organizations each article of the news corpus (``eval/news/``)
names, with the features of ``proscribed/news/features.py``; an organization's
class is the status of its gold event (``foreign`` for another state's act), or
``none``. The classifier is scikit-learn's histogram gradient boosting. Its tree
size, number of rounds and decision thresholds are chosen by five-fold
cross-validation over the train and validation splits, folds grouped by
publisher (``split.group_key``) so that no outlet is on both sides, scored by the
F1 of Russian (organization, status) events as ``bench/news.py`` scores them:
with a few hundred articles one validation split picks noise. The shipped model
is then fitted on train and validation together (the simplest configuration within
one standard error of the best cross-validated F1 that finds each plain report of
``eval/news/plain.py`` and keeps the shared dev set at F1 0.90 or more, else the next; each
pair of thresholds is a candidate of its own), and its trees are written as JSON that
``proscribed/news/classifier.py`` reads without scikit-learn. The script checks that the
written model gives the same probabilities as the fitted one on every training example.
The test split is never read. Deterministic: the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402

from bench.news import EVAL, article_of, predict, score  # noqa: E402
from eval.news.plain import PLAIN_REPORTS  # noqa: E402
from eval.news.split import group_key, load, split_of  # noqa: E402
from proscribed.config import Config  # noqa: E402
from proscribed.matching.cache import load_index  # noqa: E402
from proscribed.news.classifier import MODEL_FILE, Model, Tree  # noqa: E402
from proscribed.news.extract import Analysis, analyse, decide  # noqa: E402
from proscribed.news.features import same_org  # noqa: E402
from proscribed.news.model import Article  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

LEAVES = (7, 15, 31)  # most leaves of a tree: how many cues one tree may combine
ROUNDS = (100, 300)
LEARNING_RATE, L2 = 0.05, 1.0
FOLDS = 5
THRESHOLDS = tuple(round(0.3 + 0.1 * k, 2) for k in range(6))  # 0.3 … 0.8
RULE_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
LIST_THRESHOLDS = (None, 0.05, 0.1, 0.2, 0.3)  # None: a listed name needs what any name needs


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


def _fit(xs: list[dict[str, float]], ys: list[str], leaves: int,
         rounds: int) -> tuple[DictVectorizer, HistGradientBoostingClassifier]:
    vec = DictVectorizer(sparse=False)
    clf = HistGradientBoostingClassifier(max_iter=rounds, learning_rate=LEARNING_RATE, max_leaf_nodes=leaves,
                                         l2_regularization=L2, early_stopping=False, random_state=0)
    clf.fit(vec.fit_transform(xs), ys)
    return vec, clf


def _model(vec: DictVectorizer, clf: HistGradientBoostingClassifier, threshold: float, rule_threshold: float,
           list_threshold: float | None, meta: dict[str, object]) -> Model:
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
                 threshold=threshold, rule_threshold=rule_threshold, list_threshold=list_threshold, meta=meta)


def _plain_misses(model: Model, index: Any, threshold: float) -> list[str]:
    """The plain reports (``PLAIN_REPORTS``) in which the model finds no Russian event of the stated status."""
    missed = []
    for k, (language, text, status, published) in enumerate(PLAIN_REPORTS):
        article = Article(id=f"plain-{k}", text=text, published=published, language=language)
        events = decide(article, analyse(article, index, threshold), index, threshold, model).events
        if not any(e.status == status and e.jurisdiction == "RU" for e in events):
            missed.append(text[:60])
    return missed


# The shared dev set is a floor a model must keep (issue 9: it never falls below F1 0.90), not
# a score the grid climbs: a configuration under it is set aside like one that misses a plain
# report. (Round six's grid choice, 0.762 cross-validated, scored 0.872 there.)
DEV_FLOOR = 0.90


def _dev_f1(model: Model, index: Any, threshold: float) -> float:
    """The model's F1 on the shared dev set (``../shared/eval/news-dev.jsonl``), as ``bench/news.py`` scores it."""
    rows = [json.loads(x) for x in EVAL.read_text("utf-8").splitlines() if x.strip()]
    outputs, _ = predict(rows, index, threshold, model)
    return float(score(rows, outputs, strict=False, show=False)["events"]["f1"])


def _check(model: Model, vec: DictVectorizer, clf: HistGradientBoostingClassifier,
           xs: list[dict[str, float]]) -> None:
    """The written model must give the fitted model's probabilities on every example."""
    expected = clf.predict_proba(vec.transform(xs))
    for x, row in zip(xs, expected):
        got = model.proba(x)
        worst = max(abs(got[str(c)] - float(p)) for c, p in zip(clf.classes_, row))
        if worst > 1e-6:
            raise SystemExit(f"the written trees differ from the fitted model by {worst:.2g} on an example")


class _Folded:
    """Out-of-fold probabilities, looked up by example, with trial thresholds (what ``decide`` reads of a model)."""

    def __init__(self, table: dict[int, dict[str, float]], threshold: float, rule_threshold: float,
                 list_threshold: float | None) -> None:
        self.table, self.threshold, self.rule_threshold = table, threshold, rule_threshold
        self.list_threshold = list_threshold

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        return self.table[id(features)]


def _f1(rows: list[dict[str, Any]], analyses: list[Analysis], model: Any, index: Any, threshold: float) -> float:
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


def _fold_of(rows: list[dict[str, Any]]) -> list[int]:
    """Each item's fold: by a hash of its publisher, so one outlet's items are never on both sides."""
    return [int(hashlib.sha256(group_key(r).encode()).hexdigest(), 16) % FOLDS for r in rows]


def _out_of_fold(rows: list[dict[str, Any]], analyses: list[Analysis], folds: list[int], leaves: int,
                 rounds: int) -> dict[int, dict[str, float]]:
    """Every example's probabilities from the model fitted on the other folds (keyed by its features' id)."""
    table: dict[int, dict[str, float]] = {}
    for k in range(FOLDS):
        inside = [i for i, f in enumerate(folds) if f != k]
        xs, ys = _data([rows[i] for i in inside], [analyses[i] for i in inside])
        vec, clf = _fit(xs, ys, leaves, rounds)
        held = [org.features for i, f in enumerate(folds) if f == k for org in analyses[i][3]]
        if held:
            for features, p in zip(held, clf.predict_proba(vec.transform(held))):
                table[id(features)] = {str(c): float(q) for c, q in zip(clf.classes_, p)}
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "proscribed" / MODEL_FILE)
    ap.add_argument("--config", nargs=4, type=float, metavar=("LEAVES", "ROUNDS", "THRESHOLD", "RULE_THRESHOLD"),
                    help="refit this configuration without the cross-validated grid (minutes instead of half an "
                         "hour); the plain reports and the shared dev floor still decide whether it ships")
    args = ap.parse_args()
    config = Config.from_env()
    store = open_store(config.db_path)
    index = load_index(store)
    rows = [r for r in load() if split_of(r) in ("train", "validation")]
    analyses = [analyse(article_of(r), index, config.match_threshold) for r in rows]
    folds = _fold_of(rows)
    results: list[tuple[float, int, int, float, float, float | None]] = []
    if args.config is not None:
        leaves, rounds = int(args.config[0]), int(args.config[1])
        table = _out_of_fold(rows, analyses, folds, leaves, rounds)
        f1 = _f1(rows, analyses, _Folded(table, args.config[2], args.config[3], None), index, config.match_threshold)
        results.append((f1, leaves, rounds, args.config[2], args.config[3], None))
    for leaves in LEAVES if args.config is None else ():
        for rounds in ROUNDS:
            table = _out_of_fold(rows, analyses, folds, leaves, rounds)

            def trial(t: float, rt: float, lt: float | None) -> float:
                f1 = _f1(rows, analyses, _Folded(table, t, rt, lt), index, config.match_threshold)
                print(f"leaves={leaves:<3} rounds={rounds:<4} threshold={t:.2f} rule threshold={rt:.2f} "
                      f"list threshold={lt}  cross-validated F1 {f1:.3f}", file=sys.stderr)
                return f1

            # Every pair of thresholds is a candidate; the list threshold is tried under the best pair.
            pairs = [(trial(t, rt, None), t, rt) for t in THRESHOLDS for rt in RULE_THRESHOLDS if rt <= t]
            results.extend((f1, leaves, rounds, t, rt, None) for f1, t, rt in pairs)
            _, t, rt = max(pairs)
            results.extend((trial(t, rt, lt), leaves, rounds, t, rt, lt) for lt in LIST_THRESHOLDS
                           if lt is not None and lt <= t)
    xs, ys = _data(rows, analyses)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in rows).encode()).hexdigest()
    # The simplest configuration whose cross-validated F1 is within one standard error of the best
    # (the F1 of a few hundred events moves by about that much from one sample to another, so a
    # larger model scoring a little higher has learned the folds, not the task), then the others
    # by F1; the first that finds every plain report and keeps the shared dev floor ships. Each
    # pair of thresholds is its own candidate: a model's best pair can miss a plain report that
    # a pair scoring within noise of it finds (round six: 31 leaves and 100 rounds missed two at
    # 0.4/0.4 and found every one at 0.5/0.3, 0.760 cross-validated against 0.761).
    best = max(r[0] for r in results)
    events = sum(1 for r in rows for g in r["gold"] if g["jurisdiction"] == "RU")
    margin = math.sqrt(best * (1 - best) / max(events, 1))
    near = sorted((r for r in results if r[0] >= best - margin), key=lambda r: (r[1] * r[2], -r[0]))
    fits: dict[tuple[int, int], tuple[DictVectorizer, HistGradientBoostingClassifier]] = {}
    for f1, leaves, rounds, t, rt, lt in near + sorted((r for r in results if r not in near), key=lambda r: -r[0]):
        if (leaves, rounds) not in fits:
            fits[leaves, rounds] = _fit(xs, ys, leaves, rounds)
        vec, clf = fits[leaves, rounds]
        model = _model(vec, clf, t, rt, lt, {
            "trained_on": "eval/news train + validation splits", "items": len(rows),
            "examples": len(xs), "corpus_sha256": digest, "max_leaf_nodes": leaves, "rounds": rounds,
            "learning_rate": LEARNING_RATE, "l2_regularization": L2,
            "cross_validated_f1_when_chosen": round(f1, 3), "built_by": "scripts/train_news_model.py",
            "chosen_by": "given (--config)" if args.config is not None else "cross-validated grid"})
        missed = _plain_misses(model, index, config.match_threshold)
        dev = _dev_f1(model, index, config.match_threshold) if not missed else None
        if not missed and dev is not None and dev >= DEV_FLOOR:
            break
        why = f"it misses {missed}" if missed else f"shared dev F1 {dev:.3f} < {DEV_FLOOR}"
        print(f"leaves={leaves} rounds={rounds} threshold={t} rule threshold={rt} list threshold={lt} "
              f"(cross-validated F1 {f1:.3f}) set aside: {why}", file=sys.stderr)
    else:
        raise SystemExit("no configuration of the grid finds every plain report (PLAIN_REPORTS) and keeps the "
                         f"shared dev set at F1 {DEV_FLOOR}")
    _check(model, vec, clf, xs)
    # One tree a line: a retrained model diffs tree by tree.
    document = model.to_json()
    trees = document.pop("trees")
    body = json.dumps(document, ensure_ascii=False, sort_keys=True)[:-1]
    lines = [json.dumps(round_, ensure_ascii=False, separators=(",", ":")) for round_ in trees]
    args.out.write_text(body + ',\n"trees":[\n' + ",\n".join(lines) + "\n]}\n", "utf-8")
    print(f"wrote {args.out}: {leaves} leaves, {rounds} rounds, threshold {t}, rule threshold {rt}, list threshold {lt}, "
          f"cross-validated F1 {f1:.3f} (train + validation, {FOLDS} folds by publisher)")


if __name__ == "__main__":
    main()
