#!/usr/bin/env python3
"""Write the answers ``screen`` gives today to the queries of fixtures/screen_queries.txt.

Usage: PROSCRIBED_DB=/tmp/x.sqlite3 python tests/matching/make_screen_golden.py

The queries were written by hand for this test (organizations and persons, listed or
not, in both scripts, with slips and inflections); none comes from the evaluation sets.
``test_screen_golden.py`` checks that ``screen`` still gives these answers: a change
meant to make screening faster must leave them as they are. Run this again only after
a change meant to alter scores, and say so in its commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from proscribed.matching import ScreeningIndex, screen  # noqa: E402
from proscribed.service.queries import screening_index  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.settings import db_path  # noqa: E402

QUERIES = HERE / "fixtures" / "screen_queries.txt"
GOLDEN = HERE / "fixtures" / "screen_golden.jsonl"
THRESHOLD = 0.3  # below the default, so runners-up and near misses are compared too
LIMIT = 5


def answers(index: ScreeningIndex, query: str) -> list[list[object]]:
    """Each match of ``query`` as [entity id, score, matched name, explanation]."""
    return [[m.entity.id, m.score, m.matched_name, m.explanation]
            for m in screen(index, query, threshold=THRESHOLD, limit=LIMIT)]


def main() -> int:
    store = open_store(db_path())
    index = screening_index(store)
    with open(GOLDEN, "w", encoding="utf-8") as out:
        for query in QUERIES.read_text(encoding="utf-8").splitlines():
            if query.strip():
                out.write(json.dumps({"query": query, "matches": answers(index, query)}, ensure_ascii=False) + "\n")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
