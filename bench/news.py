#!/usr/bin/env python3
"""Designation events from the news: quality and speed on the project's news corpus and the shared dev set.

Usage: python bench/news.py [EVAL_JSONL] [--show train|validation|dev] [--predictions OUT.jsonl]

Prints one line per set: the corpus's train, validation and test splits
(``eval/news/``, split fixed before tuning; the test split is the headline and is
never shown error by error) and the shared dev set.

Scores Russian (jurisdiction RU) events only, as the set's README suggests for a
Russia-only system: a predicted RU event matches a gold RU event of the same
article when its organization (or one of its other names) equals the gold
``org`` or one of its aliases after case-folding and removing quote marks
(lenient: ``org_aliases`` and ``extra_aliases``; ``--strict``: ``org_aliases``
only), one-to-one. Prints precision, recall and F1 of (organization, status)
pairs, decision-date accuracy on matched events whose gold date is not null,
authority accuracy, list-size accuracy (exact integer, null included), the
article-level false-positive rate on articles without RU gold, and articles per
second on one core (extraction and linking; models and index loaded first).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._eval import EVAL_DIR  # noqa: E402
from eval.news.split import load as load_corpus  # noqa: E402
from eval.news.split import split_of  # noqa: E402
from proscribed import settings  # noqa: E402
from proscribed.news.classifier import Model  # noqa: E402
from proscribed.news.extract import extract  # noqa: E402
from proscribed.news.model import Article  # noqa: E402
from proscribed.news.names import norm_name  # noqa: E402
from proscribed.service.queries import screening_index  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

EVAL = EVAL_DIR / "news-dev.jsonl"


def article_of(row: dict[str, Any]) -> Article:
    published = date.fromisoformat(row["published"]) if row.get("published") else None
    return Article(id=row["id"], text=row["text"], url=row.get("url"), published=published,
                   language=row.get("language"), title=row.get("title"))


def _key(name: str) -> str:
    """A name as scored: a footnote asterisk (the publisher's legal label, kept in the gold "as
    written") is no part of the name the extractor must give."""
    return norm_name(name.replace("*", " "))


def _gold_names(g: dict[str, Any], strict: bool) -> set[str]:
    names = [g["org"], *g.get("org_aliases", [])] + ([] if strict else g.get("extra_aliases", []))
    return {_key(n) for n in names}


def score(rows: list[dict[str, Any]], outputs: list[dict[str, Any]], strict: bool,
          show: bool) -> dict[str, Any]:
    tp = fp = fn = 0
    dates_ok = dates_n = auth_ok = size_ok = 0
    neg_articles = neg_fp = 0
    for row, out in zip(rows, outputs):
        gold = [g for g in row["gold"] if g["jurisdiction"] == "RU"]
        pred = [e for e in out["events"] if e["jurisdiction"] == "RU"]
        if not gold:
            neg_articles += 1
            neg_fp += bool(pred)
        free = list(range(len(gold)))
        for e in pred:
            names = {_key(n) for n in [e["org"], *e.get("aliases", [])]}
            hit = next((k for k in free if gold[k]["status"] == e["status"] and names & _gold_names(gold[k], strict)),
                       None)
            if hit is None:
                fp += 1
                if show:
                    print(f"  FP {row['id']}: {e['org']!r} {e['status']}", file=sys.stderr)
                continue
            free.remove(hit)
            tp += 1
            g = gold[hit]
            if g["decision_date"] is not None:
                dates_n += 1
                dates_ok += e["decision_date"] == g["decision_date"]
                if show and e["decision_date"] != g["decision_date"]:
                    print(f"  DATE {row['id']}: {e['org']!r} {e['decision_date']} != {g['decision_date']}",
                          file=sys.stderr)
            auth_ok += e.get("authority_type") == g["authority_type"]
        fn += len(free)
        if show:
            for k in free:
                print(f"  FN {row['id']}: {gold[k]['org']!r} {gold[k]['status']}", file=sys.stderr)
        size_ok += out["list_size"] == row["list_size"]
        if show and out["list_size"] != row["list_size"]:
            print(f"  SIZE {row['id']}: {out['list_size']} != {row['list_size']}", file=sys.stderr)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "events": {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
                   "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0},
        "decision_date_accuracy": round(dates_ok / dates_n, 3) if dates_n else None,
        "decision_dates_scored": dates_n,
        "authority_accuracy": round(auth_ok / tp, 3) if tp else None,
        "list_size_accuracy": round(size_ok / len(rows), 3),
        "negative_articles_with_events": f"{neg_fp}/{neg_articles}",
    }


def predict(rows: list[dict[str, Any]], index: Any, threshold: float,
            classifier: Model | None = None) -> tuple[list[dict[str, Any]], float]:
    """Each row's extraction as ``score`` reads it (the shipped model unless ``classifier``), and the CPU seconds."""
    started = time.process_time()
    outputs = []
    for row in rows:
        x = extract(article_of(row), index, threshold=threshold, classifier=classifier)
        d = x.to_dict()
        for e, ev in zip(d["events"], x.events):
            e["aliases"] = ev.aliases
            e["authority_type"] = ev.authority_type
        outputs.append(d)
    return outputs, time.process_time() - started


def _sets(eval_file: Path | None) -> dict[str, list[dict[str, Any]]]:
    """The project's corpus by split, and the shared dev set (or one file given on the command line)."""
    if eval_file is not None:
        return {eval_file.name: [json.loads(x) for x in eval_file.read_text("utf-8").splitlines() if x.strip()]}
    corpus = load_corpus()
    sets = {name: [r for r in corpus if split_of(r) == name] for name in ("train", "validation", "test")}
    sets["dev (shared)"] = [json.loads(x) for x in EVAL.read_text("utf-8").splitlines() if x.strip()]
    return sets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval", nargs="?", type=Path, default=None,
                    help="one JSON Lines file to score (default: the corpus splits and the shared dev set)")
    ap.add_argument("--show", choices=("train", "validation", "dev (shared)"), default=None,
                    help="print every error of this set on stderr (never the test split: it is for reporting)")
    ap.add_argument("--predictions", type=Path, default=None, help="write the predictions of --show's set")
    args = ap.parse_args()
    sets = _sets(args.eval)
    store = open_store(settings.db_path())
    index = screening_index(store)
    threshold = settings.match_threshold()
    first = next(iter(sets.values()))
    extract(article_of(first[0]), index, threshold=threshold)  # load the models once, untimed
    rows_all, seconds = 0, 0.0
    print("news events, RU events scored ((organization, status) lenient; strict in brackets)")
    print(f"{'set':<13} {'items':>5} {'P':>6} {'R':>6} {'F1':>6} {'(strict)':>8} {'F1 ru':>6} {'F1 en':>6} "
          f"{'date':>6} {'auth':>6} {'size':>6} {'neg FP':>9}")
    for name, rows in sets.items():
        outputs, elapsed = predict(rows, index, threshold)
        rows_all, seconds = rows_all + len(rows), seconds + elapsed
        show = args.show == name
        result = score(rows, outputs, strict=False, show=show)
        strict = score(rows, outputs, strict=True, show=False)
        by_lang = {}
        for lang in ("ru", "en"):
            pairs = [(r, o) for r, o in zip(rows, outputs) if r["language"] == lang]
            by_lang[lang] = score([r for r, _ in pairs], [o for _, o in pairs], strict=False, show=False)
        ev = result["events"]
        print(f"{name:<13} {len(rows):>5} {ev['precision']:>6.3f} {ev['recall']:>6.3f} {ev['f1']:>6.3f} "
              f"{'(' + format(strict['events']['f1'], '.3f') + ')':>8} {by_lang['ru']['events']['f1']:>6.3f} "
              f"{by_lang['en']['events']['f1']:>6.3f} {_fmt(result['decision_date_accuracy']):>6} "
              f"{_fmt(result['authority_accuracy']):>6} {result['list_size_accuracy']:>6.3f} "
              f"{result['negative_articles_with_events']:>9}")
        if show and args.predictions:
            args.predictions.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outputs), "utf-8")
    print("date: decision-date accuracy on matched events with a gold date; auth: authority type; "
          "size: list size exact (null included); neg FP: items without RU gold that got an RU event")
    print(f"speed: {rows_all / seconds:.1f} articles/s on one core ({seconds:.2f} s CPU for {rows_all} items)")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
