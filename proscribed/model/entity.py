"""Plain, typed records shared by every layer.

They carry no behaviour beyond (de)serialisation to plain dicts, which is what
the bundled dataset, the store and the JSON outputs speak.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Schema = Literal["organization", "person"]
# vanished: gone from the source without an exclusion being recorded.
Status = Literal["listed", "excluded", "vanished"]
# official: the string as published; variant: another name packed in that string
# (other script or language); acronym; former/later: a rename recorded in the
# string; translation/brand/pseudonym: curated; weak: a non-official alias from
# a third-party mirror; member: a person named inside an association entry.
NameKind = Literal[
    "official", "variant", "acronym", "former", "later", "translation", "brand", "pseudonym", "member", "weak"
]


@dataclass(frozen=True)
class Registry:
    id: str
    title_ru: str
    title_en: str
    legal_basis: str
    deciding_authority: str
    listing_authority: str
    source_url: str


@dataclass(frozen=True)
class Provenance:
    """Where a fact came from: the source (file or URL), when it was retrieved, the raw record."""

    source: str
    retrieved_at: str
    raw: dict[str, Any]
    note: str | None = None


@dataclass(frozen=True)
class Name:
    value: str
    kind: NameKind
    lang: str | None  # ISO 639-1 when known ("ru", "en", ...)
    script: str | None  # ISO 15924 ("Cyrl", "Latn", "Zyyy" for mixed)
    source: str
    weak: bool = False
    # A curated name no public page or official record was found to tie to this entity:
    # screening and scanning weigh it less (docs/data.md, "Evidence").
    unverified: bool = False


@dataclass(frozen=True)
class Designation:
    registry: str
    status: Status
    listed_on: date | None
    listing_order: str | None = None
    decision_date: date | None = None
    decision_number: str | None = None
    decision_authority: str | None = None
    excluded_on: date | None = None
    exclusion_order: str | None = None
    published_on: date | None = None
    legal_basis: str | None = None
    provenance: tuple[Provenance, ...] = ()

    # The valid-time rules, in one place: every query, view and screen asks these.

    def listed_by(self, day: date | None) -> bool:
        """Entered the list on or before ``day`` (None: no date given); an unknown listing date counts as listed."""
        return day is None or self.listed_on is None or self.listed_on <= day

    def status_on(self, day: date | None) -> Status:
        """The status on ``day``: an exclusion after that day did not count yet (None: the current status)."""
        if day is not None and self.excluded_on is not None and self.excluded_on > day:
            return "listed"
        return self.status

    def active_on(self, day: date) -> bool:
        """On the list on ``day``: listed by then (an unknown listing date counts) and not excluded."""
        return self.listed_by(day) and (self.excluded_on is None or self.excluded_on > day)


@dataclass(frozen=True)
class Entity:
    id: str
    schema: Schema
    caption: str  # the official name exactly as published
    names: tuple[Name, ...]
    designations: tuple[Designation, ...]
    country: str | None = None  # as written in the registry string
    properties: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _plain(asdict(self))
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
