"""Court decisions behind terrorist-list entries, as the official list gives them (resources/court_decisions.yml).

The bundled snapshot of the FSB list kept only the names; the list's own court column (court,
decision date and number, the day the decision took effect) comes from a public mirror of the
same page, with its provenance in the resource file. Being the list's own record, such a date
has basis ``registry``.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError
from .dates import ru_date

COURT_DECISIONS = "resources/court_decisions.yml"

# "Верховный Суд Российской Федерации, от 14.02.2003 № ГКПИ 03-116, вступило в силу 04.03.2003";
# the number may be missing ("б/н", "(б/н)") and the commas vary from row to row.
_DECISION = re.compile(
    r"^(?P<court>.+?),?\s+от\s+(?P<day>\d{2}\.\d{2}\.\d{4}),?\s*(?:№\s*(?P<number>[^,]+?)|\(?б/н\)?)?,?\s+"
    r"вступил\w*\s+в\s+силу\s+(?P<in_force>\d{2}\.\d{2}\.\d{4})\s*(?P<rest>.*)$")


def _iso(value: str) -> str:
    try:
        day = ru_date(value)
    except ValueError:  # a day the calendar does not have ("31.02.2003")
        day = None
    if day is None:
        raise DataError(f"{COURT_DECISIONS}: not a date: {value!r}")
    return day.isoformat()


def parse_decision(text: str) -> dict[str, str | None]:
    """The court, decision date, number and the day it took effect from one cell of the list's court column.

    Anything after the first decision (a later ruling, "Запрет деятельности приостановлен…") is
    kept as ``later``: the list's own words, shown beside the date.
    """
    m = _DECISION.match(text)
    if m is None:
        raise DataError(f"{COURT_DECISIONS}: cannot read the court decision {text!r}")
    return {"court": m.group("court").strip(), "decision_date": _iso(m.group("day")),
            "decision_number": m.group("number").strip() if m.group("number") else None,
            "in_force_on": _iso(m.group("in_force")), "later": m.group("rest").strip() or None}


@cache
def court_decisions() -> tuple[str, dict[str, Any]]:
    """The resource's SHA-256 and its document, each entry with its decision read (validated on load)."""
    data = resources.files("proscribed").joinpath(COURT_DECISIONS).read_bytes()
    doc = yaml.safe_load(data)
    entries = [{**e, **parse_decision(e["decision"])} for e in doc["entries"]]
    prefixes = [e["name"] for e in entries]
    if len(set(prefixes)) != len(prefixes):
        raise DataError(f"{COURT_DECISIONS}: two entries share a name")
    return hashlib.sha256(data).hexdigest(), {**doc, "entries": entries}


def court_for(registry: str, name: str) -> dict[str, Any] | None:
    """The list's court decision for the entry named ``name`` (whitespace collapsed), if the resource has it.

    Entries are found by the beginning of their name; two entries matching one name is an error.
    """
    doc = court_decisions()[1]
    if doc["registry"] != registry:
        return None
    found = [e for e in doc["entries"] if name.startswith(e["name"])]
    if len(found) > 1:
        raise DataError(f"{COURT_DECISIONS}: {len(found)} entries match {name[:60]!r}")
    return found[0] if found else None


def court_provenance(entry: dict[str, Any]) -> dict[str, Any]:
    """The court decision as a sourced fact: the list's own cell in ``raw``, the day it took effect in the note."""
    doc = court_decisions()[1]
    note = f"court decision of {entry['decision_date']}, in force from {entry['in_force_on']}"
    if entry["later"]:
        note += f"; the list adds: {entry['later']}"
    raw = {k: entry[k] for k in ("n", "name", "decision", "court", "decision_date", "decision_number", "in_force_on")}
    return {"source": doc["source"], "retrieved_at": doc["retrieved_at"], "raw": raw, "note": note}
