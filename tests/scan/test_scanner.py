"""The scanner on texts and pages: forms, verification, offsets, links, dates."""

from __future__ import annotations

from datetime import date

import pytest

from proscribed.scan import Scanner, build_scanner
from proscribed.scan.document import scan_document
from proscribed.scan.textmap import scan_text
from proscribed.store import Store


@pytest.fixture(scope="module")
def scanner(store: Store) -> Scanner:
    return build_scanner(store)


def _found(scanner: Scanner, text: str) -> list[tuple[str, str, str]]:
    return [(m["surface"], m["id"], m["kind"]) for m in scan_document(scanner, text)["mentions"]]


def test_offsets_survive_normalisation() -> None:
    raw = "«Медузу»  и Transparеncy\u00a0International,   N.E.D. Belling\u200bcat"
    st = scan_text(raw)
    assert st.text == "  медузу и transparency international n e d bellingcat "
    i = st.text.index("transparency")
    j = i + len("transparency international")
    assert raw[st.original(i):st.original(j)] == "Transparеncy\u00a0International"
    k = st.text.index("bellingcat")
    assert raw[st.original(k):st.original(k + 10)] == "Belling\u200bcat"


@pytest.mark.parametrize(
    ("text", "surface", "entity", "kind"),
    [
        ("Генпрокуратура признала Amnesty International нежелательной.", "Amnesty International",
         "ru-undesirable-226", "full"),
        ("Участники «Открытой России» задержаны.", "Открытой России", "ru-undesirable-008", "inflected"),
        ("Он работал в Немецкой волне.", "Немецкой волне", "ru-undesirable-290", "inflected"),
        ("Activists of Otkrytaya Rossiya were detained.", "Otkrytaya Rossiya", "ru-undesirable-008", "translit"),
        ("The NED and RFE/RL were listed.", "RFE/RL", "ru-undesirable-142", "acronym"),
        ("По словам Михаила Ходорковского, это так.", "Михаила Ходорковского", None, "person_full"),
        ("Mikhail Khodorkovsky said so.", "Mikhail Khodorkovsky", None, "person_full"),
        ("Transparеncy International said.", "Transparеncy International", "ru-undesirable-077", "full"),
    ],
)
def test_finds(scanner: Scanner, text: str, surface: str, entity: str | None, kind: str) -> None:
    found = _found(scanner, text)
    match = [f for f in found if f[0] == surface]
    assert match, found
    assert match[0][2] == kind
    if entity:
        assert match[0][1] == entity


@pytest.mark.parametrize(
    "text",
    [
        "Шел дождь, и голос его дрожал.",  # ordinary words, lower case: not TV Rain, not Golos
        "They could face prosecution in the Republic of Latvia.",  # "Face", "Republic" brands
        "В Сочи и в Москве прошли собрания.",  # towns of local branches
        "or and OR",  # a two-letter acronym
        "Ходорковский заявил.",  # a bare surname without the full name first
    ],
)
def test_does_not_find(scanner: Scanner, text: str) -> None:
    assert _found(scanner, text) == []


def test_ordinary_word_brand_counts_when_quoted(scanner: Scanner) -> None:
    found = _found(scanner, "Телеканал «Дождь» признан нежелательным.")
    assert any("Дождь" in f[0] for f in found)


def test_surname_after_full_name(scanner: Scanner) -> None:
    found = _found(scanner, "Михаил Ходорковский выступил. Позже Ходорковский добавил.")
    assert [f[2] for f in found] == ["person_full", "person_surname"]


def test_html_links_and_status_at_document_date(scanner: Scanner) -> None:
    page = ('<html><body><p>Читайте <a href="https://meduza.io/news/1">здесь</a> и '
            '<b>Amnesty International</b><div>broken <p>t.me/dossiercenter</body>')
    result = scan_document(scanner, page, published=date(2024, 1, 1))
    by_kind = {m["kind"]: m for m in result["mentions"]}
    assert by_kind["link"]["url"] == "https://meduza.io/news/1" and by_kind["link"]["id"] == "ru-undesirable-073"
    assert by_kind["account"]["surface"] == "t.me/dossiercenter"
    amnesty = by_kind["full"]
    assert amnesty["listed_at_document_date"] is False and amnesty["listed_now"] is True
    assert set(amnesty) >= {"start", "end", "surface", "id", "registry", "name", "listed_on", "status",
                            "strength", "kind"}


def test_very_long_text_in_chunks(scanner: Scanner, monkeypatch: pytest.MonkeyPatch) -> None:
    from proscribed.scan import document

    monkeypatch.setattr(document, "CHUNK", 10_000)
    text = ("Слова без названий. " * 600) + "Amnesty International" + (" и ещё слова." * 600)
    found = scan_document(scanner, text)["mentions"]
    assert [m["surface"] for m in found] == ["Amnesty International"]
    assert text[found[0]["start"]:found[0]["end"]] == "Amnesty International"


