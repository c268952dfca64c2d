"""Court decisions behind terrorist- and extremist-list entries, as the official lists give them (resources/court_decisions.yml).

The bundled snapshots of both lists kept only the names; the lists' own court text (the court, its
decision's date, for the terrorist list also the number and the day the decision took effect) comes
from public mirrors of the same pages, with their provenance in the resource file. Being the list's
own record, such a date has basis ``registry``.
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

# The terrorist list: "Верховный Суд Российской Федерации, от 14.02.2003 № ГКПИ 03-116, вступило в
# силу 04.03.2003"; the number may be missing ("б/н", "(б/н)") and the commas vary from row to row.
_IN_FORCE = re.compile(
    r"^(?P<court>.+?),?\s+от\s+(?P<day>\d{2}\.\d{2}\.\d{4}),?\s*(?:№\s*(?P<number>[^,]+?)|\(?б/н\)?)?,?\s+"
    r"вступил\w*\s+в\s+силу\s+(?P<in_force>\d{2}\.\d{2}\.\d{4})\s*(?P<rest>.*)$")
# The extremist list: "решение Московского городского суда от 19.04.2007 [и апелляционное определение … от …]".
_ACT = re.compile(r"^(?P<court>.+?)\s+от\s+(?P<day>\d{2}\.\d{2}\.\d{4})(?P<rest>.*)$")


def _iso(value: str) -> str:
    try:
        day = ru_date(value)
    except ValueError:  # a day the calendar does not have ("31.02.2003")
        day = None
    if day is None:
        raise DataError(f"{COURT_DECISIONS}: not a date: {value!r}")
    return day.isoformat()


def parse_decision(text: str) -> dict[str, str | None]:
    """The court, decision date, number and the day it took effect from one list's court text.

    The number and the day of taking effect are None where the list gives none (the extremist
    list never does). Anything after the first decision (an appeal, a later ruling, "Запрет
    деятельности приостановлен…") is kept as ``later``: the list's own words, shown beside the date.
    """
    m = _IN_FORCE.match(text)
    if m is not None:
        return {"court": m.group("court").strip(), "decision_date": _iso(m.group("day")),
                "decision_number": m.group("number").strip() if m.group("number") else None,
                "in_force_on": _iso(m.group("in_force")), "later": m.group("rest").strip() or None}
    m = _ACT.match(text)
    if m is None:
        raise DataError(f"{COURT_DECISIONS}: cannot read the court decision {text!r}")
    return {"court": m.group("court").strip(), "decision_date": _iso(m.group("day")), "decision_number": None,
            "in_force_on": None, "later": m.group("rest").strip(" ,") or None}


@cache
def court_decisions() -> tuple[str, list[dict[str, Any]]]:
    """The resource's SHA-256 and its lists, each entry with its decision read (validated on load)."""
    data = resources.files("proscribed").joinpath(COURT_DECISIONS).read_bytes()
    lists = yaml.safe_load(data)["lists"]
    out = []
    for lst in lists:
        entries = [{**e, **parse_decision(e["decision"])} for e in lst["entries"]]
        names = [e["name"] for e in entries]
        if len(set(names)) != len(names):
            raise DataError(f"{COURT_DECISIONS}: two {lst['registry']} entries share a name")
        out.append({**lst, "entries": entries})
    return hashlib.sha256(data).hexdigest(), out


def court_for(registry: str, name: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The list and the court decision for the ``registry`` entry named ``name`` (whitespace collapsed), if any.

    Entries are found by the beginning of their name; two entries matching one name is an error.
    """
    for lst in court_decisions()[1]:
        if lst["registry"] != registry:
            continue
        found = [e for e in lst["entries"] if name.startswith(e["name"])]
        if len(found) > 1:
            raise DataError(f"{COURT_DECISIONS}: {len(found)} {registry} entries match {name[:60]!r}")
        if found:
            return lst, found[0]
    return None


def court_provenance(lst: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """The court decision as a sourced fact: the list's own text in ``raw``, what it adds in the note."""
    note = f"court decision of {entry['decision_date']}"
    if entry["in_force_on"]:
        note += f", in force from {entry['in_force_on']}"
    if entry["later"]:
        note += f"; the list adds: {entry['later']}"
    raw = {k: entry[k] for k in ("n", "name", "decision", "court", "decision_date", "decision_number", "in_force_on")}
    return {"source": lst["source"], "retrieved_at": lst["retrieved_at"], "raw": raw, "note": note}
