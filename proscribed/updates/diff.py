"""Compare two sets of entity records of one registry and list the changes.

Records are the JSON facts the store keeps (see ``sources/bundled.py``). Each
change carries valid time (the registry's own date for it, when it has one)
and transaction time (when we observed it).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..model import Change, ChangeKind

__all__ = ["diff_records", "compared_fields"]

# The facts compared field by field; provenance and names derived from the
# string are not compared on their own (a rename shows as ``caption``).
_DESIGNATION_FIELDS = ("listed_on", "listing_order", "decision_date", "decision_number", "excluded_on",
                       "exclusion_order", "published_on", "legal_basis", "status")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def compared_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The comparable facts of a record as a flat mapping."""
    d = record["designations"][0]
    out: dict[str, Any] = {"caption": record["caption"], "schema": record["schema"]}
    for f in _DESIGNATION_FIELDS:
        out[f] = d.get(f)
    for k, v in sorted(record.get("properties", {}).items()):
        out[f"properties.{k}"] = v
    return out


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def diff_records(registry: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]],
                 observed_at: str) -> list[Change]:
    """Changes that turn ``old`` into ``new`` (entity id → record), in a stable order."""
    seen = _day(observed_at)
    changes: list[Change] = []
    for eid in sorted(new.keys() - old.keys()):
        d = new[eid]["designations"][0]
        changes.append(Change(registry, eid, "added", observed_at, _day(d.get("listed_on")),
                              new=new[eid]["caption"]))
        if d.get("excluded_on") or d.get("status") == "excluded":
            changes.append(Change(registry, eid, "excluded", observed_at, _day(d.get("excluded_on")) or seen,
                                  field="excluded_on", new=d.get("excluded_on")))
    for eid in sorted(old.keys() & new.keys()):
        before, after = compared_fields(old[eid]), compared_fields(new[eid])
        if before == after:
            continue
        was_excluded = before["status"] == "excluded"
        now_excluded = after["status"] == "excluded"
        status_told = True
        if now_excluded and not was_excluded:
            changes.append(Change(registry, eid, "excluded", observed_at, _day(after["excluded_on"]) or seen,
                                  field="excluded_on", old=_text(before["excluded_on"]),
                                  new=_text(after["excluded_on"])))
        elif before["status"] in ("excluded", "vanished") and after["status"] == "listed":
            changes.append(Change(registry, eid, "reinstated", observed_at, seen, field="status",
                                  old=before["status"], new="listed"))
        else:
            status_told = False
        for field in sorted(before.keys() | after.keys()):
            if before.get(field) == after.get(field):
                continue
            if status_told and field in ("status", "excluded_on", "exclusion_order"):
                continue  # already told by the exclusion or reinstatement above
            kind: ChangeKind = "renamed" if field == "caption" else "modified"
            changes.append(Change(registry, eid, kind, observed_at, seen, field=field,
                                  old=_text(before.get(field)), new=_text(after.get(field))))
    for eid in sorted(old.keys() - new.keys()):
        if old[eid]["designations"][0].get("status") in ("excluded", "vanished"):
            continue
        changes.append(Change(registry, eid, "vanished", observed_at, seen, old=old[eid]["caption"]))
    return changes
