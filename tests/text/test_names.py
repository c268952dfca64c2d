from proscribed.text.names import (
    is_acronym,
    member_names,
    parse_org_name,
    parse_person_name,
)


def test_amnesty_string() -> None:
    p = parse_org_name("Amnesty International Ltd (AMNESTY INTERNATIONAL LIMITED) («Международная Амнистия Лимитед», "
                       "«МЕЖДУНАРОДНАЯ АМНИСТИЯ ЛИМИТЕД»), Великобритания")
    assert p.names[0] == ("Amnesty International Ltd", "official")
    assert ("Международная Амнистия Лимитед", "variant") in p.names
    assert p.country == "Великобритания" and p.country_code == "GB"


def test_rename_and_acronym() -> None:
    p = parse_org_name("OR (Otkrytaya Rossia) («Открытая Россия») (Великобритания) "
                       "(с 08.11.2017 – HUMAN RIGHTS PROJECT MANAGEMENT)")
    assert ("OR", "acronym") in p.names
    assert ("Открытая Россия", "variant") in p.names
    assert ("HUMAN RIGHTS PROJECT MANAGEMENT", "later") in p.names
    assert p.renames == [("08.11.2017", "HUMAN RIGHTS PROJECT MANAGEMENT", "later")]
    assert p.country_code == "GB"


def test_quoted_name_inside_descriptor_and_labels() -> None:
    p = parse_org_name("Американская некоммерческая корпорация Anti-Corruption Foundation, Inc (иные используемые "
                       "наименования: ACF, ACF international, «Фонд борьбы с коррупцией»)")
    values = [v for v, _ in p.names]
    assert "ACF" in values and "Фонд борьбы с коррупцией" in values
    assert "Inc" not in values  # a bare legal form is not a name


def test_segments_around_a_group_stay_one_name() -> None:
    p = parse_org_name("Limited liability company (SIA) «Medusa Project» («Проект Медуза»), Латвийская Республика")
    assert ("Medusa Project", "variant") in p.names and p.country_code == "LV"


def test_registered_in_country_and_registration_noise() -> None:
    p = parse_org_name("Юридическое лицо Istories fonds, зарегистрированное в Латвийской Республике "
                       "(регистрационный номер 50008295751, дата регистрации 24.02.2020)")
    assert p.country_code == "LV"
    # The Latin name inside the Russian string is a name of its own.
    assert [v for v, _ in p.names] == ["Юридическое лицо Istories fonds", "Istories fonds"]


def test_branch_does_not_take_the_parent_name() -> None:
    p = parse_org_name("Ингушское республиканское отделение Общероссийской общественной организации "
                       "«Российский Красный Крест»")
    assert all(v != "Российский Красный Крест" for v, _ in p.names)


def test_unbalanced_leading_quote() -> None:
    p = parse_org_name("«ГРОМАДСЬКА ОРГАНI3АЦIЯ «ВIЛЬНИЙ IДЕЛЬ-УРАЛ» (ГО «IДЕЛЬ») («СВОБОДНЫЙ ИДЕЛЬ-УРАЛ»), Украина")
    assert p.country_code == "UA"
    assert ("СВОБОДНЫЙ ИДЕЛЬ-УРАЛ", "variant") in p.names


def test_person_and_pseudonym() -> None:
    p = parse_person_name('Чхартишвили Григорий Шалвович "Борис Акунин"')
    assert p.names == [("Чхартишвили Григорий Шалвович", "official"), ("Борис Акунин", "pseudonym")]


def test_member_names() -> None:
    raw = "Объединение, членами которого являются Герега Александр Владимирович, 27.06.1969 года рождения"
    assert member_names(raw) == ["Герега Александр Владимирович"]


def test_is_acronym() -> None:
    assert is_acronym("RFE/RL") and is_acronym("ФБК") and not is_acronym("Meduza")
