"""A batch's records kept in a file (a Dask worker's answer) read and write as those in memory."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from proscribed.scan import records
from proscribed.scan.records import Scanned, encode, jsonl_ranges


def test_records_in_a_file_are_those_in_memory(tmp_path: Path) -> None:
    batch = encode([{"id": "a", "mentions": [{"start": 0, "end": 5, "id": "x"}]}, {"id": "б", "mentions": []}])
    spooled = tmp_path / "0.jsonl"
    spooled.write_bytes(batch.lines)
    in_file = Scanned(b"", batch.documents, batch.mentions, str(spooled))
    assert in_file.data() == batch.data() == batch.lines
    assert in_file.records() == batch.records() == [{"id": "a", "mentions": [{"start": 0, "end": 5, "id": "x"}]},
                                                    {"id": "б", "mentions": []}]
    # Appended after what the sink holds (and buffers): by the kernel to a file, by copying to a BytesIO.
    out = tmp_path / "out.jsonl"
    with open(out, "ab") as sink:
        sink.write(b"before\n")
        in_file.write_to(sink)
        sink.write(b"after\n")
    memory = io.BytesIO()
    memory.write(b"before\n")
    in_file.write_to(memory)
    memory.write(b"after\n")
    assert out.read_bytes() == memory.getvalue() == b"before\n" + batch.lines + b"after\n"


def _ranges_by_reading(path: Path, size: int) -> list[tuple[int, int, int]]:
    """The specification of the ranges: read ``size`` bytes, then on to the end of that line."""
    ranges, start, line = [], 0, 1
    with open(path, "rb") as fh:
        while block := fh.read(size):
            if not block.endswith(b"\n"):
                block += fh.readline()
            ranges.append((start, start + len(block), line))
            start, line = start + len(block), line + block.count(b"\n")
    return ranges


def test_ranges_end_at_line_ends_whatever_the_buffer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Files of short and long lines, blank lines, no final line end; ranges of any size read
    # through a buffer smaller, as large or larger than a range.
    rng = random.Random(7)
    path = tmp_path / "a.jsonl"
    for _ in range(2000):
        pieces = [b"a", b"bb", b"\n", b"ccc\n", b"\n\n", b"x" * rng.randint(0, 50), "ё\n".encode()]
        path.write_bytes(b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 80))))
        size = rng.randint(1, 40)
        monkeypatch.setattr(records, "_READ_BYTES", rng.randint(1, 50))
        assert list(jsonl_ranges(path, size)) == _ranges_by_reading(path, size)
