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
    assert set(amnesty) == {"id", "registry", "name", "country", "listed_on", "excluded_on", "status", "score",
                            "matched_name", "explanation", "how"}
    assert rows[1]["matches"] == []


def test_check_reads_in_words(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("check", "Kasparov G. K.", "Radio Liberty", "Transparency International Russia",
                  "Омское гражданское объединение")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    # How it matched, in words: no bare markers ("kasparov=kasparov ginitialgarry", "liberty~свобода").
    assert "“kasparov” same word, “g” the initial of “garry”" in text
    assert "“liberty” means “свобода” (same word in another language)" in text
    assert "ginitial" not in text and "~" not in text
    # The status once, with both dates of an excluded foreign agent.
    assert "ru-foreign-agents-a9c8d3000a · ru-foreign-agents · excluded 2023-09-29 (listed 2015-04-07)" in text
    assert "· listed\n" not in text
    # Results on several lists linked as one organization are said to be one, and equal scores pointed out.
    assert "note: 1, 2 and 3 are one organization, Radio Free Europe/Radio Liberty, listed on 2 lists" in text
    # The Omsk association's two entries (foreign agent, extremist) carry the same name and are linked:
    # one organization, so their equal scores need no note.
    assert "note: 1 and 2 are one organization, Omsk Civic Association, listed on 2 lists" in text
    assert "note: 1 and 2 score the same" not in text
    # «Голос»: five entries on two lists share the name and are not linked; possibly one, equal scores.
    golos = run_cli("check", "Голос").stdout.decode()
    assert "share the name «Golos» on 2 lists (ru-foreign-agents, ru-undesirable): possibly one organization" in golos
    assert "note: 1, 2, 3, 4 and 5 score the same (0.97) but are separate entries" in golos
    assert "  1. Радио Свободная Европа/Радио Свобода (PCE/PC)\n" in text


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


def test_show_a_name_of_several_entries_lists_them(run_cli) -> None:  # type: ignore[no-untyped-def]
    out = run_cli("show", "Голос")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert text.startswith("«Голос» matches 6 entries; show one with `proscribed show ID`:")
    assert "ru-undesirable-370 · ru-undesirable" in text and "ru-foreign-agents-d5546bbe88 · ru-foreign-agents" in text
    listing = json.loads(run_cli("show", "Голос", "--json").stdout)
    assert listing["matches"][0]["id"] == "ru-undesirable-370" and len(listing["matches"]) == 6
    assert listing["same_name"][0]["name"] == "Golos"
    one = run_cli("show", "ru-foreign-agents-d5546bbe88", "--json")  # picked by id
    assert json.loads(one.stdout)["entity"]["caption"] == "Фонд в поддержку демократии «ГОЛОС»"


def test_show_a_name_of_one_organization_on_several_lists_shows_it(run_cli) -> None:  # type: ignore[no-untyped-def]
    # «Meduza» matches its two entries, linked as one organization: its page, not a choice.
    text = run_cli("show", "Meduza").stdout.decode()
    assert text.startswith("Юридическое лицо, зарегистрированное в Латвийской Республике, SIA «Medusa Project»")
    assert "one organization on several lists: Meduza (2 entries)" in text
    timeline = text.split("timeline:")[1]
    assert timeline.index("2021-04-23  listed    ru-foreign-agents") < timeline.index("2023-02-07  listed    ru-undesirable")
    page = json.loads(run_cli("show", "Radio Free Europe", "--json").stdout)
    assert page["entity"]["id"] == "ru-foreign-agents-a0a5f2cf1e" and page["linked"]["id"] == "rferl"


def test_show_as_of(run_cli) -> None:  # type: ignore[no-untyped-def]
    before = run_cli("show", "Amnesty International", "--as-of", "20 мая 2025")
    assert before.returncode == 0, before.stderr
    assert "designation: ru-undesirable · not yet listed" in before.stdout.decode()
    page = json.loads(run_cli("show", "ru-foreign-agents-a9c8d3000a", "--as-of", "01.01.2020", "--json").stdout)
    assert page["as_of"] == "2020-01-01" and page["entity"]["designations"][0]["status"] == "listed"
    assert all(e["date"] <= "2020-01-01" for e in page["timeline"])
    now = json.loads(run_cli("show", "ru-foreign-agents-a9c8d3000a", "--json").stdout)
    assert now["entity"]["designations"][0]["status"] == "excluded"
    assert any(e["kind"] == "excluded" for e in now["timeline"])


def test_show_presents_a_linked_organization_as_one_timeline(run_cli) -> None:  # type: ignore[no-untyped-def]
    # Meduza: foreign agent in 2021 and undesirable in 2023, two entries linked as one organization.
    text = run_cli("show", "ru-undesirable-073").stdout.decode()
    assert "one organization on several lists: Meduza" in text
    timeline = text.split("timeline:")[1]
    assert timeline.index("2021-04-23  listed    ru-foreign-agents") < timeline.index("2023-02-07  listed    ru-undesirable")
    page = json.loads(run_cli("show", "ru-foreign-agents-ce06cef221", "--json").stdout)
    assert [m["id"] for m in page["linked"]["members"]] == ["ru-foreign-agents-ce06cef221", "ru-undesirable-073"]
    assert all(m["evidence"]["url"].startswith("https://") and m["evidence"]["quote"] for m in page["linked"]["members"])
    assert {(t["kind"], t["registry"]) for t in page["timeline"]} >= {("listed", "ru-foreign-agents"),
                                                                      ("listed", "ru-undesirable")}
    alone = json.loads(run_cli("show", "ru-undesirable-001", "--json").stdout)
    assert alone["linked"] is None and {t["entity_id"] for t in alone["timeline"]} == {"ru-undesirable-001"}


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


def test_news_extract_save_says_what_it_wrote(run_cli, copy_db, db_path) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    line = ('{"id": "s1", "published": "2025-05-19", "language": "en", "text": "Russian authorities have outlawed '
            'Amnesty International as an \\"undesirable organization.\\" The designation was announced by the '
            'Prosecutor General\'s office on Monday."}\n').encode()
    first = run_cli("news", "extract", "-", "--save", stdin=line, db=db)
    assert first.returncode == 0, first.stderr
    assert "saved: article s1, 1 event queued for review (ids " in first.stdout.decode()
    again = json.loads(run_cli("news", "extract", "-", "--save", "--json", stdin=line, db=db).stdout)
    assert again["saved"] == {"article": "s1", "outcome": "duplicate", "events": []}
    assert "saved: nothing (article s1 was already stored)" in run_cli(
        "news", "extract", "-", "--save", stdin=line, db=db).stdout.decode()


def test_news_limit_is_the_documented_setting(run_cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROSCRIBED_NEWS_MAX_BYTES", "1000")
    text = "Генпрокуратура признала нежелательной организацию. " * 40  # about 2,000 characters
    page = tmp_path / "long.txt"
    page.write_text(text, "utf-8")
    from_file = run_cli("news", "extract", str(page))
    assert from_file.returncode == 2 and "at most 1000" in from_file.stderr.decode()
    from_stdin = run_cli("news", "extract", "-", stdin=text.encode())
    err = from_stdin.stderr.decode()
    assert from_stdin.returncode == 2 and "at most 1000, PROSCRIBED_NEWS_MAX_BYTES" in err, err


def test_check_many_names_show_progress_on_a_terminal(db_path) -> None:  # type: ignore[no-untyped-def]
    from tests.fixtures.terminal import run_on_terminal

    names = "\n".join(f"Name {i}" for i in range(150)).encode()
    proc, seen = run_on_terminal(["check", "-"], str(db_path), names)
    assert proc.returncode == 0
    assert b"screening" in seen and b"100%" in seen, seen[-300:]
    assert proc.stdout.decode().count("no match") + proc.stdout.decode().count("  1. ") == 150


def test_watch_names_and_webhooks_say_what_they_wrote(run_cli, copy_db, db_path) -> None:  # type: ignore[no-untyped-def]
    db = copy_db(db_path)
    added = run_cli("watch-names", "add", "Meduza", "Bellingcat", "Meduza", db=db)
    assert added.returncode == 0, added.stderr
    assert added.stdout.decode().splitlines() == ["watching Meduza", "watching Bellingcat", "already watching Meduza"]
    assert run_cli("watch-names", "remove", "Meduza", db=db).stdout.decode() == "no longer watching Meduza\n"
    assert run_cli("watch-names", "list", db=db).stdout.decode().split()[1:] == ["Bellingcat"]
    assert run_cli("webhooks", "add", "http://127.0.0.1:9/hook", db=db).returncode == 0
    assert run_cli("webhooks", "remove", "http://127.0.0.1:9/hook", db=db).stdout.decode() == \
        "removed http://127.0.0.1:9/hook\n"


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


def test_stats_count_verified_and_unverified_aliases(run_cli) -> None:  # type: ignore[no-untyped-def]
    reg = {r["registry"]: r for r in json.loads(run_cli("stats", "--json").stdout)["registries"]}
    und = reg["ru-undesirable"]
    # Amnesty's «Международная амнистия» stands in its registry string: at least that entry has a verified alias.
    assert 0 < und["with_verified_alias"] <= und["aliases"]["verified"]
    assert und["verified_alias_share"] == round(und["with_verified_alias"] / 418, 4)
    assert all(r["aliases"]["unverified"] > 0 for r in reg.values())
    text = run_cli("stats").stdout.decode()
    assert f"verified alias: {und['with_verified_alias']} entries" in text
