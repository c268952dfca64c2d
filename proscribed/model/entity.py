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
# registry: the registry's own record (or the older official table) gives the decision date;
# stated: a public report gives the decision's own date; announced: a report gives only the
# day the decision was made public (the decision may be a few days earlier).
DecisionBasis = Literal["registry", "stated", "announced"]
# The provenance source of decision dates collected from public reports
# (resources/decision_dates.yml); its raw record is the evidence.
DECISION_EVIDENCE = "decision-dates"
NOT_FOUND = "decision date not found in public sources"
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
        """Entered the list on or before ``day`` (None: no date given).

        Without a listing date, the court decision behind the entry (the extremist and terrorist
        lists) bounds it: no list holds an organization before a court decided on it. With
        neither date, the entry counts as listed on every day.
        """
        if day is None:
            return True
        if self.listed_on is not None:
            return self.listed_on <= day
        return self.decision_date is None or self.decision_date <= day

    def status_on(self, day: date | None) -> Status:
        """The status on ``day``: an exclusion after that day did not count yet (None: the current status)."""
        if day is not None and self.excluded_on is not None and self.excluded_on > day:
            return "listed"
        return self.status

    def active_on(self, day: date) -> bool:
        """On the list on ``day``: listed by then (an unknown listing date counts) and not excluded."""
        return self.listed_by(day) and (self.excluded_on is None or self.excluded_on > day)

    def decision_evidence(self) -> dict[str, Any] | None:
        """The public reports collected for this decision (``resources/decision_dates.yml``), if any."""
        for p in self.provenance:
            if p.source == DECISION_EVIDENCE:
                return p.raw
        return None

    def decision_date_basis(self) -> DecisionBasis | None:
        """Where ``decision_date`` comes from: the registry, or a report that states or announces it.

        The collected date is used only where the registry gives none; once a registry record
        gives a date (a live update fills it), that date and basis ``registry`` win.
        """
        if self.decision_date is None:
            return None
        evidence = self.decision_evidence()
        if evidence is not None and evidence.get("applied") and evidence["decision_date"] == self.decision_date.isoformat():
            basis: DecisionBasis = evidence["decision_date_basis"]
            return basis
        return "registry"

    def decision_facts(self) -> dict[str, Any]:
        """The decision date's basis and its sources, as shown beside the date (JSON-ready)."""
        evidence = self.decision_evidence()
        sources = [{k: e[k] for k in ("url", "publisher", "published", "decision_date", "basis", "quote", "how_obtained")}
                   for e in (evidence or {}).get("evidence", [])]
        return {"decision_date_basis": self.decision_date_basis(),
                "decision_date_note": (evidence or {}).get("note") if self.decision_date is not None else NOT_FOUND,
                "decision_sources": sources}


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
        for plain, d in zip(out["designations"], self.designations):
            plain.update(d.decision_facts())
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
