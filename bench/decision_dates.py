#!/usr/bin/env python3
"""How far the collected decision dates can be trusted, and how many entries have one.

Usage: python bench/decision_dates.py [SNAPSHOT_DIR]   (default: ../shared/data/registries)

1. Blind validation: the entries of the older Ministry table (fz255, rows 1-188) whose date
   was collected by the same method as the others (eval/decisions, split ``blind``, reviewed
   without looking at the table) are compared with the table's Prosecutor General decision
   date. Agreement is an exact match; every disagreement is printed with its evidence and
   its cause (an announcement some days after the decision, a report dating the Ministry
   listing, or a source giving another date).
2. Coverage: the share of the undesirable entries with a decision date, from the table
   alone (the baseline, before this work) and from the table plus the collected dates.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.sources.dates import parse_order, ru_date  # noqa: E402

DATES = ROOT / "proscribed" / "resources" / "decision_dates.yml"
ANNOUNCE_LAG = 5  # days: an announcement comes on the day of the decision or up to this many days later


def cause(table: date, found: date, listed: date | None, items: list[dict[str, object]]) -> str:
    lag = (found - table).days
    if listed is not None and found == listed:
        return "the report dates the Ministry listing, not the decision"
    if 0 < lag <= ANNOUNCE_LAG and all(e["basis"] == "announced" for e in items if e["decision_date"] == found.isoformat()):
        return f"announced {lag} day(s) after the decision (basis: announced)"
    return f"the source gives another date ({lag:+d} days)"


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "data" / "registries"
    rows = json.loads((src / "ru_undesirable.itsalt-2026-09-24.json").read_text(encoding="utf-8"))["entries"]
    listed = {int(r["id"].removeprefix("row-")): ru_date(r["included_at"]) for r in rows}
    table: dict[int, date] = {}
    for r in json.loads((src / "ru_undesirable.fz255-2024-08-27.html-table.json").read_text(encoding="utf-8")):
        decided = parse_order(r["decisionInGenproc"])[1]
        if decided is not None:
            table[int(r["id"])] = decided
    collected = {e["row"]: e for e in yaml.safe_load(DATES.read_text(encoding="utf-8"))["entries"]}

    blind = {row: e for row, e in collected.items()
             if row in table and any(x["split"] == "blind" for x in e["evidence"])}
    agree = [row for row, e in blind.items() if date.fromisoformat(e["decision_date"]) == table[row]]
    within = [row for row, e in blind.items()
              if 0 <= (date.fromisoformat(e["decision_date"]) - table[row]).days <= ANNOUNCE_LAG]
    print(f"blind validation against the older table: {len(blind)} entries collected blind")
    if blind:
        print(f"  agreement (same day)           {len(agree)}/{len(blind)} = {len(agree) / len(blind):.1%}  (target 95%)")
        print(f"  within {ANNOUNCE_LAG} days after the decision {len(within)}/{len(blind)} = {len(within) / len(blind):.1%}")
        for basis in ("stated", "announced"):
            of = [row for row, e in blind.items() if e["decision_date_basis"] == basis]
            same = [row for row in of if row in agree]
            if of:
                print(f"  basis {basis:9} same day {len(same)}/{len(of)} = {len(same) / len(of):.1%}")
    for row in sorted(set(blind) - set(agree)):
        e = blind[row]
        found = date.fromisoformat(e["decision_date"])
        print(f"  row {row}: table {table[row]}, collected {found} ({e['decision_date_basis']}) — "
              f"{cause(table[row], found, listed.get(row), e['evidence'])}")
        for x in e["evidence"]:
            print(f"      {x['decision_date']} {x['basis']:9} {x['how_obtained']:15} {x['publisher']}: {x['quote'][:110]}")

    total = len(rows)
    with_table = len(table)
    with_any = len(set(table) | set(collected))
    lacking = [n for n in listed if n not in table]
    found_lacking = [n for n in lacking if n in collected]
    print(f"coverage of the {total} undesirable entries with a decision date:")
    print(f"  baseline (older table only)    {with_table}/{total} = {with_table / total:.1%}")
    print(f"  table + collected              {with_any}/{total} = {with_any / total:.1%}  (target 80%)"
          f"  ratio to baseline {with_any / with_table:.2f}")
    print(f"  entries the table lacks        {len(found_lacking)}/{len(lacking)} found in public reports"
          f" = {len(found_lacking) / len(lacking):.1%}")
    how: dict[str, int] = {}
    for e in collected.values():
        for x in e["evidence"]:
            how[x["how_obtained"]] = how.get(x["how_obtained"], 0) + 1
    print("  evidence by how it was obtained: " + ", ".join(f"{k} {v}" for k, v in sorted(how.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
