"""A batch's records kept in a file (a Dask worker's answer) read and write as those in memory."""

from __future__ import annotations

import io
from pathlib import Path

from proscribed.scan.records import Scanned, encode


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
