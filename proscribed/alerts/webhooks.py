"""Webhook delivery from the store's outbox: signed, retried, at least once.

Payloads are queued in the same transaction that records the changes, so a
receiver that is down loses nothing: each payload stays pending, with an
exponential backoff (capped at six hours), until a 2xx answer.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import httpx

from ..store.base import Store

__all__ = ["signature", "deliver_pending", "DeliveryReport", "SIGNATURE_HEADER"]

SIGNATURE_HEADER = "X-Proscribed-Signature"
_MAX_DELAY = timedelta(hours=6)


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 of the exact request body with the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def deliver_pending(store: Store, *, client: httpx.Client | None = None, now: datetime | None = None,
                    base_delay: timedelta = timedelta(seconds=30), timeout: float = 10.0) -> DeliveryReport:
    """POST every due payload once (``timeout`` seconds each); reschedule failures with exponential backoff."""
    moment = now or datetime.now(timezone.utc)
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    report = DeliveryReport()
    try:
        for item in store.due_deliveries(_iso(moment)):
            body = item.payload.encode("utf-8")
            headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(item.secret, body),
                       "X-Proscribed-Delivery": str(item.id)}
            error: str | None
            try:
                answer = http.post(item.url, content=body, headers=headers)
                error = None if answer.is_success else f"HTTP {answer.status_code}"
            except httpx.HTTPError as err:
                error = f"{type(err).__name__}: {err}"
            if error is None:
                store.delivery_done(item.id, _iso(datetime.now(timezone.utc)))
                report.delivered += 1
            else:
                attempts = item.attempts + 1
                delay = min(base_delay * (2 ** (attempts - 1)), _MAX_DELAY)
                store.delivery_failed(item.id, attempts, _iso(moment + delay), error)
                report.failed += 1
    finally:
        if own:
            http.close()
    return report
