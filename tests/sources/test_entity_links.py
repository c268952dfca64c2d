"""Entity links: the file resolves against the data, and the hand-checked sample covers what is drawn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from proscribed.exc import DataError
from proscribed.sources import entity_links
from proscribed.sources.loader import bundled_document

ROOT = Path(__file__).resolve().parents[2]


def test_links_resolve_one_group_per_entry_with_evidence() -> None:
    links = entity_links.resolve_links(bundled_document()["entities"])
    assert len({k["entity_id"] for k in links}) == len(links)  # an entry is in one group at most
    assert all(k["evidence_url"].startswith(("https://", "http://")) and k["evidence_quote"] for k in links)
    assert {k["group"] for k in links if k["position"] == 0} == {k["group"] for k in links}


def test_an_unknown_entry_is_refused() -> None:
    records = [r for r in bundled_document()["entities"] if r["id"] != "ru-undesirable-073"]  # Meduza's entry gone
    with pytest.raises(DataError, match="group 'meduza': unknown entry"):
        entity_links.resolve_links(records)


def test_the_reviewed_sample_covers_the_seeded_draw() -> None:
    out = subprocess.run([sys.executable, "scripts/sample_entity_links.py", "--verdicts",
                          "eval/entity_links/review.yml", "--json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr  # a link drawn without a verdict fails here
    report = json.loads(out.stdout)
    assert report["precision"]["judged"] == 50 and report["precision"]["value"] >= 0.98
