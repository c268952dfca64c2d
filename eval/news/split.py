#!/usr/bin/env python3
"""The fixed split of the news corpus: train / validation / test by publisher and time.

Fixed on 2026-12-06 before any item was collected or any extractor change was made:
an item's split depends only on its publisher's domain and its publication year,
never on its text or labels, so no one can move an error out of the test split.

* Group key: the registrable part of the item's URL host (``www.``, ``m.``, ``amp.``,
  ``ru.``, ``en.`` prefixes dropped; a few outlets with several domains folded into one),
  or the publisher's name, case-folded, when the item has no URL.
* Time: items published in 2026 form one extra group per publisher, so the newest
  news of an outlet can fall into a different split from its older news.
* Bucket: SHA-256 of ``key|period`` modulo 100: below 60 train, below 80 validation,
  the rest test (about 60/20/20 by group; by item it varies with group sizes).

Usage: python eval/news/split.py [FILES...]  prints the counts per split;
``from eval.news.split import split_of`` gives one item's split.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
PREFIXES = ("www.", "m.", "amp.", "ru.", "en.", "mobile.")
# Outlets that publish under several domains: one publisher, one group.
FOLDED = {"tass.com": "tass.ru", "themoscowtimes.com": "themoscowtimes.com",
          "meduza.io": "meduza.io", "rferl.org": "svoboda.org", "currenttime.tv": "svoboda.org",
          "ria.ru": "ria.ru", "rg.ru": "rg.ru", "interfax.com": "interfax.ru",
          "novayagazeta.eu": "novayagazeta.ru", "rbc.ru": "rbc.ru", "bbc.co.uk": "bbc.com"}


def group_key(item: dict[str, Any]) -> str:
    url = item.get("url")
    if url:
        host = (urlsplit(url).hostname or "").lower()
        changed = True
        while changed:
            changed = False
            for prefix in PREFIXES:
                if host.startswith(prefix) and host.count(".") > 1:
                    host = host[len(prefix):]
                    changed = True
        parts = host.split(".")
        # keep two labels, three for second-level country domains (bbc.co.uk, abc.net.au)
        keep = 3 if len(parts) > 2 and parts[-2] in {"co", "com", "net", "org", "gov"} else 2
        host = ".".join(parts[-keep:])
        return FOLDED.get(host, host)
    return str(item["publisher"]).casefold().strip()


def split_of(item: dict[str, Any]) -> str:
    period = "2026" if str(item.get("published") or "").startswith("2026") else "before-2026"
    digest = hashlib.sha256(f"{group_key(item)}|{period}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    return "train" if bucket < 60 else "validation" if bucket < 80 else "test"


def load(paths: list[Path] | None = None) -> list[dict[str, Any]]:
    """Every item of the corpus files (``items-*.jsonl`` beside this script by default).

    A page two collectors both labelled counts once (the first file's labels), so
    no story weighs double and none sits in two splits.
    """
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in paths or sorted(HERE.glob("items-*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                key = row.get("url") or row["id"]
                if key not in seen:
                    seen.add(key)
                    rows.append(row)
    return rows


def main(argv: list[str]) -> None:
    rows = load([Path(a) for a in argv] or None)
    counts = Counter(split_of(r) for r in rows)
    events = Counter()
    for r in rows:
        events[split_of(r)] += len(r["gold"])
    for name in ("train", "validation", "test"):
        print(f"{name:<11} {counts[name]:>4} items {events[name]:>4} gold events")


if __name__ == "__main__":
    main(sys.argv[1:])
