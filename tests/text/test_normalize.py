import pytest

from proscribed.text.normalize import clean, norm, script_of, skeleton, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Transparеncy International", "transparency international"),  # Cyrillic е inside Latin
        ("ОРГАНI3АЦIЯ", "організація"),  # Latin I and digit 3 inside Cyrillic
        ("Paдиo Cвoбoдa", "радио свобода"),  # Latin look-alikes inside Cyrillic words
        ("Stichting Belling\u200bcat", "stichting bellingcat"),  # zero-width space
        ("Чёрный\u00a0комитет", "черный комитет"),  # ё and NBSP
        ("N.E.D.", "ned"),  # dotted acronym
        ("Associa\uf50dão", "associaão"),  # private-use character dropped
        ("Ｍｅｄｕｚａ", "meduza"),  # full-width letters
    ],
)
def test_norm(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_clean_unifies_quotes_and_dashes() -> None:
    assert clean("«Фонд „Х“» —\u00a0x") == '"Фонд "Х"" - x'


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Otkrytaya Rossiya", "Открытая Россия"),
        ("Otkrytaja Rossija", "Открытая Россия"),
        ("Khodorkovsky", "Ходорковский"),
        ("Ljudmila Ulitzkaja", "Людмила Улицкая"),
        ("Garri Kasparow", "Гарри Каспаров"),
        ("Levada Tsentr", "Левада Центр"),
    ],
)
def test_skeletons_meet_across_scripts(a: str, b: str) -> None:
    assert [skeleton(t) for t in tokens(a)] == [skeleton(t) for t in tokens(b)]


def test_script_of() -> None:
    assert script_of("Bellingcat") == "Latn"
    assert script_of("Медуза") == "Cyrl"
    assert script_of("Meдiйна") == "Zyyy"
    assert script_of("123") is None
