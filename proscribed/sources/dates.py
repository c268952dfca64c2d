"""Registry date strings (``DD.MM.YYYY``) and order references."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["ru_date", "parse_order"]

_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def ru_date(value: str | None) -> date | None:
    """``29.07.2015`` → date; empty or missing → None; a malformed date raises ValueError."""
    if value is None or not value.strip():
        return None
    m = _DMY.search(value)
    if not m:
        raise ValueError(f"not a DD.MM.YYYY date: {value!r}")
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


_ORDER = re.compile(r"№\s*([\w/-]+)")


def parse_order(value: str | None) -> tuple[str | None, date | None]:
    """``№ 1076-р от 29.07.2015`` → ("1076-р", 2015-07-29); ``14.02.2024`` → (None, date)."""
    if value is None or not value.strip():
        return None, None
    m = _ORDER.search(value)
    number = m.group(1) if m else None
    return number, ru_date(value) if _DMY.search(value) else None
