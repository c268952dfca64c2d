"""``proscribed scan`` on bad input: a clear error or a best-effort result, never a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path


def _ok(out) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in out.stderr.decode()


def test_binary_file_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01\x02" * 100)
    out = run_cli("scan", str(f))
    _ok(out)
    assert out.returncode == 2 and "binary" in out.stderr.decode()


def test_invalid_utf8_is_scanned_best_effort(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("scan", "-", "--json", stdin="Amnesty International \xff\xfe".encode("latin-1"))
    _ok(out)
    assert out.returncode == 0
    assert json.loads(out.stdout.splitlines()[0])["id"] == "ru-undesirable-226"
    assert "invalid UTF-8" in out.stderr.decode()


def test_broken_html(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "p.html"
    f.write_text("<html><body><div><p>Amnesty International<b><i></div></span><a href='https://meduza.io'>x",
                 encoding="utf-8")
    out = run_cli("scan", str(f), "--json")
    _ok(out)
    kinds = [json.loads(line)["kind"] for line in out.stdout.splitlines()]
    assert out.returncode == 0 and "full" in kinds and "link" in kinds


def test_unreachable_url(run_cli) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    out = run_cli("scan", f"http://127.0.0.1:{port}/article")
    _ok(out)
    assert out.returncode == 6 and "unreachable" in out.stderr.decode()


def test_200_mb_single_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "line.txt"
    chunk = ("word " * 200_000).encode()  # 1 MB, no newline
    with open(f, "wb") as fh:
        for i in range(200):
            fh.write(chunk)
            if i == 150:
                fh.write(b" Amnesty International ")
    out = run_cli("scan", str(f), "--json")
    _ok(out)
    assert out.returncode == 0
    [mention] = [json.loads(line) for line in out.stdout.splitlines()]
    assert mention["surface"] == "Amnesty International" and mention["start"] > 150_000_000


def test_scan_prints_the_status_once(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "t.txt"
    page.write_text("Bellingcat published a report.", "utf-8")
    out = run_cli("scan", str(page))
    assert out.returncode == 0, out.stderr
    assert "'Bellingcat' → ru-undesirable-057 (ru-undesirable, listed since 2022-07-26) [" in out.stdout.decode()
