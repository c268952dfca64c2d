"""Parsing what users type: dates and timestamps, with errors that name the bad value."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from ..exc import InvalidInput

__all__ = ["parse_date", "parse_timestamp"]


def parse_date(value: str) -> date:
    """An ISO date (YYYY-MM-DD), or InvalidInput naming the bad value."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"invalid date {value!r}: expected YYYY-MM-DD") from None


def parse_timestamp(value: str, *, end_of_day: bool = True) -> str:
    """A date or date-time → an ISO UTC timestamp comparable with the store's.

    A bare date means the end of that day for "what was known then" (``--known-as-of``)
    and its start for "since then" (``end_of_day=False``).
    """
    raw = value.strip()
    try:
        if len(raw) == 10:
            moment = datetime.combine(date.fromisoformat(raw), time(23, 59, 59) if end_of_day else time(0, 0, 0),
                                      tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
    except ValueError:
        raise InvalidInput(f"invalid timestamp {value!r}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]") from None
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()
