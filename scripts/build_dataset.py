#!/usr/bin/env python3
"""Build proscribed/data/dataset.json.gz from the registry snapshots.

Usage: python scripts/build_dataset.py [SNAPSHOT_DIR]   (default: ../shared/data/registries)

The output is deterministic (sorted keys, gzip without a timestamp), so a
rebuild from the same files changes nothing; provenance is inside the data.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.sources.bundled import build_dataset  # noqa: E402  (path set above)


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else ROOT.parent / "shared" / "data" / "registries"
    data = build_dataset(src)
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0).encode("utf-8")
    out = ROOT / "proscribed" / "data" / "dataset.json.gz"
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload)
    counts: dict[str, int] = {}
    for e in data["entities"]:
        for d in e["designations"]:
            counts[d["registry"]] = counts.get(d["registry"], 0) + 1
    print(f"wrote {out.relative_to(ROOT)}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
          + f"; {len(data['links'])} entries in {len({k['group'] for k in data['links']})} linked groups")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
