"""Worker processes and Dask: a JSON Lines file whose lines the workers decode in blocks gives
what one process gives, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from proscribed.exc import StoreError
from proscribed.scan import build_scanner
from proscribed.scan.archive import iter_documents, run_batches
from proscribed.scan.build import ScannerFile, scanner_file
from proscribed.scan.cluster import Shared, Task, run_dask, scan_block, scan_range
from proscribed.scan.pool import scan_ranges
from proscribed.scan.records import Scanned, jsonl_blocks
from proscribed.scan.scanner import Scanner
from proscribed.store import Store

TEXTS = [
    "Генпрокуратура признала Amnesty International нежелательной организацией.",
    "Участники «Открытой России» задержаны; см. https://meduza.io/feature",
    "Ничего интересного.",
]


def _archive(path: Path) -> Path:
    """Good documents with bad lines among them (not JSON, no id, a text that is a number,
    blank), the last line without its line break."""
    lines = [json.dumps({"id": f"doc{i:03d}", "text": TEXTS[i % 3], "published": "2024-01-01"}, ensure_ascii=False)
             for i in range(60)]
    lines[7], lines[20], lines[33], lines[41] = "not json", '{"text": "Meduza"}', '{"id": "n", "text": 5}', ""
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_blocks_cover_the_file_and_end_at_line_ends(tmp_path: Path) -> None:
    data = _archive(tmp_path / "a.jsonl").read_bytes()
    blocks = list(jsonl_blocks(tmp_path / "a.jsonl", 100))
    assert len(blocks) > 10
    assert b"".join(block for _, block, _ in blocks) == data
    assert all(block.endswith(b"\n") for _, block, _ in blocks[:-1])
    assert all(data[start:start + len(block)] == block and line == data[:start].count(b"\n") + 1
               for start, block, line in blocks)


def _lines(batches: list[Scanned]) -> bytes:
    return b"".join(batch.lines for batch in batches)


def test_workers_reading_ranges_give_what_one_process_gives(store: Store, tmp_path: Path) -> None:
    source = _archive(tmp_path / "a.jsonl")
    scanner = build_scanner(store)
    skip = {"doc002", "line-8"}
    one: list[Scanned] = []
    run_batches(lambda: scanner, iter_documents(source, skip=skip), on_batch=one.append, details=False)
    ranges: list[Scanned] = []
    scan_ranges(scanner, source, skip, as_of=None, details=False, workers=2, on_batch=ranges.append, size=300)
    assert len(ranges) > 10 and _lines(ranges) == _lines(one)
    records = [r for batch in one for r in batch.records()]
    assert len(records) == sum(batch.documents for batch in ranges) == 57
    assert {r["id"] for r in records if "error" in r} == {"line-21", "n"}  # line 8 was skipped as done
    assert sum(len(r["mentions"]) for r in records) == sum(batch.mentions for batch in ranges) > 40


def test_cli_output_of_workers_and_dask_is_that_of_one(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    source = _archive(tmp_path / "a.jsonl")
    one = run_cli("scan-archive", str(source), "--json")
    two = run_cli("scan-archive", str(source), "--json", "--workers", "2")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster:
        dask = run_cli("scan-archive", str(source), "--json", "--scheduler", cluster.scheduler_address)
    assert one.returncode == two.returncode == dask.returncode == 0, dask.stderr
    assert one.stdout == two.stdout == dask.stdout and one.stdout.count(b"\n") == 59
    summary = one.stderr.splitlines()[-1]  # the counts come back with the encoded records
    assert summary.startswith(b"59 documents scanned (0 already done), ")
    assert two.stderr.splitlines()[-1] == dask.stderr.splitlines()[-1] == summary


def test_dask_workers_give_what_one_process_gives(store: Store, tmp_path: Path) -> None:
    """Blocks sent or byte ranges read; the scanner pickled here or loaded by the workers from
    the store's cache file: the same bytes as one process."""
    distributed = pytest.importorskip("distributed")
    source = _archive(tmp_path / "a.jsonl")
    scanner = build_scanner(store)  # the cache file is current from here on
    cached = scanner_file(store)
    if cached is None:
        pytest.skip("this store keeps its cache in no file")
    skip = {"doc002", "line-8"}
    one: list[Scanned] = []
    run_batches(lambda: scanner, iter_documents(source, skip=skip), on_batch=one.append, details=False)
    blocks = list(jsonl_blocks(source, 300))
    sent: list[Task] = [(scan_block, (block, first, None, False)) for _, block, first in blocks]
    read: list[Task] = [(scan_range, (str(source), start, start + len(block), first, None, False))
                        for start, block, first in blocks]
    seen: list[bool] = []

    def tasks(ok: bool) -> Iterator[Task]:
        seen.append(ok)
        return iter(read if ok else sent)

    asked: list[bool] = []  # each time run_dask asked for this process's scanner
    dask: list[Scanned] = []
    data: list[bytes] = []  # read as each batch comes: its file is removed after

    def given_scanner() -> Scanner:
        asked.append(True)
        return scanner

    def keep(batch: Scanned) -> None:
        dask.append(batch)
        data.append(batch.data())

    unseen = ScannerFile(tmp_path / "elsewhere" / "scanner.pickle", cached.key)  # a file no worker sees
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=50) as cluster:
        for given, cache in ((None, None), (source, None), (source, cached), (None, unseen)):
            for kept in (asked, dask, data):
                kept.clear()
            run_dask(given_scanner, skip, tasks, cluster.scheduler_address, keep, given, cache)
            assert b"".join(data) == _lines(one)
            assert asked == ([] if cache is cached else [True])  # workers that load the cache need no scanner from here
            # The workers share this machine's temporary directory: each task's lines came in a file, now removed.
            assert all(batch.lines == b"" and batch.path is not None and not Path(batch.path).exists()
                       for batch in dask)
        assert seen == [False, True, True, False]
        with distributed.Client(cluster.scheduler_address) as client:  # each worker freed the run's scanner
            held = client.run(lambda: len(__import__("proscribed.scan.cluster", fromlist=["_LOADED"])._LOADED))
        assert list(held.values()) == [0, 0]
        # A cache file that holds another scanner than the store's (the registries were updated
        # since the command started, or it was never rebuilt) is not scanned with: the workers
        # get this process's scanner.
        asked.clear()
        data.clear()
        run_dask(given_scanner, skip, tasks, cluster.scheduler_address, keep, source,
                 ScannerFile(cached.path, cached.key + ":older"))
        assert asked == [True] and b"".join(data) == _lines(one)
    # A worker that loads it later (it joined during the run) stops the run.
    with pytest.raises(StoreError, match="changed during the scan"):
        scan_range(Shared("t", skip, path=str(cached.path), key=cached.key + ":older"), *read[0][1])
