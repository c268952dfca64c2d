"""The bundled dataset as shipped (``data/dataset.json.gz``): its bytes' digest, which every
command compares with the store's at start-up, and its document. Kept apart from the
loader, which turns it into entities: a command whose store is current imports none of
the name parsing that needs (a fifth of a second of each start)."""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..exc import DataError

__all__ = ["bundled_digest", "bundled_document"]

_DATASET = "data/dataset.json.gz"


@lru_cache(maxsize=1)
def _raw_bundle() -> bytes:
    return resources.files("proscribed").joinpath(_DATASET).read_bytes()


def bundled_digest() -> str:
    return hashlib.sha256(_raw_bundle()).hexdigest()


def bundled_document() -> dict[str, Any]:
    try:
        doc = json.loads(gzip.decompress(_raw_bundle()))
    except (OSError, ValueError) as err:
        raise DataError(f"bundled dataset is unreadable: {err}") from None
    if not isinstance(doc, dict) or doc.get("format") != 1:
        raise DataError("bundled dataset has an unknown format")
    return doc
