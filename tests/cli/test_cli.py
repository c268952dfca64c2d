"""The real command, in a subprocess: outputs, exit codes, one-line errors."""

import json

import pytest


def test_list_as_of_counts(run_cli) -> None:  # type: ignore[no-untyped-def]
    for as_of, expected in (("2025-05-19", 223), ("2024-12-24", 195), (None, 418)):
        args = ["list", "--registry", "ru-undesirable", "--json"] + (["--as-of", as_of] if as_of else [])
        out = run_cli(*args)
        assert out.returncode == 0, out.stderr
        lines = out.stdout.decode().splitlines()
        assert len(lines) == expected
        first = json.loads(lines[0])
        assert first["registry"] == "ru-undesirable" and first["listed_on"] == "2015-07-29"


def test_check_json_in_input_order(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "--json", "Amnesty International", "International Committee of the Red Cross", "Meduza")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["query"] for r in rows] == ["Amnesty International", "International Committee of the Red Cross", "Meduza"]
    amnesty = rows[0]["matches"][0]
    assert amnesty["id"] == "ru-undesirable-226" and amnesty["listed_on"] == "2025-05-28"
    assert set(amnesty) == {"id", "registry", "name", "listed_on", "status", "score", "matched_name", "explanation"}
    assert rows[1]["matches"] == []


def test_check_reads_stdin(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "-", "--json", stdin="Bellingcat\n\nОткрытой России\n".encode())
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["query"] for r in rows] == ["Bellingcat", "Открытой России"]
    assert all(r["matches"] for r in rows)


def test_check_birth_date(run_cli) -> None:  # type: ignore[no-untyped-def]
    name = "Камалягин Денис Николаевич"
    same = run_cli("check", "--json", "--birth-date", "1985-02-22", name)
    assert json.loads(same.stdout)["matches"], same.stderr
    other = run_cli("check", "--json", "--birth-date", "1990-01-01", name)
    assert json.loads(other.stdout)["matches"] == []
    bad = run_cli("check", "--birth-date", "22.02.1985", name)
    assert bad.returncode == 2 and bad.stderr.decode().startswith("error: ")


def test_check_many_names_quiet_in_a_pipe(run_cli) -> None:  # type: ignore[no-untyped-def]
    names = "\n".join(f"Name {i}" for i in range(150)).encode()
    out = run_cli("check", "-", "--json", stdin=names)
    assert out.returncode == 0 and len(out.stdout.decode().splitlines()) == 150
    assert out.stderr.decode() == ""  # no progress bar when nobody watches


def test_show_amnesty_and_ned(run_cli) -> None:  # type: ignore[no-untyped-def]
    amnesty = run_cli("show", "Amnesty International")
    assert amnesty.returncode == 0, amnesty.stderr
    assert "listed on: 2025-05-28" in amnesty.stdout.decode()
    ned = run_cli("show", "ru-undesirable-001", "--json")
    d = json.loads(ned.stdout)["entity"]["designations"][0]
    assert d["listing_order"] == "1076-р" and d["decision_date"] == "2015-07-28"
    assert d["provenance"][0]["raw"]


def test_stats(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("stats", "--json", "--as-of", "2025-05-19")
    reg = {r["registry"]: r for r in json.loads(out.stdout)["registries"]}
    assert reg["ru-undesirable"]["listed"] == 223
    assert reg["ru-undesirable"]["additions_per_year"]["2015"] == 4


@pytest.mark.parametrize(
    ("args", "stdin", "code"),
    [
        (["check", ""], None, 2),
        (["check", "x" * 100_000], None, 2),
        (["check", "-"], b"Bellingcat\n\xff\xfe broken\n", 2),
        (["list", "--registry", "ru-nowhere"], None, 2),
        (["list", "--registry", "ru-undesirable", "--as-of", "2025-13-45"], None, 2),
        (["check", "Meduza", "--as-of", "yesterday"], None, 2),
        (["show", "no-such-entity-at-all-xyz"], None, 3),
    ],
)
def test_bad_input_is_one_line_and_nonzero(run_cli, args, stdin, code) -> None:  # type: ignore[no-untyped-def]
    out = run_cli(*args, stdin=stdin)
    assert out.returncode == code, (out.returncode, out.stderr)
    err = out.stderr.decode().strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1 and err, err


@pytest.mark.sqlite_only
def test_corrupted_store_is_reported(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    out = run_cli("stats", db=bad)
    assert out.returncode == 4
    assert "left untouched" in out.stderr.decode()
    assert bad.read_bytes() == b"garbage" * 1000


def test_every_command_has_help(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("--help")
    assert out.returncode == 0
    text = out.stdout.decode()
    for command in ("check", "list", "show", "stats", "registries"):
        assert command in text
        sub = run_cli(command, "--help")
        assert sub.returncode == 0 and len(sub.stdout) > 100


def test_get_answers_in_process(run_cli) -> None:  # type: ignore[no-untyped-def]
    ok = run_cli("get", "/api/registries")
    assert ok.returncode == 0, ok.stderr
    assert "ru-undesirable" in ok.stdout.decode()
    missing = run_cli("get", "/api/entities/no-such-entity", "--status")
    assert missing.returncode == 1
    assert missing.stderr.decode().strip() == "HTTP 404"


@pytest.mark.parametrize("written", ["2025-05-19", "19.05.2025", "19 мая 2025", "19 May 2025"])
def test_dates_in_the_forms_users_write(run_cli, written: str) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("list", "--registry", "ru-undesirable", "--as-of", written, "--json")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 223


def test_show_amnesty_decision_date_with_its_source(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("show", "Amnesty International", "--json")
    d = json.loads(out.stdout)["entity"]["designations"][0]
    assert d["decision_date"] == "2025-05-19" and d["listed_on"] == "2025-05-28"
    assert d["decision_date_basis"] in ("stated", "announced")
    assert any(s["url"].startswith("https://") and "Amnesty International" in s["quote"] for s in d["decision_sources"])
    text = run_cli("show", "Amnesty International").stdout.decode()
    assert "decision: 2025-05-19 (day the decision was announced" in text or "decision: 2025-05-19 (date stated" in text


def test_stats_and_list_say_which_entries_have_a_decision_date(run_cli) -> None:  # type: ignore[no-untyped-def]
    reg = {r["registry"]: r for r in json.loads(run_cli("stats", "--json").stdout)["registries"]}
    und = reg["ru-undesirable"]
    assert und["with_decision_date"] == sum(und["decision_date_basis"].values()) > 188
    assert und["decision_date_share"] == round(und["with_decision_date"] / 418, 4)
    rows = [json.loads(line) for line in run_cli("list", "--registry", "ru-undesirable", "--json").stdout.splitlines()]
    missing = [r for r in rows if r["decision_date"] is None]
    assert len(rows) - len(missing) == und["with_decision_date"]
    assert {r["decision_date_note"] for r in missing} == {"decision date not found in public sources"}
