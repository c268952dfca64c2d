"""Evidence beside the name: a person's birth date, gender, nationality or an organization's country.

A name alone cannot tell two people called Сергей Медведев apart; a birth date
can. Each fact the query gives is compared with the entity's: agreement leaves
the name score as it is, a contradiction multiplies it by a factor that takes
an exact name match below the default threshold (0.80).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Entity
from ..text.countries import country_code

__all__ = ["PersonFacts", "evidence", "facts_from_properties"]

_OTHER_BIRTH_DATE = 0.5  # 1.00 for the name becomes 0.50: below any sensible threshold
_OTHER_GENDER = 0.7
_OTHER_COUNTRY = 0.75
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class PersonFacts:
    """What a query says besides a name. Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, lower case

    def __post_init__(self) -> None:
        for d in self.birth_dates:
            if not _DATE.match(d):
                raise ValueError(f"birth date {d!r}: use YYYY, YYYY-MM or YYYY-MM-DD")


def facts_from_properties(properties: Mapping[str, object]) -> PersonFacts:
    """The facts of a FollowTheMoney query entity: ``birthDate``, ``nationality``, ``country``.

    Countries may be ISO codes (``ru``) or names (``Russia``, ``Россия``); values
    that are not strings, dates or known countries are ignored.
    """
    def values(prop: str) -> list[str]:
        raw = properties.get(prop)
        items = raw if isinstance(raw, list) else [raw]
        return [str(v).strip() for v in items if isinstance(v, str) and v.strip()]

    dates = tuple(d[:10] for d in values("birthDate") if _DATE.match(d[:10]))
    codes: list[str] = []
    for value in values("nationality") + values("country"):
        code = value.lower() if re.fullmatch(r"[A-Za-z]{2}", value) else country_code(value)
        if code:
            codes.append(code.lower())
    return PersonFacts(dates, tuple(dict.fromkeys(codes)))


def evidence(entity: Entity, query_gender: str | None, entity_gender: str | None,
             facts: PersonFacts | None) -> tuple[float, list[str]]:
    """A factor in (0, 1] for the name score of ``entity``, and notes saying why.

    Genders are those the query's and the entity's names say (``gender_said``). Birth
    dates compare at the precision the query gives (a year matches any date of that year).
    """
    factor = 1.0
    notes: list[str] = []
    if entity.schema == "person" and query_gender and entity_gender and query_gender != entity_gender:
        factor *= _OTHER_GENDER
        notes.append(f"gender {query_gender}≠{entity_gender}")
    if facts is None:
        return factor, notes
    born = entity.properties.get("birth_date")
    if facts.birth_dates and isinstance(born, str) and born:
        if any(born.startswith(d) or d.startswith(born) for d in facts.birth_dates):
            notes.append(f"born {born}")
        else:
            factor *= _OTHER_BIRTH_DATE
            notes.append(f"born {born}≠{'/'.join(facts.birth_dates)}")
    seat = entity.properties.get("country_code") or entity.properties.get("nationality")
    if facts.countries and isinstance(seat, str) and seat:
        if seat.lower() in facts.countries:
            notes.append(f"country {seat}")
        else:
            factor *= _OTHER_COUNTRY
            notes.append(f"country {seat}≠{'/'.join(facts.countries)}")
    return factor, notes
