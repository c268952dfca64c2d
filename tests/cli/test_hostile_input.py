"""Property tests: the command line's readers (stdin, files, JSON Lines) meet any input with a clear
error and its exit code, never a traceback (hypothesis, bounded examples); and the hostile inputs of
issue 15 one by one: JSON nested 5,000 levels deep, event ids beyond 64 bits."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proscribed.cli.main import main

BOUNDED = settings(max_examples=50, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
# Exit codes of the project's own errors (README): success, bad input, not found, data problem.
CLEAR = {0, 2, 3, 5}

Run = Callable[..., tuple[int, str, str]]

# What JSON Lines could hold: any JSON value per line, nested, with control characters.
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=15)
ARTICLE = st.fixed_dictionaries({"text": st.text(min_size=1, max_size=200) | JSON},
                                optional={"id": JSON, "url": JSON, "published": st.text(max_size=12) | JSON,
                                          "title": JSON, "html": JSON, "language": JSON})
LINES = st.lists(ARTICLE.map(lambda a: json.dumps(a)) | JSON.map(json.dumps) | st.text(max_size=40), max_size=5)


@pytest.fixture()
def run(db_path: Path | str) -> Run:
    """The ``proscribed`` entry point in process (its own error handling included); exit code, stdout, stderr."""

    def invoke(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
        argv = sys.argv
        with CliRunner().isolation(input=stdin, env={"PROSCRIBED_DB": str(db_path)}) as (out, err, _both):
            sys.argv = ["proscribed", *args]
            try:
                main()
                code = 0
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
            finally:
                sys.argv = argv
        return code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")

    return invoke


def _clear(code: int, err: str) -> None:
    assert code in CLEAR, err
    assert "Traceback" not in err
    if code:
        assert err.startswith("error: "), err  # one line saying what is wrong


@BOUNDED
@given(st.binary(max_size=300))
def test_check_reads_any_stdin(run: Run, data: bytes) -> None:
    _clear(*run("check", "-", "--json", stdin=data)[::2])


@BOUNDED
@given(st.binary(max_size=300))
def test_scan_reads_any_stdin(run: Run, data: bytes) -> None:
    _clear(*run("scan", "-", "--json", stdin=data)[::2])


def test_news_extract_says_where_stdin_is_not_utf8(run: Run) -> None:
    text = "Фонд признан нежелательной организацией. ".encode()
    code, _out, err = run("news", "extract", "-", "--json", stdin=text + b"\xff\xfe")
    assert code == 2 and err.strip() == f"error: stdin is not valid UTF-8 (byte {len(text)})"


@BOUNDED
@given(st.binary(max_size=300) | LINES.map(lambda lines: "\n".join(lines).encode()))
def test_news_extract_reads_any_stdin(run: Run, data: bytes) -> None:
    _clear(*run("news", "extract", "-", "--json", stdin=data)[::2])


@BOUNDED
@given(LINES, st.sampled_from(["news.jsonl", "page.html", "notes.txt"]))
def test_news_extract_reads_any_file(run: Run, lines: list[str], name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        _clear(*run("news", "extract", str(path), "--json")[::2])


@BOUNDED
@given(LINES)
def test_scan_archive_reads_any_jsonl(run: Run, lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        code, out, err = run("scan-archive", str(path), "--json")
        _clear(code, err)
        for line in out.splitlines():  # one result per document, a bad one with its error
            assert "id" in json.loads(line)


NESTED = "[" * 5000 + "]" * 5000


def test_json_nested_five_thousand_levels_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    inner = json.dumps({"id": "a", "text": "x"}).replace('"x"', NESTED)
    code, _out, err = run("news", "extract", "-", "--json", stdin=inner.encode())
    assert code == 2 and "nested too deeply" in err
    (tmp_path / "news.jsonl").write_text(inner + "\n", encoding="utf-8")
    code, _out, err = run("news", "extract", str(tmp_path / "news.jsonl"), "--json")
    assert code == 2 and "nested too deeply" in err
    # An archive goes on past a bad document: each is reported with its error.
    archive = tmp_path / "docs.jsonl"
    deep_text = json.dumps({"id": "c", "text": "x"}).replace('"x"', "[" * 1000 + "]" * 1000)  # JSON, but no text
    archive.write_text(f"{NESTED}\n{inner}\n{deep_text}\n" + json.dumps({"id": "b", "text": "Amnesty International"})
                       + "\n", encoding="utf-8")
    code, out, err = run("scan-archive", str(archive), "--json")
    results = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert code == 0 and "Traceback" not in err
    assert results["line-1"]["error"] == results["line-2"]["error"] == "not a JSON object with an id"
    assert results["c"]["error"] == "its text (or html) is not a string"
    assert results["b"]["mentions"]
    # A resumed run reads its own output file back: junk in it is not a crash either.
    out_file = tmp_path / "out.jsonl"
    out_file.write_text(NESTED + "\n", encoding="utf-8")
    code, _out, err = run("scan-archive", str(archive), "--out", str(out_file))
    assert code == 0 and "Traceback" not in err


@pytest.mark.parametrize("event_id", [str(2**64), str(2**63), "9" * 40, "-1"])
def test_an_event_id_beyond_64_bits_is_refused_not_a_crash(run: Run, event_id: str) -> None:
    code, out, err = run("get", f"/api/events/{event_id}", "--status")
    status = int(err.split()[1])
    assert status in (400, 404, 422) and code == 1 and "Traceback" not in err
    assert json.loads(out)["error"] in ("InvalidInput", "NotFound")
    code, out, err = run("get", f"/events/{event_id}", "--status")
    assert int(err.split()[1]) in (400, 404, 422) and "Traceback" not in err
