"""Apply a fetched version of a registry to the store: check, diff, commit.

Safety: every apply is one store transaction, so a crash at any moment leaves
the previous state. A version that would make many listed entries vanish
without an exclusion, that lacks required columns, or that parses to zero rows
is quarantined (kept, not applied) unless forced.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from ..exc import Quarantined
from ..matching import ScreeningIndex, screen
from ..model import Change, Version, VersionStatus
from ..model.clock import now_iso
from ..sources.loader import materialize
from ..store.base import Commit, Store, WatchHit
from .diff import diff_records

__all__ = ["ApplyResult", "apply_records", "DEFAULT_MAX_DROP", "DEFAULT_THRESHOLD"]

Outcome = Literal["applied", "forced", "bundled", "unchanged"]
# The documented defaults of PROSCRIBED_MAX_DROP and PROSCRIBED_MATCH_THRESHOLD; callers pass the configured values.
DEFAULT_MAX_DROP = 0.2
DEFAULT_THRESHOLD = 0.5


@dataclass
class ApplyResult:
    registry: str
    outcome: Outcome
    version_id: int | None
    changes: list[Change] = field(default_factory=list)
    row_count: int = 0

    def summary(self) -> dict[str, Any]:
        kinds: dict[str, int] = {}
        for c in self.changes:
            kinds[c.kind] = kinds.get(c.kind, 0) + 1
        return {"registry": self.registry, "outcome": self.outcome, "version": self.version_id,
                "rows": self.row_count, "changes": kinds}


def _problems(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], missing: list[str],
              max_drop: float) -> list[str]:
    problems = []
    if not new:
        problems.append("the source parsed to zero rows")
    if missing:
        problems.append(f"required columns missing: {', '.join(missing)}")
    listed = [eid for eid, r in old.items() if r["designations"][0].get("status") == "listed"]
    dropped = [eid for eid in listed if eid not in new]
    if listed and new and len(dropped) / len(listed) > max_drop:
        problems.append(f"{len(dropped)} of {len(listed)} listed entries would vanish without an exclusion "
                        f"(more than {max_drop:.0%})")
    return problems


def _watch_hits(store: Store, changes: list[Change], records: dict[str, dict[str, Any]],
                threshold: float) -> list[WatchHit]:
    """Watched names that match an entry this version adds or changes."""
    watches = store.watches()
    if not watches or not changes:
        return []
    first_change: dict[str, int] = {}
    for i, c in enumerate(changes):
        if c.kind != "vanished":
            first_change.setdefault(c.entity_id, i)
    if not first_change:
        return []
    index = ScreeningIndex(materialize(records[eid] for eid in first_change))
    hits = []
    for w in watches:
        for m in screen(index, w["name"], threshold=threshold, limit=20):
            hits.append(WatchHit(w["id"], first_change[m.entity.id], m.entity.id, m.score))
    return hits


def apply_records(store: Store, *, registry: str, source: str, retrieved_at: str, payload: bytes,
                  records: dict[str, dict[str, Any]], status: VersionStatus = "applied", force: bool = False,
                  missing: list[str] | None = None, max_drop: float = DEFAULT_MAX_DROP,
                  threshold: float = DEFAULT_THRESHOLD, row_problems: list[str] | None = None) -> ApplyResult:
    """Apply the records of one fetched version of ``registry``.

    ``max_drop`` is the share of listed entries a version may drop without an
    exclusion before it is quarantined; ``threshold`` the screening score at which
    a watched name alerts on an added or changed entry; ``row_problems`` are the
    source rows that failed validation (each one quarantines the version).

    Raises:
        Quarantined: the version failed the safety checks and ``force`` is off;
            it is stored with status ``quarantined`` and the state is unchanged.
    """
    sha = hashlib.sha256(payload).hexdigest()
    checked_at = now_iso()
    # Only the latest applied version counts as "unchanged": a list that goes back to an
    # earlier, byte-identical state is a change (the store holds the newer state).
    history = store.versions(registry)
    latest = next((v for v in history if v.status != "quarantined"), None)
    if latest is not None and latest.sha256 == sha:
        store.confirm(registry, checked_at, True)
        return ApplyResult(registry, "unchanged", None, row_count=len(records))
    old = store.current_records(registry)
    problems = [*_problems(old, records, missing or [], max_drop), *(row_problems or [])]
    if problems and not force:
        # The same bad payload fetched again is the same quarantined version, not a new one.
        since = history[:history.index(latest)] if latest is not None else history
        held = next((v.id for v in since if v.status == "quarantined" and v.sha256 == sha), None)
        if held is None:
            version = Version(registry, source, retrieved_at, sha, len(records), "quarantined", checked_at,
                              message="; ".join(problems))
            held = store.quarantine(version, payload)
        store.confirm(registry, checked_at, False, error=f"version {held} quarantined")
        raise Quarantined(f"{registry}: version {held} quarantined, not applied: {'; '.join(problems)} "
                          f"(inspect it with `proscribed versions --problems {held}` and `--payload {held}`, "
                          f"then apply exactly that version with `proscribed update --accept {held}`)")
    outcome: Outcome = "forced" if problems else ("bundled" if status == "bundled" else "applied")
    changes = diff_records(registry, old, records, retrieved_at)
    state = dict(records)
    for c in changes:
        if c.kind == "vanished":
            kept = copy.deepcopy(old[c.entity_id])
            kept["designations"][0]["status"] = "vanished"
            state[c.entity_id] = kept
    upserts = {eid: state[eid] for eid in dict.fromkeys(c.entity_id for c in changes)}
    version = Version(registry, source, retrieved_at, sha, len(records), "forced" if problems else status,
                      checked_at, message="; ".join(problems) or None)
    commit = Commit(version, payload, upserts, changes, materialize(upserts.values()),
                    _watch_hits(store, changes, upserts, threshold))
    vid = store.commit(commit)
    return ApplyResult(registry, outcome, vid, changes, len(records))
