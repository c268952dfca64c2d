"""Extraction of designation events: the seed article, date rules, negatives, bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from proscribed.exc import InvalidInput
from proscribed.matching import ScreeningIndex
from proscribed.news.dates import dateline, find_cues, resolve
from proscribed.news.analysis import infos_of
from proscribed.model import Designation
from proscribed.news.extract import _Cluster, _cluster_events, _date, _registry_year, extract
from proscribed.news.model import Article, Event
from proscribed.news.size import list_size

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "news-dev.jsonl"

SEED = Article(
    id="seed", published=date(2025, 5, 19), language="en", title="Russia Outlaws Amnesty International",
    text=("Russian authorities have outlawed Amnesty International as an \"undesirable organization,\" marking a "
          "significant escalation in the Kremlin's crackdown on dissent. The designation, announced by the Russian "
          "Prosecutor General's office on Monday, effectively bans the global human rights group from operating in "
          "the country.\n\nThe ban adds Amnesty to a growing list of 223 \"undesirable organizations,\" which also "
          "includes Radio Free Europe/Radio Liberty, Transparency International, and the opposition group Open "
          "Russia."))


def test_seed_article(index: ScreeningIndex) -> None:
    x = extract(SEED, index).to_dict()
    assert len(x["events"]) == 1
    e = x["events"][0]
    assert (e["org"], e["status"], e["jurisdiction"], e["authority"], e["decision_date"]) == (
        "Amnesty International", "undesirable", "RU", "Prosecutor General", "2025-05-19")
    assert e["linked"]["registry"] == "ru-undesirable" and e["linked"]["listed_on"] == "2025-05-28"
    assert 0 < e["confidence"] <= 1 and "outlawed Amnesty International" in e["evidence"]
    assert x["list_size"] == 223
    names = {m["name"]: m["linked"] for m in x["mentioned_listed"]}
    assert set(names) == {"Radio Free Europe/Radio Liberty", "Transparency International", "Open Russia"}
    assert all(link is not None and link["registry"] == "ru-undesirable" for link in names.values())


@pytest.mark.skipif(not EVAL.exists(), reason="evaluation set not present")
def test_seed_from_the_evaluation_set(index: ScreeningIndex) -> None:
    row = next(json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if '"seed-clashreport' in line)
    a = Article(row["id"], row["text"], row["url"], date.fromisoformat(row["published"]), row["language"], row["title"])
    x = extract(a, index)
    assert [(e.org, e.decision_date, e.linked["listed_on"] if e.linked else None) for e in x.events] == [
        ("Amnesty International", date(2025, 5, 19), "2025-05-28")]


@pytest.mark.parametrize("text, published, expected", [
    ("said on Friday", date(2023, 5, 19), date(2023, 5, 19)),       # a Friday: the same day
    ("On Thursday the court", date(2023, 12, 1), date(2023, 11, 30)),
    ("в понедельник", date(2022, 3, 22), date(2022, 3, 21)),
    ("накануне", date(2020, 12, 23), date(2020, 12, 22)),
    ("В пятницу, 15 октября", date(2021, 10, 15), date(2021, 10, 15)),
    ("on June 21", date(2023, 6, 21), date(2023, 6, 21)),
    ("on December 30", date(2024, 1, 3), date(2023, 12, 30)),       # year-less date of last year
    ("on Thursday", None, None),                                    # no publication date: unresolvable
    ("решение от 3 сент. 2019 года", None, date(2019, 9, 3)),        # an abbreviated Russian month
    ("ТОМСК, 4 ноя", date(2018, 11, 5), date(2018, 11, 4)),
    ("с 12 марта", date(2021, 4, 1), date(2021, 3, 12)),             # the full name, not the abbreviation "мар"
    ("июль 23, 2025", None, date(2025, 7, 23)),                      # a page's stamp, month in the nominative
])
def test_date_cues(text: str, published: date | None, expected: date | None) -> None:
    cues = find_cues(text)
    explicit = [c for c in cues if c.kind == "explicit"]
    cue = explicit[0] if explicit else cues[0]
    assert resolve(cue, published) == expected


def test_dateline() -> None:
    assert dateline("MOSCOW, December 22. /TASS/. Russia's", date(2020, 12, 23)) == date(2020, 12, 22)
    assert dateline("MOSCOW. July 15 (Interfax) - The office", None) is None
    # A Russian agency's dateline: an abbreviated month, then a dash before the agency's name.
    assert dateline("ТОМСК, 4 ноя - Сибирь.Новости. Суд признал", date(2018, 11, 5)) == date(2018, 11, 4)
    assert dateline("Суд признал движение\n\nапрель 3, 2024\n\nСуд признал", date(2024, 4, 3)) == date(2024, 4, 3)


def test_a_date_without_its_year_on_an_undated_page_takes_the_pages_year() -> None:
    # No publication date; the page names a full date elsewhere (its stamp): "12 марта" is of that year.
    article = Article(id="undated", published=None, language="ru", text=(
        "Обновлено 14.03.2019\n\nГенпрокуратура 12 марта признала нежелательной деятельность "
        "фонда «Северный маяк»."))
    (event,) = extract(article).events
    assert (event.decision_date, event.date_basis) == (date(2019, 3, 12), "explicit")


@pytest.mark.parametrize("text, size", [
    ("It will become the 31st NGO on the list.", 31),
    ("В этом перечне она будет 31-й.", 31),
    ("Теперь в списке 14 наименований.", 14),
    ("one of more than 30 organizations", None),
    ("62 organizations this year", None),
    # Phrasings written here for the general patterns: a count as the list's object or complement.
    ("The register now holds 412 organizations.", 412),
    ("The tally stands at 97 after the decision.", 97),
    ("bringing the total number of undesirable groups to 58.", 58),
    ("В перечне нежелательных сейчас 301 организация.", 301),
    ("Число нежелательных организаций достигло 150.", 150),
    ("The list has grown quickly since 2015.", None),
])
def test_list_size(text: str, size: int | None) -> None:
    assert list_size(text) == size


@pytest.mark.parametrize("text", [
    "Putin signed a law under which foreign organizations can be declared undesirable in Russia.",
    "A court fined the activist 5,000 rubles for participation in an undesirable organization, Bellingcat.",
    "Прокуратура просит суд признать экстремистской организацией Фонд борьбы с коррупцией.",
    "Минюст исключил организацию «Зона права» из реестра иностранных агентов.",
    "Earlier, the Prosecutor General's Office declared Greenpeace undesirable.",
])
def test_not_news_designations(text: str, index: ScreeningIndex) -> None:
    x = extract(Article("n", text, published=date(2024, 1, 10)), index)
    assert x.events == []


def test_russian_article(index: ScreeningIndex) -> None:
    text = ("Генпрокуратура РФ объявила нежелательной на территории России деятельность французской "
            "неправительственной организации \"Ассоциация школ политических исследований при Совете Европы\". "
            "Как сообщили журналистам в среду в пресс-службе ведомства, решение принято по итогам изучения.")
    x = extract(Article("r", text, published=date(2020, 12, 23), language="ru"), index)
    assert [(e.org, e.status, e.decision_date) for e in x.events] == [
        ("Ассоциация школ политических исследований при Совете Европы", "undesirable", date(2020, 12, 23))]


def test_other_jurisdiction_is_not_russian(index: ScreeningIndex) -> None:
    text = ("The Belarusian Ministry of Internal Affairs said on Wednesday that it had designated the internet "
            "resources of Belsat an extremist formation.")
    x = extract(Article("b", text, published=date(2021, 11, 3)), index)
    assert all(e.jurisdiction != "RU" for e in x.events)


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_article(text: str) -> None:
    with pytest.raises(InvalidInput, match="no text"):
        extract(Article("e", text))


def test_one_sentence_report_with_the_list_in_a_trailing_clause(index: ScreeningIndex) -> None:
    """The issue's example: the event is the main clause, the names after "among them" are background."""
    text = ("Russia's Prosecutor General declared Amnesty International an undesirable organization on Monday; "
            "the list now holds 223 organizations, among them Radio Free Europe/Radio Liberty, Transparency "
            "International and Open Russia.")
    x = extract(Article("one", text, published=date(2025, 5, 19), language="en"), index)
    assert [(e.org, e.status, e.decision_date) for e in x.events] == [
        ("Amnesty International", "undesirable", date(2025, 5, 19))]
    assert x.list_size == 223
    assert {m["name"] for m in x.mentioned_listed} >= {"Transparency International", "Open Russia"}


