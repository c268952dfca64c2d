"""Where a name starts and stops: one example per pattern, written here."""

from __future__ import annotations

import pytest

from proscribed.news.names import candidates, mask, nominative
from proscribed.news.ner import Span


def names(sentence: str) -> list[str]:
    return [c.name for c in candidates(sentence, mask(sentence), [])]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A Latin run in a Russian sentence is one foreign name, its "and", "of", "who" and lower-case words included.
    ("Прокуратура признала нежелательной Society for Lakes and Rivers of the North из Норвегии.",
     ["Society for Lakes and Rivers of the North"]),
    ("В перечень попал фонд Freunde der offenen Gesellschaft e.V. из Германии.",
     ["Freunde der offenen Gesellschaft e.V."]),
    ("Минюст внес в реестр издание The Northern Ledger и двух авторов.", ["The Northern Ledger"]),
    # A comma ends the run: the items of a list stay apart.
    ("Нежелательными стали Northwind Lake Trust, Borealis Fund и Gamma Labs.",
     ["Northwind Lake Trust", "Borealis Fund", "Gamma Labs"]),
    # ... unless a legal form follows it.
    ("Решение касается компании Quiet Harbor Media, Inc. из США.", ["Quiet Harbor Media, Inc."]),
    ("В перечень внесли Spolecnost Jezer a Lesu, z.s. из Чехии.", ["Spolecnost Jezer a Lesu, z.s."]),
    # ... or the name enumerates inside itself with a Latin conjunction (the sentence's list joins with "и").
    ("Нежелательной признана Stiftung Seen, Wälder und Moore e.V. из Германии.",
     ["Stiftung Seen, Wälder und Moore e.V."]),
    ("Нежелательными стали Borealis Fund, Fundacja Jeziora i Lasy и Gamma Labs.",
     ["Borealis Fund", "Fundacja Jeziora i Lasy", "Gamma Labs"]),
    # A person written in Latin letters is no organization.
    ("С журналистом John Miller связались в редакции.", []),
])
def test_latin_names_in_russian_text(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_and_the_starts_a_second_name() -> None:
    assert names("The ministry listed the Lakeside Heritage Fund and the Northern Rivers Council on Friday.") == [
        "Lakeside Heritage Fund", "Northern Rivers Council"]


def test_an_acronym_of_a_kind_before_the_name_describes_it() -> None:
    assert names("Prosecutors banned the Danish NGO Open Waters Alliance this week.") == ["Open Waters Alliance"]


def test_a_foreign_name_of_generic_words_is_still_a_name_in_russian_text() -> None:
    assert names("Нежелательной признана Central Coastal University из Австрии.") == ["Central Coastal University"]
    assert names("Также упомянут Университет.") == []  # a lone generic word is not


def test_look_alike_letters_inside_a_latin_name_are_folded() -> None:
    # "Ноrizon" below is written with a Cyrillic "Н" and "о", as some pages do.
    assert names("Минюст внес Free Ноrizon Foundation в перечень.") == ["Free Horizon Foundation"]


def test_a_parenthesis_does_not_hide_the_russian_context_of_a_bullet() -> None:
    assert names("• Northern Harbor Network of People who fish (Норвегия),") == [
        "Northern Harbor Network of People who fish"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A demonym before only generic words is the name's distinctive part ...
    ("Moscow banned the Canada-based Estonian World Congress as unwanted.", ["Estonian World Congress"]),
    ("Prosecutors named the Danish Council on Monday.", ["Danish Council"]),
    # ... before a distinctive word it describes the name.
    ("The ministry listed the Dutch Tulip Heritage Fund.", ["Tulip Heritage Fund"]),
])
def test_a_demonym_belongs_to_a_name_of_generic_words(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_three_capitalised_generic_words_are_a_proper_name() -> None:
    assert names("It banned the Central Baltic University outright.") == ["Central Baltic University"]
    assert names("An International Council met.") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    # After a word for a kind of organization, a quotation or a Latin run is that organization's
    # name, even a common noun, a place or a web address.
    ("Минюст внес издание «Маяк» в реестр.", ["«Маяк»"]),
    ("Движение «Волна» признали экстремистским.", ["«Волна»"]),
    ("Суд признал батальон \"Ладога-2\" террористическим.", ["Ладога-2"]),
    ("В реестр внесли проект Lookout.info, который пишет о полиции.", ["Lookout.info"]),
    # Without such a word, a quoted common noun stays out.
    ("Минюст внес «Центр» в реестр.", []),
    ("Об этом сообщил сайт Lookout.info.", ["Lookout.info"]),
])
def test_a_name_after_a_kind_of_organization(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # A quoted name after a kind of organization in any case stays as written (an apposition):
    # only a quoted name used as a noun itself is put in the nominative.
    ("Минюст внес в реестр томское издание «Листовки».", ["«Листовки»"]),
    ("Прокуратура признала нежелательной деятельность фонда «Вертикали».", ["«Вертикали»"]),
    ("Прокуратура запретила деятельность союза «Кедровые сосны».", ["«Кедровые сосны»"]),
    ("Суд признал «Северную звезду» экстремистской.", ["«Северная звезда»"]),
])
def test_a_quoted_name_after_a_kind_keeps_its_case(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_a_short_kind_is_a_kind_in_every_case() -> None:
    from proscribed.news.names import _is_generic_word

    # A kind shorter than the stem ("фонд", "союз", "клуб") and its inflections; not a longer word.
    assert all(_is_generic_word(w) for w in ("фонд", "фонда", "фондами", "союзу", "клубе", "funds"))
    assert not any(_is_generic_word(w) for w in ("фондовый", "союзническими"))


def test_a_word_that_only_starts_like_a_kind_is_no_kind() -> None:
    # "Mediaport" starts like "media" but is longer than any inflection of it: a name.
    assert names("The ministry added Mediaport, a news site, to the register.") == ["Mediaport"]
    assert names("The ministry added Media, a news site, to the register.") == []


def test_a_full_stop_inside_a_quoted_title_ends_no_sentence() -> None:
    from proscribed.news.sentences import split_sentences

    text = "Группу «Тени. Север» признали террористической. Решение вступило в силу."
    assert [s.text for s in split_sentences(text)] == [
        "Группу «Тени. Север» признали террористической.", "Решение вступило в силу."]


def test_a_patron_abbreviation_inside_a_name_ends_no_sentence() -> None:
    from proscribed.news.sentences import split_sentences

    # "im." (Polish, "named after"), "им." and "св." join a body to its patron or saint.
    text = ("Нежелательной признана Fundacja im. Jana Kowalskiego из Польши, как и фонд им. Петра Лесова. "
            "Решение вступило в силу.")
    assert [s.text for s in split_sentences(text)] == [
        "Нежелательной признана Fundacja im. Jana Kowalskiego из Польши, как и фонд им. Петра Лесова.",
        "Решение вступило в силу."]


def test_a_legal_form_written_with_a_space_ends_no_sentence() -> None:
    from proscribed.news.sentences import split_sentences

    text = ("Нежелательными признаны Nordlicht Forum e. V. и Lindenhof Verein e. V., сообщила прокуратура. "
            "Решение вступило в силу.")
    assert [s.text for s in split_sentences(text)] == [
        "Нежелательными признаны Nordlicht Forum e. V. и Lindenhof Verein e. V., сообщила прокуратура.",
        "Решение вступило в силу."]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A word that opens an English sentence is capitalised for its place: not the name's first word.
    ("Only the Northwind Lake Trust had been listed before.", ["Northwind Lake Trust"]),
    ("Some European outlets reported the news.", []),
    # A headline's inflected first word is a dictionary word too ("Updated", "Details").
    ("Updated: the register grew again.", []),
    ("Details: Borealis Fund was listed on Monday.", ["Borealis Fund"]),
    # A name that opens the sentence with a dictionary word keeps it.
    ("Free Lakes Foundation was listed on Monday.", ["Free Lakes Foundation"]),
])
def test_sentence_openers_in_english(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "to" inside an English name joins its words ...
    ("The Coalition to Investigate Lakes was listed.", ["Coalition to Investigate Lakes"]),
    # ... but not where it says where the name was put: a state, an authority, a list.
    ("Russia added Borealis Fund to Russia's list of undesirable groups.", ["Borealis Fund"]),
    ("The ministry added the Free Lakes Foundation to the Justice Ministry's register.", ["Free Lakes Foundation"]),
    # A capitalised preposition marks a title-case headline: the span stops before it.
    ("Russia Adds Borealis Fund To List Of 'Undesirable' Organizations", ["Borealis Fund"]),
    # A hyphenated attribute before the name describes it.
    ("The ministry declared the SPD-affiliated Northwind Lake Trust undesirable.", ["Northwind Lake Trust"]),
    # "in" joins a name's words when what follows is neither a place nor a time ...
    ("The office declared Lakes in Need and Poets in Exile undesirable.", ["Lakes in Need", "Poets in Exile"]),
    # ... and stops it where it says where or when.
    # (A city stays a candidate of its own: the classifier and the place rule weigh it.)
    ("Borealis Fund in Moscow and Lakeside Trust in Norway were listed in March.",
     ["Borealis Fund", "Moscow", "Lakeside Trust"]),
    ("Officials listed Lakeside Trust in January.", ["Lakeside Trust"]),
    # A legal form after a comma belongs to the name in English text as in Russian.
    ("Russia declared Spolecnost Jezer, z.s. undesirable.", ["Spolecnost Jezer, z.s."]),
])
def test_english_prepositions_and_attributes(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # A connector left at the front once the sentence words before it went is no part of the name.
    ("According to Borealis's count, ten groups were listed.", ["Borealis"]),
    ("The office asked in November for Northwind Lake Trust to be closed.", ["Northwind Lake Trust"]),
    # Title case: a capitalised "And", "The" or auxiliary marks a headline, not a name's word.
    ("Lakeside Trust And Borealis Fund Banned", ["Lakeside Trust"]),
    ("What Does The New Status Mean For Readers", []),
    # A headline's verb after the name, and a number before it, are no part of it.
    ("Three More Lake Trusts Added", ["Lake Trusts"]),
    # A kind of body alone names nothing.
    ("The draft named NCOs from abroad.", []),
])
def test_english_headline_and_fragment_spans(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # A title before a name, after a word that qualifies it at most, opens a person's name.
    ("Latvian Ambassador Janis Ozols said so.", []),
    ("Journalist Olga Smirnova was added to the register.", []),
    # A Russian given name or surname in Latin letters, known to the Russian dictionary, is a person.
    ("Yekaterina Smirnova was named a foreign agent.", []),
    ("The ministry also named Ponomarev.", []),
    ("Ivanov and Sokolova were named foreign agents along with Borealis Fund.", ["Borealis Fund"]),
    # A brand the dictionary does not know as a name stays an organization.
    ("The ministry also named Kovcheg.", ["Kovcheg"]),
])
def test_persons_in_english_text(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_a_bracket_left_at_a_span_end_goes() -> None:
    # The named-entity model cut a span inside the parentheses that give the name's other forms.
    sentence = "Речь идет о Лесном союзе (Forest Union, FU) и других."
    start, stop = sentence.index("Forest"), sentence.index(") и") + 1
    found = candidates(sentence, mask(sentence), [Span(start, stop, "ORG", sentence[start:stop])])
    assert [c.name for c in found] == ["Forest Union, FU"]


@pytest.mark.parametrize(("sentence", "expected"), [
    # A person's name before a kind of organization names the organization after the person.
    ("Prosecutors declared Harold Finch University (HFU) an undesirable organization.", ["Harold Finch University"]),
    ("Prosecutors said Harold Finch had funded the project.", []),
    # "im." (Polish: named after) joins a foundation to its patron.
    ("Russia banned the Fundacja im. Jana Kowalskiego as undesirable.", ["Fundacja im. Jana Kowalskiego"]),
])
def test_organizations_named_after_persons(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "and" after an "of"/"for" phrase joins a second object of the preposition ...
    ("The Lakeland School of Urban Affairs and Public Policy was listed.",
     ["Lakeland School of Urban Affairs and Public Policy"]),
    ("Prosecutors banned the Riverside Foundation for Open Markets and the Rule of Law.",
     ["Riverside Foundation for Open Markets and the Rule of Law"]),
    # ... unless what follows names a kind of organization: then it is a second name.
    ("The Foundation for Lake Studies and the Open Waters Institute were listed.",
     ["Foundation for Lake Studies", "Open Waters Institute"]),
    ("The Centre for Lake Studies and Northwind International were listed.",
     ["Centre for Lake Studies", "Northwind International"]),
])
def test_and_inside_a_prepositional_name(sentence: str, expected: list[str]) -> None:
    assert names(sentence) == expected