def test_lower_in_place_keeps_offsets_and_flags_what_it_cannot_fold() -> None:
    from proscribed.scan.textmap import lower_in_place

    raw = "Elton John's «AIDS»\u00a0Foundation — Ёлка/Радио"
    lowered, odd = lower_in_place(raw) or ("", [])
    assert lowered == "elton john    aids  foundation — елка радио" and len(lowered) == len(raw)
    assert odd == []
    mixed = "Transparеncy International и Ｍeduza\u200b"  # a Cyrillic е, a full-width М, a zero-width space
    _, odd = lower_in_place(mixed) or ("", [])
    assert {mixed[i] for i in odd} >= {"\uff2d", "\u200b"} and any(i <= 12 for i in odd)
    assert odd == sorted(set(odd))  # look-alikes and special characters merged in order


def test_word_characters_are_what_str_isalnum_says() -> None:
    from proscribed.scan.textmap import _word_chars

    marks = _word_chars()
    # Every code point the table holds (surrogates too), and anything beyond counts as a letter.
    assert [bool(m) for m in marks[:-1]] == [chr(c).isalnum() for c in range(len(marks) - 1)]
    assert marks[-1]



@pytest.mark.parametrize("extra", ["\U0001f600", "\ud800"])  # beyond the BMP; a lone surrogate (from JSON)
def test_lower_in_place_keeps_offsets_beyond_two_byte_characters(extra: str) -> None:
    from proscribed.scan.textmap import lower_in_place

    raw = f"{extra} Elton John's «AIDS» {extra} Ёлка"
    lowered, odd = lower_in_place(raw) or ("", [])
    assert lowered == f"{extra} elton john    aids  {extra} елка" and odd == []
    mixed = f"{extra} Transparеncy"
    _, odd = lower_in_place(mixed) or ("", [])
    assert odd and all(abs(i - mixed.index("е")) <= 1 for i in odd)  # at the look-alike е


def test_lower_in_place_lower_cases_as_str_lower() -> None:
    from proscribed.scan.textmap import lower_in_place

    # The Kelvin sign is a K; a final Σ is ς (str.lower looks at its neighbours); İ is two characters.
    assert lower_in_place("\u212a ΟΔΟΣ ΣΟΦΙΑ JOHN'S AIDS") == ("k οδος σοφια john   aids", [])
    assert lower_in_place("İstanbul") is None

def test_a_batch_scans_as_each_text_alone(scanner: Scanner) -> None:
    texts = ["Генпрокуратура признала Amnesty International нежелательной.",
             "Михаил Ходорковский выступил. Позже Ходорковский добавил.",
             "Transparеncy International и «Открытая Россия»",  # a look-alike letter: the full normalisation
             "ничего", "Elton John's AIDS Foundation, Meduza's staff"]
    alone = [scanner.scan(t) for t in texts]
    assert scanner.scan_many(texts, [None] * len(texts)) == alone
    assert sum(map(len, alone)) >= 5
    compact = scanner.scan_many(texts, [None] * len(texts), details=False)
    assert compact == [[{k: v for k, v in [("start", m["start"]), ("end", m["end"]), ("id", m["id"])]}
                        | ({"also": [a["id"] for a in m["also"]]} if m.get("also") else {}) for m in ms]
                       for ms in alone]


def test_unverified_names_and_links_are_weak_mentions(scanner: Scanner) -> None:
    from proscribed.model import Designation, Entity, Name
    from proscribed.scan.scanner import build_scanner_from_entities

    def strength(unverified: bool) -> str:
        alias = Name("Kwartelkoning Stichting", "brand", "nl", "Latn", "curated:test", unverified=unverified)
        entity = Entity(id="own-1", schema="organization", caption="Zorgbeest Holding",
                        names=(Name("Zorgbeest Holding", "official", None, None, "own"), alias),
                        designations=(Designation(registry="own-list", status="listed", listed_on=None),))
        own, _ = build_scanner_from_entities([entity])
        [mention] = scan_document(own, "Вчера Kwartelkoning Stichting объявила о закрытии.")["mentions"]
        return str(mention["strength"])

    assert (strength(False), strength(True)) == ("strong", "weak")
    # cabar.asia is in the registry's own name for the entry; amnesty.org only in links.yml, unverified.
    links = {m["url"]: m for m in scan_document(scanner, "См. https://cabar.asia/ru и https://www.amnesty.org/en/")[
        "mentions"] if m["kind"] == "link"}
    assert links["https://cabar.asia/ru"]["strength"] == "strong"
    assert links["https://www.amnesty.org/en/"]["strength"] == "weak"