def test_the_quoted_name_inside_a_longer_name_is_another_name(index: ScreeningIndex) -> None:
    text = ("Минюст России в пятницу внес в реестр нежелательных организаций немецкую НКО «Северный ветер». "
            "Решение о признании ее нежелательной Генпрокуратура приняла ранее.")
    x = extract(Article("q", text, published=date(2026, 3, 6), language="ru"), index)
    assert [(e.org, e.status) for e in x.events] == [("НКО «Северный ветер»", "undesirable")]
    assert "«Северный ветер»" in x.events[0].aliases


def test_a_granted_claim_naming_the_organization_dates_the_event() -> None:
    # The event's sentence has no date; the next one names the organization and reads as a claim
    # (a ruling that granted it): its date is the event's. A neighbour that does not name it is no
    # such evidence.
    text = ("Суд признал «Северный экологический союз» экстремистским.\n"
            "Краевой суд 4 марта удовлетворил иск прокуратуры о признании «Северного экологического союза» "
            "экстремистской организацией.")
    article = Article("g", text, published=date(2026, 3, 5), language="ru")
    infos = infos_of(article)
    cluster = _Cluster("extremist", [0], infos[0].cands[:1])
    assert infos[1].negative
    assert _date(infos, cluster, article, None, own=(1,)) == (date(2026, 3, 4), "explicit")
    # Without it, the neighbour's date is not taken: the publication day is, flagged as such.
    assert _date(infos, cluster, article, None) == (date(2026, 3, 5), "published")


