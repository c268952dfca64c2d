import pytest

from proscribed.matching import PersonFacts, facts_from_properties


def test_facts_from_ftm_properties() -> None:
    facts = facts_from_properties({"birthDate": ["1985-02-22T00:00:00"], "nationality": "de", "country": ["Germany"],
                                   "name": ["x"]})
    assert facts.birth_dates == ("1985-02-22",)
    assert facts.countries == ("de",)


def test_bad_birth_date_is_refused() -> None:
    with pytest.raises(ValueError):
        PersonFacts(birth_dates=("22.02.1985",))
