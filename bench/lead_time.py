#!/usr/bin/env python3
"""Backtest of the early warning: how many days before the Ministry listing the news told us.

Usage: python bench/lead_time.py [EVAL_JSONL]

Replays the dated articles of the news evaluation set in publication order. For each
article, the registry is taken as it stood on the article's date (entries listed later are
not yet known); every correctly extracted Russian event (organization and status match the
gold, see bench/news.py) whose organization was not yet on the list that day counts as an
early warning, and its lead is the days from the article to the entry's listing date.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.news import EVAL, _gold_names, article_of  # noqa: E402
from proscribed import settings  # noqa: E402
from proscribed.news.extract import extract  # noqa: E402
from proscribed.news.names import norm_name  # noqa: E402
from proscribed.service.queries import screening_index  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else EVAL
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = sorted((r for r in rows if r.get("published")), key=lambda r: r["published"])
    store = open_store(settings.db_path())
    index = screening_index(store)
    threshold = settings.match_threshold()
    leads = []
    already = unlinked = 0
    print(f"lead-time backtest on {path.name}: {len(rows)} dated articles in publication order")
    for row in rows:
        article = article_of(row)
        gold = [g for g in row["gold"] if g["jurisdiction"] == "RU"]
        for e in extract(article, index, threshold=threshold).events:
            if e.jurisdiction != "RU":
                continue
            names = {norm_name(n) for n in [e.org, *e.aliases]}
            if not any(g["status"] == e.status and names & _gold_names(g, False) for g in gold):
                continue
            if e.linked is None or e.linked["listed_on"] is None:
                unlinked += 1
                continue
            listed = e.linked["listed_on"]
            if listed <= row["published"]:
                already += 1  # the list already had it on the article's day: no early warning
                continue
            from datetime import date

            days = (date.fromisoformat(listed) - article.published).days  # type: ignore[operator]
            leads.append(days)
            print(f"  {row['published']}  {e.org[:50]:50} {e.status:12} listed {listed}  +{days} days")
    if leads:
        print(f"early warnings: {len(leads)}; days before the Ministry listing: median {statistics.median(leads):g}, "
              f"mean {statistics.mean(leads):.1f}, min {min(leads)}, max {max(leads)}")
    else:
        print("early warnings: 0")
    print(f"correct events already on the list that day: {already}; correct events not linked: {unlinked}")


if __name__ == "__main__":
    main()