def test_without_any_date_cue_the_publication_day_is_a_flagged_fallback() -> None:
    text = "Генпрокуратура признала нежелательной деятельность фонда Northwind Lake Trust."
    for published, expected in ((date(2026, 3, 5), (date(2026, 3, 5), "published")), (None, (None, None))):
        article = Article("p", text, published=published, language="ru")
        infos = infos_of(article)
        assert _date(infos, _Cluster("undesirable", [0], infos[0].cands[:1]), article, None) == expected


def test_a_year_less_day_on_an_undated_page_takes_its_year_from_the_registry_entry_of_that_day() -> None:
    text = "5 июня Генпрокуратура признала нежелательной деятельность фонда Northwind Lake Trust."
    article = Article("y", text, published=None, language="ru")
    infos = infos_of(article)
    assert _date(infos, _Cluster("undesirable", [0], infos[0].cands[:1]), article, None) == (None, "no_year")
    event = Event("Northwind Lake Trust", "undesirable", "RU", None, None, None, None, text, 0.9, date_basis="no_year")
    decided = Designation("ru-undesirable", "listed", date(2025, 6, 16), decision_date=date(2025, 6, 5))
    assert _registry_year(event, decided) == date(2025, 6, 5)
    listed = Designation("ru-foreign-agents", "listed", date(2024, 6, 5))
    assert _registry_year(event, listed) == date(2024, 6, 5)
    # A registry day on another day and month says nothing of this date.
    assert _registry_year(event, Designation("ru-undesirable", "listed", date(2025, 6, 16))) is None


def _one_event(text: str, published: date, language: str) -> Event:
    events = extract(Article(id="dates", published=published, language=language, text=text)).events
    assert len(events) == 1, events
    return events[0]


