"""The one clock of the project: transaction times are UTC ISO strings, to the second."""

from __future__ import annotations

from datetime import datetime, timezone

__all__ = ["now_iso"]


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
