"""One settings module: every environment variable, its default and its help.

Settings are read when asked for (not at import), so tests can set the
environment per test. ``SETTINGS`` is the documented list; a test checks that
each one appears in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Setting", "SETTINGS", "db_path", "match_threshold"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        value = os.environ.get(self.name)
        return self.default if value is None or value == "" else value


def _default_db() -> str:
    # XDG data dir: the store is user data, not cache (it will hold history).
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "proscribed" / "proscribed.sqlite3")


DB = Setting(
    "PROSCRIBED_DB",
    _default_db(),
    "Path of the SQLite store; created and filled from the bundled data on first use.",
)
MATCH_THRESHOLD = Setting(
    "PROSCRIBED_MATCH_THRESHOLD",
    "0.80",
    "Screening score in [0, 1] below which a match is not returned.",
)

SETTINGS: tuple[Setting, ...] = (DB, MATCH_THRESHOLD)


def db_path() -> Path:
    return Path(DB.get()).expanduser()


def match_threshold() -> float:
    from .exc import InvalidInput

    raw = MATCH_THRESHOLD.get()
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"{MATCH_THRESHOLD.name} must be a number, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"{MATCH_THRESHOLD.name} must be within [0, 1], got {value}")
    return value
