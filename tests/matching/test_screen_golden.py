"""Screening gives the answers recorded before its last speed-up (see make_screen_golden.py)."""

import json
from pathlib import Path

from proscribed.matching import ScreeningIndex

from .make_screen_golden import GOLDEN, answers

RECORDED = [json.loads(line) for line in Path(GOLDEN).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_recorded_sample_is_broad() -> None:
    answered = sum(1 for r in RECORDED if r["matches"])
    assert len(RECORDED) > 300 and answered > 50 and any(len(r["matches"]) > 1 for r in RECORDED)


def test_same_matches_as_recorded(index: ScreeningIndex) -> None:
    changed = [r["query"] for r in RECORDED if answers(index, r["query"]) != r["matches"]]
    assert not changed
