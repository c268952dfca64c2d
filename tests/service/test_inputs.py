"""Dates as users type them, in every command and API parameter."""

from __future__ import annotations

import pytest

from proscribed.exc import InvalidInput
from proscribed.service.inputs import parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-05-19", "2025-05-19"), ("19.05.2025", "2025-05-19"), ("19 мая 2025", "2025-05-19"),
    ("19 мая 2025 г.", "2025-05-19"), ("19 May 2025", "2025-05-19"), ("May 19, 2025", "2025-05-19"),
    ("1 января 2016 года", "2016-01-01"),
])
def test_dates_as_users_write_them(text: str, expected: str) -> None:
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize("text", ["19.05", "May 2025", "31.02.2025", "19 мая", "19 May 2025 and more", "tomorrow"])
def test_other_dates_are_clear_errors(text: str) -> None:
    from proscribed.exc import InvalidInput
    with pytest.raises(InvalidInput, match="expected YYYY-MM-DD, DD.MM.YYYY"):
        parse_date(text)
