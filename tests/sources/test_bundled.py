import gzip
import json
from pathlib import Path

import pytest

from proscribed.sources.bundled import build_dataset
from proscribed.sources.curated import curated_names
from proscribed.sources.loader import bundled_document

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "registries"


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/registries beside the project")
def test_build_is_reproducible_and_matches_the_package() -> None:
    packaged = bundled_document()
    rebuilt = json.loads(json.dumps(build_dataset(SHARED), ensure_ascii=False, sort_keys=True))
    assert rebuilt == packaged


def test_counts_and_provenance() -> None:
    doc = bundled_document()
    per_registry: dict[str, int] = {}
    for e in doc["entities"]:
        for d in e["designations"]:
            per_registry[d["registry"]] = per_registry.get(d["registry"], 0) + 1
            assert d["provenance"], e["id"]
    assert per_registry == {"ru-undesirable": 418, "ru-foreign-agents": 1226, "ru-extremist": 674, "ru-terrorist": 74}
    assert {s["id"] for s in doc["sources"]} >= {"itsalt-undesirable-2026-09-24", "fz255-undesirable-2024-08-27"}
    assert all(len(s["sha256"]) == 64 for s in doc["sources"])


def test_packaged_file_is_deterministic_gzip() -> None:
    raw = (Path(__file__).resolve().parents[2] / "proscribed" / "data" / "dataset.json.gz").read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0
    assert json.loads(gzip.decompress(raw))["format"] == 1


def test_curated_aliases_validate() -> None:
    names = curated_names()
    assert len(names) > 500
    assert all(n.source_url for n in names)