def test_the_date_the_decision_noun_governs_dates_the_decision() -> None:
    # Two dates in one sentence: the listing's first, then the decision's ("решения ... от").
    event = _one_event("Минюст 21 октября включил фонд «Серебряный ручей» в перечень нежелательных организаций "
                       "на основании решения заместителя генпрокурора от 14 октября 2025 года.",
                       date(2025, 10, 21), "ru")
    assert (event.decision_date, event.date_basis) == (date(2025, 10, 14), "explicit")


def test_a_listing_sentence_gives_way_to_the_decisions_date() -> None:
    # The ministry lists the Prosecutor General's decisions: its own day is the listing's.
    event = _one_event("The Justice Ministry on Thursday entered the Blue Heron Institute in its list of undesirable "
                       "organizations. On Tuesday, prosecutors declared the institute undesirable, saying it "
                       "threatened state security.", date(2025, 3, 7), "en")
    assert (event.decision_date, event.date_basis) == (date(2025, 3, 4), "weekday")
    # For a foreign agent the ministry is the deciding body: its listing day is the decision's.
    event = _one_event("Russia's Justice Ministry on Friday designated the Grey Owl Media outlet a foreign agent and "
                       "entered it in its register. On Tuesday, lawmakers discussed the register.",
                       date(2025, 3, 7), "en")
    assert event.decision_date == date(2025, 3, 7)


def test_a_decree_signed_nearby_does_not_date_the_event() -> None:
    event = _one_event("Russia's Justice Ministry designated the Lantern Post news outlet a foreign agent. On Monday "
                       "the president signed a decree allowing the ministry to keep such a register.",
                       date(2025, 3, 5), "en")
    assert (event.decision_date, event.date_basis) == (date(2025, 3, 5), "published")


def _clustered(text: str) -> list[tuple[str, list[str]]]:
    article = Article(id="lists", published=date(2024, 7, 20), language="ru", text=text)
    clusters, _ = _cluster_events(article, infos_of(article))
    return [(c.status, [x.name for x in c.cands]) for c in clusters]


def test_the_names_a_count_announces_come_after_rech_idet_o() -> None:
    # "признала ... три организации" (a count in the nominative), a quotation, then "Речь идет о ...".
    assert _clustered("Генеральная прокуратура признала нежелательными три зарубежные организации. «Их деятельность "
                      "представляет угрозу», — говорится в сообщении. Речь идет о таких организациях, как «Северный "
                      "маяк», «Озёрный круг» и «Дом на холме».") == [
        ("undesirable", ["«Северный маяк»", "«Озёрный круг»", "«Дом на холме»"])]


def test_a_sentence_that_continues_a_list_reaches_back_over_two_remarks() -> None:
    assert _clustered("Минюст внес в перечень нежелательных организаций фонд «Северный маяк». Решение опубликовано на "
                      "сайте ведомства. Фонд работает в Риге. Кроме того, в перечень вошли «Озёрный круг» и «Дом на "
                      "холме».") == [("undesirable", ["«Северный маяк»"]),
                                    ("undesirable", ["«Озёрный круг»", "«Дом на холме»"])]


def test_a_place_no_registry_entry_is_named_is_no_event(index: ScreeningIndex) -> None:
    # "Kaliningrad" sits in a longer registry name (a religious organization of that city) and
    # in the gazetteer: where the journalist works, not who was designated.
    text = ("Russia's Justice Ministry on Friday added the Tomsk Voice project and the Kaliningrad journalist "
            "Ivan Petrov to its register of foreign agents.")
    events = extract(Article(id="place", published=date(2026, 3, 6), language="en", text=text), index).events
    assert [e.org for e in events] == ["Tomsk Voice"]


def test_places_are_read_from_the_gazetteer() -> None:
    from proscribed.news.places import is_place

    assert all(is_place(n) for n in ("Florida", "ST. PETERSBURG", "the Hague", "Kiev", "Europe"))
    assert not any(is_place(n) for n in ("Tomsk Voice", "Amnesty International", "Bellingcat", "Meduza"))
