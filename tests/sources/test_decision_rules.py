"""The rules scripts/collect_decision_dates.py applies to every collected report alike (eval/decisions/README.md).

The sentences below are written for these tests; none is taken from the collected reports.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "collect_decision_dates.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("collect_decision_dates", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load()


@pytest.mark.parametrize(("quote", "stated"), [
    # a decision word with a day in the same sentence: the decision's own date
    ("Фонд внесли в перечень на основании решения заместителя генпрокурора от 3 марта.", True),
    ("Решение о признании союза нежелательным было принято 12 апреля.", True),
    ("9 октября Генпрокуратура приняла решение о признании центра нежелательным.", True),
    ("Рішення про визнання фонду небажаним ухвалили 14 травня.", True),
    ("The group was listed under a decision of the deputy prosecutor general dated June 2.", True),
    ("Le centre figure sur la liste sur décision du parquet général datant du 8 juin 2023.", True),
    ("Laut dem Register fiel die Entscheidung der Generalstaatsanwaltschaft am 5. Mai.", True),
    # the register's date, read by the text
    ("Согласно перечню, Генпрокуратура признала фонд нежелательным 21 ноября.", True),
    ("The institute was designated on March 4, according to the registry.", True),
    # only the day the decision was made public, or the recognition without a decision cue
    ("The Prosecutor General's Office announced the decision on May 30.", False),
    ("Генпрокуратура 2 июля признала фонд нежелательным, сообщила пресс-служба.", False),
    ("Russian authorities on Tuesday designated the fund an undesirable organization.", False),
    # a decision word but no day in the sentence
    ("Генпрокуратура приняла решение о признании фонда нежелательным.", False),
])
def test_a_quote_states_the_decision_date_only_with_a_decision_or_register_cue(quote: str, stated: bool) -> None:
    assert rules.dates_a_decision(quote) is stated


def test_stated_needs_the_events_own_day_in_the_dating_sentence() -> None:
    # One report, two facts: the listing day (the event's) and another entry's decision day.
    text = ("Минюст 14 марта внес фонд «Альфа» в перечень нежелательных. "
            "Решение о признании нежелательным центра «Бета» Генпрокуратура приняла 2 марта.")
    basis, quote = rules._basis_and_quote(text, "Минюст 14 марта внес фонд «Альфа» в перечень нежелательных.",
                                          date(2025, 3, 14), date(2025, 3, 14))
    assert basis == "announced" and "Бета" not in quote
    basis, quote = rules._basis_and_quote(text, "Центр «Бета».", date(2025, 3, 2), date(2025, 3, 14))
    assert basis == "stated" and quote.endswith("приняла 2 марта.")


def _item(day: str, quote: str) -> dict[str, str]:
    return {"decision_date": day, "quote": quote}


def test_a_date_on_the_listing_day_dates_the_listing_unless_the_quote_dates_the_decision() -> None:
    listed = date(2024, 6, 11)
    assert rules.dates_the_listing(_item("2024-06-11", "Минюст внес фонд в перечень нежелательных."), listed)
    assert rules.dates_the_listing(_item("2024-06-11", "The foundation was declared undesirable on June 11."), listed)
    assert not rules.dates_the_listing(
        _item("2024-06-11", "Фонд включен в перечень на основании решения Генпрокуратуры от 11 июня."), listed)
    assert not rules.dates_the_listing(_item("2024-06-04", "Генпрокуратура признала фонд нежелательным."), listed)


def _report(text: str) -> dict[str, str]:
    return {"id": "t1", "title": "Заголовок", "text": text}


def test_a_reviewed_quote_must_be_the_reports_words_and_earn_its_basis() -> None:
    report = _report("Генпрокуратура признала фонд «Гамма» нежелательным. Решение датировано 7 февраля.")
    rules.check_review_entry(report, {"row": 1, "basis": "stated",
                                      "quote": "Генпрокуратура признала фонд «Гамма» нежелательным. … Решение датировано 7 февраля."})
    with pytest.raises(SystemExit, match="not the report's words"):
        rules.check_review_entry(report, {"row": 1, "basis": "announced", "quote": "Фонд «Гамма» запрещен 7 февраля."})
    with pytest.raises(SystemExit, match="gives no decision date"):
        rules.check_review_entry(report, {"row": 1, "basis": "stated",
                                          "quote": "Генпрокуратура признала фонд «Гамма» нежелательным."})
