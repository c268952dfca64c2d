"""Property tests: the source parsers (registry JSON payloads, XLSX exports) and the checks after them
meet any input with the project's own errors, never a crash (hypothesis, bounded examples)."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from proscribed.exc import DataError, ProscribedError
from proscribed.sources.minjust_columns import column_rules, table_from_payload
from proscribed.sources.minjust_xlsx import read_xlsx
from proscribed.updates.records import records_from_rows
from proscribed.updates.validate import row_problems
from tests.fixtures.minjust_server import COLUMNS

BOUNDED = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# JSON values as a source could send them: any nesting, control characters, huge numbers.
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20)


def _apply_checks(registry: str, rows: list[dict[str, Any]], raw: list[dict[str, Any]]) -> None:
    row_problems(rows, raw, date(2026, 1, 1))
    records_from_rows(registry, rows, raw, source="test", retrieved_at="2026-01-01T00:00:00+00:00", previous={})


@BOUNDED
@given(st.binary(max_size=300) | JSON.map(lambda v: json.dumps(v).encode()))
def test_any_stored_payload_is_a_table_or_a_data_error(payload: bytes) -> None:
    try:
        table_from_payload("ru-undesirable", payload, source="test", retrieved_at="2026-01-01T00:00:00+00:00")
    except ProscribedError:
        pass


def test_a_payload_nested_five_thousand_levels_is_a_data_error() -> None:
    nested = b"[" * 5000 + b"]" * 5000
    with pytest.raises(DataError, match="not JSON"):
        table_from_payload("ru-undesirable", nested, source="test", retrieved_at="2026-01-01T00:00:00+00:00")


@BOUNDED
@given(st.lists(st.dictionaries(st.sampled_from(["1", "2", "3", "4", "5", "6", "x"]), JSON, max_size=6),
                min_size=1, max_size=5), st.sampled_from(["ru-undesirable", "ru-foreign-agents", "ru-extremist"]))
def test_any_record_values_are_validated_not_crashed_on(records: list[dict[str, Any]], registry: str) -> None:
    # Columns named as the registry's rules expect, so every value reaches the row checks.
    fields = column_rules(registry).fields
    columns = [{"name": str(i), "title": title} for i, (_field, title, _kind) in enumerate(COLUMNS[registry], 1)]
    info = {"columns": columns, "title": "t"}
    payload = json.dumps({"info": info, "values": records}, sort_keys=True, ensure_ascii=False).encode("utf-8")
    try:
        table = table_from_payload(registry, payload, source="test", retrieved_at="2026-01-01T00:00:00+00:00")
        assert set(table.rows[0]) <= set(fields)
        _apply_checks(registry, table.rows, table.raw_records)
    except ProscribedError:
        pass


@BOUNDED
@given(st.binary(max_size=2000))
def test_any_file_given_as_an_export_is_read_or_refused(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        path.write_bytes(data)
        try:
            read_xlsx(path, "ru-foreign-agents")
        except ProscribedError:
            pass


CELL = st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30).map(
    lambda s: "".join(c for c in s if c >= " "))  # openpyxl itself refuses control characters in a cell


@BOUNDED
@given(st.lists(st.lists(CELL, max_size=6), max_size=8))
def test_any_sheet_is_read_or_refused(rows: list[list[Any]]) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        path.write_bytes(buffer.getvalue())
        try:
            table = read_xlsx(path, "ru-foreign-agents")
            _apply_checks("ru-foreign-agents", table.rows, table.raw_records)
        except ProscribedError:
            pass
