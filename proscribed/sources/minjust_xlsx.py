"""Read a registry's XLSX export (``GET /rest/registry/<uuid>/export``).

Layout of the export: one sheet; A1 the registry title, A2 the date-time the data is
current to, row 3 the column headers, data from row 4. Headers map to canonical fields
with the same title rules as the API's columns.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..exc import DataError, InvalidInput
from .minjust_columns import FetchedTable, build_table, cell_text

__all__ = ["read_xlsx"]


def _json_value(value: Any) -> Any:
    # raw_records go into the JSON payload: dates as ISO strings, other non-JSON
    # cell types (Decimal, rich text, formulas) as text, the rest as read.
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path, registry: str) -> FetchedTable:
    """Read the XLSX export of ``registry`` into the same table ``fetch_registry`` gives.

    Column names are the sheet's column letters (``A``, ``B``, ...); the A2 date-time is
    kept in the payload as ``info.exported_at``.

    Raises:
        InvalidInput: the file does not exist.
        DataError: not an XLSX file, or not in the export layout.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise DataError(f"{path}: not a readable XLSX file ({err})") from None
    try:
        sheet = book.worksheets[0]
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if len(lines) < 3:
        raise DataError(f"{path}: expected a title, a date and a header row, found {len(lines)} rows")
    title = cell_text(lines[0][0] if lines[0] else None)
    exported = _json_value(lines[1][0] if lines[1] else None)
    columns: list[dict[str, Any]] = [
        {"name": get_column_letter(i + 1), "title": text, "hidden": False}
        for i, text in enumerate(cell_text(h) for h in lines[2])
        if text is not None
    ]
    if not columns:
        raise DataError(f"{path}: row 3 has no column headers")
    records: list[dict[str, Any]] = []
    for line in lines[3:]:
        if all(cell_text(v) is None for v in line):
            continue  # blank rows (formatting left at the end of the sheet)
        cells: dict[str, Any] = dict(zip((get_column_letter(i + 1) for i in range(len(line))), line))
        records.append({str(c["name"]): _json_value(cells.get(str(c["name"]))) for c in columns})
    info = {"title": title, "exported_at": exported, "columns": columns}
    return build_table(registry, source=str(path), title=title, columns=columns, records=records, info=info)
