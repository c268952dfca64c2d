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
    ("Ministerul precizează că decizia procurorului a fost luată pe 12 martie.", True),
    ("Decyzja prokuratury zapadła 3 lutego, podało ministerstwo.", True),
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


def test_a_date_after_the_listing_day_cannot_be_the_decisions() -> None:
    # R6: the office answering a question three days after the Ministry listed the fund, even in decision words.
    listed = date(2024, 6, 11)
    assert rules.dates_the_listing(
        _item("2024-06-14", "A decision was made to designate the fund as undesirable, the office said on June 14."), listed)


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


def _evidence(day: str, url: str, basis: str = "announced") -> dict[str, str]:
    return {"decision_date": day, "url": url, "publisher": rules.publisher(url), "basis": basis}


def test_the_date_most_publishers_give_wins_and_the_disagreement_is_kept() -> None:
    # R4: one outlet a day early against two others; one agency's two editions count once.
    items = [_evidence("2021-05-03", "https://early.example.org/a"),
             _evidence("2021-05-04", "https://agency.example.ru/n1"),
             _evidence("2021-05-04", "https://www.agency.com/n2"),
             _evidence("2021-05-04", "https://paper.example.net/x")]
    chosen, basis, note = rules.decide(items)
    assert (chosen, basis) == ("2021-05-04", "announced")
    assert note is not None and note.startswith("sources disagree") and "2021-05-03" in note and "2021-05-04" in note


def test_a_tie_between_publishers_takes_the_earliest_and_editions_count_once() -> None:
    # An agency's Russian and English editions on the 4th against one paper on the 3rd: one each.
    items = [_evidence("2021-05-04", "https://agency.ru/n1"), _evidence("2021-05-04", "https://www.agency.com/n2"),
             _evidence("2021-05-03", "https://paper.co.uk/x")]
    assert rules.publisher_family("https://paper.co.uk/x") == "paper"
    assert rules.publisher_family("https://deutsch.pravda-net.com/a") == "pravda-net"
    assert rules.decide(items)[0] == "2021-05-03"


def test_a_stated_date_still_wins_over_announced_ones() -> None:
    items = [_evidence("2021-05-04", "https://a.ru/1"), _evidence("2021-05-04", "https://b.ru/2"),
             _evidence("2021-04-30", "https://c.ru/3", basis="stated")]
    assert rules.decide(items)[:2] == ("2021-04-30", "stated")


@pytest.mark.parametrize(("text", "third"), [
    # the report's source is a Duma commission, a deputy or the organization itself
    ("Генпрокуратура признала фонд «Дельта» нежелательным. Об этом сообщили в комиссии Госдумы по защите суверенитета.", True),
    ("Фонд «Дельта» признан нежелательным, написал в своем канале депутат Петров.", True),
    ("The institute has been declared undesirable, a State Duma committee on interference said on Monday.", True),
    ("The foundation said it learned of its designation as undesirable from the register.", True),
    ("Le parquet a fait droit à la demande de la commission ... et a soutenu l'appel de la commission sénatoriale.", True),
    ("Генпрокуратура поддержала обращение комиссии Госдумы и признала союз нежелательным.", True),
    # the deciding office is the source, even when a commission is named beside it
    ("По запросу комиссии Госдумы Генпрокуратура признала союз нежелательным, сообщила пресс-служба ведомства.", False),
    ("Генпрокуратура признала фонд «Дельта» нежелательным, говорится на сайте Генпрокуратуры.", False),
    ("The Prosecutor General's Office said on Tuesday it had designated the fund undesirable.", False),
    ("Генпрокуратура признала фонд «Дельта» нежелательным.", False),
])
def test_an_announcement_whose_source_is_a_third_party_is_told_by_its_words(text: str, third: bool) -> None:
    assert rules.announced_by_third_party(text) is third


@pytest.mark.parametrize("text", [
    # a news agency or a paper reporting the office's decision is not a third party
    "Генпрокуратура признала организацию «Эпсилон» нежелательной, сообщил ТАСС.",
    "Генпрокуратура признала фонд нежелательным, заявил журналистам источник.",
    "Russia's prosecutors declared the foundation undesirable, Reuters reported.",
])
def test_a_news_outlet_reporting_the_decision_is_not_a_third_party(text: str) -> None:
    assert not rules.announced_by_third_party(text)


def test_the_committed_decision_dates_are_what_the_collection_gives_now(tmp_path: Path) -> None:
    # Drift: an extractor, screening or rule change that alters a collected date must show up here
    # (rerun scripts/collect_decision_dates.py and review the diff), not silently in the shipped data.
    committed = SCRIPT.parents[1] / "proscribed" / "resources" / "decision_dates.yml"
    out = tmp_path / "decision_dates.yml"
    assert rules.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
