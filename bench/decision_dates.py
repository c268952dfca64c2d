#!/usr/bin/env python3
"""How far the collected decision dates can be trusted, and how many entries have one.

Usage: python bench/decision_dates.py [SNAPSHOT_DIR]   (default: ../shared/data/registries)

1. Blind validation: the entries of the older Ministry table (fz255, rows 1-188) whose date
   was collected by the same method as the others (eval/decisions, split ``blind``, reviewed
   without looking at the table) are compared with the table's Prosecutor General decision
   date, per basis as the issue defines it: a ``stated`` date agrees when it is the table's
   day; an ``announced`` date is exact when it is the table's day and consistent when the
   table's day falls within the ANNOUNCE_LAG days before it (announcements come on the day of
   the decision or up to 5 days later). The headline agreement counts stated-exact plus
   announced-consistent. Every disagreement is printed with its evidence and its cause (a
   report dating the Ministry listing, or a source giving another date), and so is every
   announced date that is consistent but not exact, with its lag. The blind rows are every row of
   the older table named in a blind report; the rows drawn at random (three documented draws)
   are reported apart, since one report often names several related rows. Rows whose
   only evidence the collection set aside (it dates the Ministry's listing, or only a third
   party announced it) are listed, not scored.
2. Coverage: the share of the undesirable entries with a decision date, from the table
   alone (the baseline, before this work) and from the table plus the collected dates.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.sources.dates import parse_order, ru_date  # noqa: E402

DATES = ROOT / "proscribed" / "resources" / "decision_dates.yml"
ANNOUNCE_LAG = 5  # days: an announcement comes on the day of the decision or up to this many days later


# Round four's pool: the rows of the older table that the first two draws had not drawn and that no
# report had named or dated by then (commit dd6c4f2); the third draw is 40 of them, fixed before any search.
THIRD_POOL = (1, 2, 3, 6, 7, 11, 15, 16, 17, 18, 22, 31, 35, 40, 41, 49, 50, 51, 54, 55, 61, 62, 67, 69, 70, 71,
              75, 77, 78, 80, 81, 82, 83, 85, 86, 87, 88, 90, 101, 102, 103, 104, 105, 106, 107, 109, 111, 112,
              113, 114, 115, 116, 118, 120, 121, 123, 125, 127, 128, 129, 131, 132, 133, 135, 136, 137, 140,
              141, 144, 146, 149, 150, 151, 152, 156, 159, 160, 161, 165, 166, 167, 172, 173, 174, 175, 176, 177)


def third_draw() -> set[int]:
    """Round four's fresh blind draw (eval/decisions/README.md)."""
    return set(random.Random(12).sample(THIRD_POOL, 40))


def drawn_rows() -> set[int]:
    """The rows of the older table drawn for the blind check, fixed before any search (eval/decisions/README.md)."""
    first = random.Random(10).sample(range(1, 189), 30)
    second = random.Random(11).sample(sorted(set(range(1, 189)) - set(first)), 40)
    return set(first) | set(second) | third_draw()


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
    doc = yaml.safe_load(DATES.read_text(encoding="utf-8"))
    collected = {e["row"]: e for e in doc["entries"]}

    blind = {row: e for row, e in collected.items()
             if row in table and any(x["split"] == "blind" for x in e["evidence"])}
    lag = {row: (date.fromisoformat(e["decision_date"]) - table[row]).days for row, e in blind.items()}
    stated = [row for row, e in blind.items() if e["decision_date_basis"] == "stated"]
    announced = [row for row, e in blind.items() if e["decision_date_basis"] == "announced"]
    stated_exact = [row for row in stated if lag[row] == 0]
    announced_exact = [row for row in announced if lag[row] == 0]
    consistent = [row for row in announced if 0 <= lag[row] <= ANNOUNCE_LAG]
    agree = stated_exact + consistent
    print(f"blind validation against the older table: {len(blind)} entries collected blind")

    def share(part: list[int], whole: list[int]) -> str:
        return f"{len(part)}/{len(whole)} = {len(part) / len(whole):.1%}" if whole else "0/0"

    print(f"  agreement (stated exact + announced consistent)  {share(agree, list(blind))}  (target 95%)")
    print(f"  basis stated:    exact {share(stated_exact, stated)}")
    print(f"  basis announced: exact {share(announced_exact, announced)}; consistent (table's day 0-{ANNOUNCE_LAG} "
          f"days before) {share(consistent, announced)}")
    print(f"  all bases, same day {share(stated_exact + announced_exact, list(blind))}")
    for row in sorted(set(blind) - set(agree)):
        e = blind[row]
        found = date.fromisoformat(e["decision_date"])
        print(f"  DISAGREES row {row}: table {table[row]}, collected {found} ({e['decision_date_basis']}) — "
              f"{cause(table[row], found, listed.get(row), e['evidence'])}")
        for x in e["evidence"]:
            print(f"      {x['decision_date']} {x['basis']:9} {x['how_obtained']:15} {x['publisher']}: {x['quote'][:110]}")
    drawn = drawn_rows()
    sampled = [row for row in blind if row in drawn]
    print(f"  the drawn rows only ({len(drawn)} drawn, {len(sampled)} found in reports): agreement "
          f"{share([r for r in agree if r in drawn], sampled)}")
    fresh = third_draw()
    found_fresh = [row for row in blind if row in fresh]
    print(f"  round four's fresh draw only ({len(fresh)} drawn, {len(found_fresh)} found in reports): agreement "
          f"{share([r for r in agree if r in fresh], found_fresh)}; not found: "
          + ", ".join(str(r) for r in sorted(fresh - set(blind))))
    aside = sorted({a["row"] for a in doc.get("set_aside", []) if a["split"] == "blind" and a["row"] in table
                    and a["row"] not in blind})
    if aside:
        print(f"  not scored, the only evidence was set aside by the collection (it dates the Ministry's listing, "
              f"or only a third party announced it): "
              + ", ".join(f"row {row}" for row in aside))
    late = sorted(set(consistent) - set(announced_exact))
    if late:
        print("  consistent, not exact (announced N days after the table's decision): "
              + ", ".join(f"row {row} +{lag[row]}" for row in late))

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
