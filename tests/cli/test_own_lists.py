"""Own lists through the real command: load-entities, check beside the registries, own-lists, errors."""

import gzip
import json
from pathlib import Path

import pytest

ROWS = [
    {"id": "C-1", "schema": "person", "names": ["Пётр Сидорович Кулебякин", "Petr Kulebyakin"], "birth_date": "1971-03-02"},
    {"id": "C-2", "name": "Kulebyaka Trading Ltd", "country": "GB"},
]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        path.write_text(text, "utf-8")
    return path


def _check(run_cli, db, *args: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    out = run_cli("check", "--json", *args, db=db)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


def test_own_list_is_screened_beside_the_registries(run_cli, copy_db, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    before = _check(run_cli, db, "Amnesty International", "Kulebyakin Petr")
    assert before[1]["matches"] == []
    loaded = run_cli("load-entities", str(_write(tmp_path / "clients.jsonl.gz", ROWS)), "--list", "clients", "--json",
                     db=db)
    assert loaded.returncode == 0, loaded.stderr
    record = json.loads(loaded.stdout)
    assert (record["id"], record["entities"], record["names"]) == ("clients", 2, 3)
    assert len(record["sha256"]) == 64 and record["file"] == "clients.jsonl.gz"
    assert loaded.stderr == b""  # no bar when nobody watches

    after = _check(run_cli, db, "Amnesty International", "Kulebyakin Petr")
    # The registry answer keeps its score: word weights come from the registries.
    assert after[0]["matches"][0] == before[0]["matches"][0]
    hit = after[1]["matches"][0]
    assert (hit["id"], hit["registry"], hit["name"]) == ("own:clients:C-1", "own:clients", "Пётр Сидорович Кулебякин")
    assert "own-list:clients" in hit["how"]
    # Evidence beside the name works for own entities too.
    other = run_cli("check", "--json", "--birth-date", "1980", "Kulebyakin Petr", db=db)
    assert json.loads(other.stdout)["matches"] == []

    listed = run_cli("own-lists", "--json", db=db)
    assert [json.loads(line)["id"] for line in listed.stdout.decode().splitlines()] == ["clients"]
    removed = run_cli("own-lists", "--remove", "clients", db=db)
    assert removed.stdout.decode() == "own list clients removed\n"
    assert _check(run_cli, db, "Kulebyakin Petr")[0]["matches"] == []


def test_loading_again_replaces_the_list(run_cli, copy_db, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    assert run_cli("load-entities", str(_write(tmp_path / "a.jsonl", ROWS)), "--list", "clients", db=db).returncode == 0
    out = run_cli("load-entities", str(_write(tmp_path / "b.jsonl", ROWS[1:])), "--list", "clients", db=db)
    assert out.stdout.decode().startswith("own list clients: 1 entities, 1 names from b.jsonl")
    assert _check(run_cli, db, "Kulebyakin Petr")[0]["matches"] == []
    assert _check(run_cli, db, "Kulebyaka Trading")[0]["matches"][0]["id"] == "own:clients:C-2"


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "C-3"}', "line 3: give 'names'"),
    ('{"id": "C-1", "name": "Again"}', "line 3: id 'C-1' given twice"),
    ('{"id": "C-3", "name": "X", "birthdate": "1970"}', "line 3: unknown field 'birthdate'"),
    ('{"id": "C-3", "name": "X", "birth_date": "02.03.1971"}', "line 3: 'birth_date' must be YYYY"),
    ('not json', "line 3: not JSON"),
])
def test_a_bad_line_loads_nothing(run_cli, copy_db, db_path, tmp_path, line: str, message: str) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    assert run_cli("load-entities", str(_write(tmp_path / "a.jsonl", ROWS[:1])), "--list", "clients", db=db).returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in ROWS) + line + "\n", "utf-8")
    out = run_cli("load-entities", str(bad), "--list", "clients", db=db)
    err = out.stderr.decode()
    assert out.returncode == 2 and err.startswith("error: bad.jsonl ") and message in err and err.count("\n") == 1, err
    # All or nothing: the list loaded before is still there, unchanged.
    assert json.loads(run_cli("own-lists", "--json", db=db).stdout)["file"] == "a.jsonl"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["load-entities", "missing.jsonl", "--list", "clients"], 2, "no such file"),
    (["load-entities", "{file}", "--list", "Clients!"], 2, "list id 'Clients!'"),
    (["load-entities", "{file}", "--list", "ru-undesirable"], 2, "is a registry's id"),
    (["own-lists", "--remove", "nothing"], 3, "no own list 'nothing'"),
])
def test_errors_say_what_to_do(run_cli, copy_db, db_path, tmp_path, args, code, message) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    file = str(_write(tmp_path / "a.jsonl", ROWS))
    out = run_cli(*[a.replace("{file}", file) for a in args], db=db)
    assert out.returncode == code and message in out.stderr.decode(), out.stderr


def test_load_shows_progress_on_a_terminal(copy_db, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.fixtures.terminal import run_on_terminal

    rows = [{"id": f"C-{i}", "name": f"Client {i} Ltd"} for i in range(25_000)]
    proc, seen = run_on_terminal(["load-entities", str(_write(tmp_path / "many.jsonl", rows)), "--list", "many"],
                                 str(copy_db(db_path)))
    assert proc.returncode == 0, seen
    assert b"loading many.jsonl" in seen and b"40%" in seen and b"100%" in seen, seen[-300:]
    assert proc.stdout.decode().startswith("own list many: 25,000 entities")