def test_a_demonym_before_a_kind_of_organization_belongs_to_the_name() -> None:
    assert names("Prosecutors named the Danish Association for Lake Studies on Monday.") == [
        "Danish Association for Lake Studies"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Северного экологического союза", "Северный экологический союз"),
    # An adjective in "-ой" before a masculine noun in the nominative is nominative already.
    ("Краевой суд", "Краевой суд"),
    ("Краевого суда", "Краевой суд"),
    ("Озёрной ассоциации", "Озёрная ассоциация"),
])
def test_nominative(name: str, expected: str) -> None:
    assert nominative(name) == expected


def test_a_parenthesis_without_letters_or_with_an_alias_cue() -> None:
    # A date or number in brackets after a name is no other name of it.
    (c,) = candidates(s := "The Prosecutor General declared the Northwind Lake Trust (13.08.2021) undesirable.", mask(s), [])
    assert (c.name, c.aliases) == ("Northwind Lake Trust", [])
    # "(also known as X)": X is the other name, the cue is not part of it.
    (c,) = candidates(s := "The court banned the Northern Lake Movement (also known as the Lake Brotherhood).", mask(s), [])
    assert c.aliases == ["the Lake Brotherhood"]


def test_a_quoted_english_clause_is_no_name() -> None:
    assert names("\"The Lake Union is a global, democratic federation,\" its secretary said.") == ["Lake Union"]
    assert names("The ministry listed the “Northern Lake Society” as undesirable.") == ["Northern Lake Society"]
