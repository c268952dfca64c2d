"""Column titles → canonical fields, and served values → text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from proscribed import exc
from proscribed.sources import minjust_columns as mc

UNDESIRABLE_TITLES = [
    ("№ п/п", "row"),
    ("Дата распоряжения Минюста России о включении в перечень", "listed_on"),
    ("Номер распоряжения о включении", "listing_order"),
    ("Дата принятия решения Генеральной прокуратурой о признании деятельности нежелательной", "decision_date"),
    ("Наименование организации", "name"),
    ("Дата обнародования информации", "published_on"),
    ("Дата распоряжения Минюста об исключении", "excluded_on"),
    ("Номер распоряжения об исключении", "exclusion_order"),
    ("Дата принятия решения Генпрокуратурой об отмене решения", "cancelled_on"),
    ("Статус", "status"),
    # Spacing, case and ё do not matter.
    ("  НАИМЕНОВАНИЕ\u00a0 организации ", "name"),
    ("Дата распоряжения Минюста России о включении в перечень (дата внесения)", "listed_on"),
    ("Примечание", None),
]
FOREIGN_AGENT_TITLES = [
    ("№", "row"),
    ("Полное наименование/ФИО", "name"),
    ("Основания включения", "legal_basis"),
    ("Дата принятия решения о включении", "listed_on"),
    ("Дата принятия решения об исключении", "excluded_on"),
    ("Информационные ресурсы", "resources"),
    ("Вид иностранного агента", "kind"),
    ("Регистрационный номер", "registration_number"),
    ("ИНН", "inn"),
    ("ОГРН/ОГРНИП", "ogrn"),
    ("СНИЛС", "snils"),
    ("Дата рождения", "birth_date"),
    ("Участники", "members"),
    ("Адрес (место нахождения)", "address"),
    ("Дата размещения информации", "published_on"),
]
EXTREMIST_TITLES = [
    ("№ п/п", "row"),
    ("Наименование организации", "name"),
    ("Реквизиты решения суда о ликвидации или запрете деятельности", "court_decision"),
    ("Дата включения в перечень", "listed_on"),
]


@pytest.mark.parametrize(("registry", "title", "field"),
                         [("ru-undesirable", t, f) for t, f in UNDESIRABLE_TITLES]
                         + [("ru-foreign-agents", t, f) for t, f in FOREIGN_AGENT_TITLES]
                         + [("ru-extremist", t, f) for t, f in EXTREMIST_TITLES])
def test_title_rules(registry: str, title: str, field: str | None) -> None:
    assert mc.column_rules(registry).field_for(title) == field


def test_string_column_wins_over_its_dt_copy() -> None:
    columns = [
        {"name": "field_2_s", "title": "Полное наименование/ФИО", "hidden": False},
        {"name": "field_4_dt", "title": "Дата принятия решения о включении", "hidden": True},
        {"name": "field_4_s", "title": "Дата принятия решения о включении", "hidden": False},
    ]
    mapping, missing = mc.map_columns("ru-foreign-agents", columns)
    assert mapping == {"field_2_s": "name", "field_4_s": "listed_on"} and missing == []


def test_first_column_wins_and_missing_is_listed() -> None:
    columns = [{"name": "a", "title": "Наименование"}, {"name": "b", "title": "Наименование (англ.)"}, {"title": "x"}]
    assert mc.map_columns("ru-undesirable", columns) == ({"a": "name"}, ["listed_on"])


@pytest.mark.parametrize(("value", "text"), [
    (226, "226"), (5.0, "5"), (2.5, "2.5"), (None, None), ("", None), ("  \u00a0 ", None),
    ("  Org  (X)\u00a0Y  ", "Org  (X)\u00a0Y"), (datetime(2025, 5, 28), "28.05.2025"), (date(2025, 5, 28), "28.05.2025"),
    (["a", None, "b"], "a; b"), (True, "true"),
])
def test_cell_text(value: Any, text: str | None) -> None:
    assert mc.cell_text(value) == text


def test_rows_have_every_canonical_field() -> None:
    row = mc.row_from_record({"field_5_s": "X", "field_1_i": 3}, {"field_1_i": "row", "field_5_s": "name"},
                             mc.column_rules("ru-undesirable").fields)
    assert row["name"] == "X" and row["row"] == "3" and row["status"] is None and len(row) == 10


def test_rule_file_is_validated() -> None:
    with pytest.raises(exc.DataError):
        mc._validate({"ru-x": {"rules": [{"field": "name", "all": ["("]}]}})
    with pytest.raises(exc.DataError):
        mc._validate({"ru-x": {"rules": [{"field": "name", "all": ["n"]}], "required": ["listed_on"]}})
    with pytest.raises(exc.InvalidInput):
        mc.column_rules("ru-nonesuch")
