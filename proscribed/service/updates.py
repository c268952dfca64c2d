"""The update use case, one loop for every door (``update``, ``watch``, ``POST /api/updates``).

Fetch and apply each registry, then reconcile the news events the new data
confirms, then deliver the webhooks the applied changes queued. A registry that
fails is reported and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ..alerts.webhooks import deliver_pending
from ..config import Config
from ..exc import InvalidInput, ProscribedError
from ..news.reconcile import reconcile
from ..registries import UNDESIRABLE, check_registry_id
from ..sources.minjust import official_registries
from ..store.base import Store
from ..updates.apply import ApplyResult
from ..updates.run import accept_version, update_registry

__all__ = ["UpdateReport", "update_registries", "chosen_registries", "after_apply"]

# (registry, rows fetched so far, rows in all): drives a progress bar per registry.
Progress = Callable[[str, int, int], None]


@dataclass
class UpdateReport:
    """One summary per registry (``outcome`` ``failed`` with ``error`` and ``status`` for a failure)."""

    results: list[dict[str, Any]] = field(default_factory=list)
    exit_code: int = 0  # the exit code of the worst failure, 0 when none
    reconciled: int = 0
    delivered: int = 0
    to_retry: int = 0


def chosen_registries(registries: Sequence[str]) -> list[str]:
    """The registries asked for (checked), or every registry the official API publishes."""
    return [check_registry_id(r) for r in registries] or list(official_registries())


def after_apply(store: Store, config: Config, result: ApplyResult) -> int:
    """What follows an applied version: provisional news designations it confirms are reconciled (how many)."""
    if result.registry == UNDESIRABLE and result.outcome in ("applied", "forced") and result.changes:
        return len(reconcile(store, threshold=config.match_threshold))
    return 0


FORCE_GONE = ("force no longer applies whatever the source serves now: inspect the quarantined version "
              "(`proscribed versions`, `versions --payload V`) and apply exactly that one with "
              "`proscribed update --accept V`")


def update_registries(store: Store, config: Config, registries: Sequence[str] = (), *, force: bool = False,
                      accept: int | None = None, file: Path | None = None, client: httpx.Client | None = None,
                      progress: Progress | None = None,
                      on_result: Callable[[dict[str, Any]], None] | None = None) -> UpdateReport:
    """Update ``registries`` (default: all on the API), reconcile news, deliver webhooks.

    ``accept`` applies that quarantined version, as stored, instead of fetching.

    Raises:
        InvalidInput: ``force`` (refused: it would apply an uninspected fetch; see ``accept``).
    """
    if force:
        raise InvalidInput(FORCE_GONE)
    report = UpdateReport()
    # One updater at a time per store (several `watch` processes, or a POST /api/updates during one):
    # the second waits, then finds each version already applied.
    with store.updater_lock():
        if accept is not None:
            _accept(store, config, accept, report, on_result)
        else:
            _update_each(store, config, chosen_registries(registries), report, file=file, client=client,
                         progress=progress, on_result=on_result)
    delivery = deliver_pending(store, timeout=config.webhook_timeout, allow_private=config.webhook_allow_private)
    report.delivered, report.to_retry = delivery.delivered, delivery.failed
    return report


def _accept(store: Store, config: Config, version_id: int, report: UpdateReport,
            on_result: Callable[[dict[str, Any]], None] | None) -> None:
    # Errors here (no such version, not quarantined, superseded) are the caller's mistake: raised, not reported.
    result = accept_version(store, version_id, max_drop=config.max_drop, threshold=config.match_threshold)
    summary = result.summary()
    report.reconciled += after_apply(store, config, result)
    report.results.append(summary)
    if on_result is not None:
        on_result(summary)


def _update_each(store: Store, config: Config, chosen: list[str], report: UpdateReport, *,
                 file: Path | None, client: httpx.Client | None, progress: Progress | None,
                 on_result: Callable[[dict[str, Any]], None] | None) -> None:
    for registry in chosen:
        step = (lambda done, total, r=registry: progress(r, done, total)) if progress else None
        try:
            result = update_registry(store, registry, file=file, client=client, progress=step,
                                     max_drop=config.max_drop, threshold=config.match_threshold)
        except ProscribedError as err:
            report.exit_code = max(report.exit_code, err.exit_code)
            summary = {"registry": registry, "outcome": "failed", "error": str(err), "status": err.status}
        else:
            summary = result.summary()
            report.reconciled += after_apply(store, config, result)
        report.results.append(summary)
        if on_result is not None:
            on_result(summary)
