"""Results that may be one organization, and a match's explanation in words."""

from __future__ import annotations

import pytest

from proscribed.service.related import linked_groups, same_name_groups
from proscribed.service.wording import match_in_words, status_in_words
from proscribed.store import Store


def test_entries_sharing_a_name_on_several_lists_are_grouped(store: Store) -> None:
    ids = ["ru-undesirable-057", "ru-undesirable-001", "ru-foreign-agents-30af13100b", "ru-undesirable-058"]
    entities = [store.entity(i) for i in ids]
    assert all(e is not None for e in entities)
    groups = same_name_groups([e for e in entities if e is not None])
    assert groups == [{"results": [1, 3, 4], "name": "Bellingcat",
                       "registries": ["ru-foreign-agents", "ru-undesirable"]}]


def test_entries_linked_as_one_organization_are_one_not_possibly_one(store: Store) -> None:
    # Bellingcat's three entries are linked (resources/entity_links.yml); Amnesty (226) is not among them.
    ids = ["ru-undesirable-057", "ru-undesirable-226", "ru-foreign-agents-30af13100b", "ru-undesirable-058"]
    entities = [e for e in (store.entity(i) for i in ids) if e is not None]
    links = store.links()
    assert linked_groups(entities, links) == [{"results": [1, 3, 4], "group": "bellingcat", "name": "Bellingcat",
                                               "registries": ["ru-foreign-agents", "ru-undesirable"]}]
    assert same_name_groups(entities, links) == []
    # Without the links the same results are only possibly one organization.
    assert [g["results"] for g in same_name_groups(entities)] == [[1, 3, 4]]


def test_one_list_alone_is_no_group(store: Store) -> None:
    # Stichting Bellingcat and Bellingcat Ltd share a brand but are two entries of one list.
    entities = [store.entity("ru-undesirable-057"), store.entity("ru-undesirable-058")]
    assert same_name_groups([e for e in entities if e is not None]) == []


@pytest.mark.parametrize(("explanation", "words"), [
    ("translation name (src.yml): kasparov=kasparov ginitialgarry; name score 0.910",
     "a translation of its name (source src.yml): “kasparov” same word, “g” the initial of “garry”; "
     "name similarity 0.910"),
    ("brand name (b): radio=радио liberty~свобода; name score 0.925",
     "a brand it is known by (source b): “radio” same word as “радио” (another form or script), "
     "“liberty” means “свобода” (same word in another language); name similarity 0.925"),
    ("official name (o): amnesti≈amnesty; seat GB≠US; spelt together; name score 0.800",
     "its official name (source o): “amnesti” spelt like “amnesty” (a typo or variant); "
     "the query names the seat GB, the entry US; words written together or apart; name similarity 0.800"),
    ("something else entirely", "something else entirely"),
])
def test_explanations_in_words(explanation: str, words: str) -> None:
    assert match_in_words(explanation) == words


def test_status_with_both_dates_once() -> None:
    assert status_in_words("listed", "2022-05-20", None) == "listed since 2022-05-20"
    assert status_in_words("excluded", "2015-04-07", "2023-09-29") == "excluded 2023-09-29 (listed 2015-04-07)"
    assert status_in_words("listed", None, None) == "listed (the source gives no date)"
    assert status_in_words("listed", "2015-04-07", "2023-09-29") == "listed since 2015-04-07; excluded later, 2023-09-29"
