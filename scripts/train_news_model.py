#!/usr/bin/env python3
"""Train the news event classifier and write ``proscribed/resources/news_model.json``.

Usage: python scripts/train_news_model.py [--out FILE]   (needs scikit-learn: pip install -e '.[train]')

Examples are the organizations each article of the news corpus (``eval/news/``)
names, with the features of ``proscribed/news/features.py``; an organization's
class is the status of its gold event (``foreign`` for another state's act), or
``none``. The regularisation and the decision threshold are chosen on the
validation split by the F1 of Russian (organization, status) events, scored as
``bench/news.py`` scores them; the shipped model is then fitted on train and
validation together. The test split is never read. Deterministic: the same
corpus gives the same file.
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

from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from bench.news import article_of, score  # noqa: E402
from eval.news.split import load, split_of  # noqa: E402
from proscribed.config import Config  # noqa: E402
from proscribed.matching.cache import load_index  # noqa: E402
from proscribed.news.classifier import MODEL_FILE, Model  # noqa: E402
from proscribed.news.extract import Analysis, analyse, decide  # noqa: E402
from proscribed.news.features import same_org  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

CS = (0.3, 1.0, 3.0)
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


def _fit(xs: list[dict[str, float]], ys: list[str], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    vec = DictVectorizer()
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(vec.fit_transform(xs), ys)
    return vec, clf


def _model(vec: DictVectorizer, clf: LogisticRegression, threshold: float, rule_threshold: float,
           meta: dict[str, object]) -> Model:
    names = vec.get_feature_names_out()
    coef = clf.coef_.T  # features × classes
    # Weights below 0.005 change no probability by more than a fraction of a percent: left out, the file
    # stays small.
    weights = {str(n): tuple(round(float(w), 4) for w in coef[i]) for i, n in enumerate(names)
               if any(abs(w) >= 0.005 for w in coef[i])}
    return Model(classes=tuple(str(c) for c in clf.classes_), intercept=tuple(float(b) for b in clf.intercept_),
                 weights=weights, threshold=threshold, rule_threshold=rule_threshold, meta=meta)


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
    best = (-1.0, 0.0, 0.0, 0.0)
    for c in CS:
        vec, clf = _fit(xs, ys, c)
        for t in THRESHOLDS:
            for rt in (x for x in RULE_THRESHOLDS if x <= t):
                f1 = _f1(val, val_a, _model(vec, clf, t, rt, {}), index, config.match_threshold)
                print(f"C={c:<4} threshold={t:.2f} rule threshold={rt:.2f}  validation F1 {f1:.3f}", file=sys.stderr)
                best = max(best, (f1, c, t, rt))
    f1, c, t, rt = best
    vx, vy = _data(val, val_a)
    vec, clf = _fit(xs + vx, ys + vy, c)
    digest = hashlib.sha256("".join(json.dumps(r, sort_keys=True) for r in train + val).encode()).hexdigest()
    model = _model(vec, clf, t, rt, {
        "trained_on": "eval/news train + validation splits", "items": len(train) + len(val),
        "examples": len(xs) + len(vx), "corpus_sha256": digest, "C": c,
        "validation_f1_when_chosen": round(f1, 3), "built_by": "scripts/train_news_model.py"})
    head = {"classes": model.classes, "intercept": [round(b, 5) for b in model.intercept],
            "threshold": model.threshold, "rule_threshold": model.rule_threshold, "meta": model.meta}
    # One feature a line: small, and a retrained model diffs line by line.
    lines = [f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(list(v))}" for k, v in sorted(model.weights.items())]
    body = json.dumps(head, ensure_ascii=False, sort_keys=True)[:-1]
    args.out.write_text(body + ',\n"weights":{\n' + ",\n".join(lines) + "\n}}\n", "utf-8")
    print(f"wrote {args.out}: C={c}, threshold {t}, rule threshold {rt}, validation F1 {f1:.3f} (train-only fit), "
          f"{len(model.weights)} features")


if __name__ == "__main__":
    main()
