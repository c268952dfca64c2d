"""Webhook delivery from the store's outbox: signed over time and body, retried, at least once.

Payloads are queued in the same transaction that records the changes, so a
receiver that is down loses nothing: each payload stays pending, with an
exponential backoff (capped at six hours), until a 2xx answer.

Signatures follow Standard Webhooks (https://www.standardwebhooks.com/, spec 1.0.0):
headers ``webhook-id`` (the same on every retry: the receiver's idempotency key),
``webhook-timestamp`` (Unix seconds of this attempt) and ``webhook-signature``
(``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``). A receiver that checks the
timestamp against its clock (:func:`verify`, with a tolerance window) refuses a
captured delivery replayed later; the id lets it refuse one replayed within the window.

Deliveries go through the guarded client of ``proscribed.http``: a webhook URL (which a
holder of the API token can add) must not make the server post to its own network,
unless the operator allows private addresses (``PROSCRIBED_WEBHOOK_ALLOW_PRIVATE``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import httpx

from ..exc import InvalidInput
from ..http import make_client, require_public_host
from ..store.base import Store

__all__ = ["sign", "verify", "signed_headers", "deliver_pending", "DeliveryReport", "TOLERANCE"]

_MAX_DELAY = timedelta(hours=6)
# Seconds a receiver accepts between a delivery's timestamp and its own clock (either way).
TOLERANCE = 300


def _key(secret: str) -> bytes:
    """The HMAC key: a Standard Webhooks ``whsec_<base64>`` secret is its decoded bytes, any other its UTF-8."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret.removeprefix("whsec_"), validate=True)
        except binascii.Error:
            raise InvalidInput("a whsec_ webhook secret must be base64 after its prefix") from None
    return secret.encode("utf-8")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64>``: HMAC-SHA256 of ``{msg_id}.{timestamp}.{body}`` with the webhook's secret."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode("ascii")


def signed_headers(secret: str, msg_id: str, body: bytes, now: int | None = None) -> dict[str, str]:
    """The headers of one delivery attempt: content type, id, timestamp (now) and signature."""
    stamp = int(time.time()) if now is None else now
    return {"Content-Type": "application/json", "webhook-id": msg_id, "webhook-timestamp": str(stamp),
            "webhook-signature": sign(secret, msg_id, stamp, body)}


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, tolerance: int = TOLERANCE,
           now: int | None = None) -> str:
    """The receiver's check of a delivery; its ``webhook-id`` when authentic and fresh.

    Args:
        headers: the request's headers (names in any case).
        body: the raw request body, exactly as received (not parsed and re-serialised).
        tolerance: seconds the timestamp may differ from ``now`` (default: this machine's clock).

    Raises:
        InvalidInput: a header is missing, the timestamp is outside the window, or no
            signature matches.
    """
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, given = (lower.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not msg_id or not stamp or not given:
        raise InvalidInput("missing webhook-id, webhook-timestamp or webhook-signature header")
    if not stamp.isdigit():
        raise InvalidInput(f"webhook-timestamp is not Unix seconds: {stamp!r}")
    clock = int(time.time()) if now is None else now
    if abs(clock - int(stamp)) > tolerance:
        raise InvalidInput(f"webhook-timestamp {stamp} is more than {tolerance} s from now ({clock}): "
                           "a replay, or a clock far off")
    expected = sign(secret, msg_id, int(stamp), body)
    # Space-separated: during a secret rotation the sender may sign with both secrets.
    if not any(hmac.compare_digest(expected.encode(), candidate.encode()) for candidate in given.split()):
        raise InvalidInput("no webhook-signature matches the body and the secret")
    return msg_id


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def deliver_pending(store: Store, *, client: httpx.Client | None = None, now: datetime | None = None,
                    base_delay: timedelta = timedelta(seconds=30), timeout: float = 10.0,
                    allow_private: bool = False) -> DeliveryReport:
    """POST every due payload once; reschedule failures with exponential backoff.

    Args:
        client: the HTTP client (not closed); by default the guarded one of ``proscribed.http``.
        timeout: seconds to connect and to wait for each read of an attempt.
        allow_private: deliver to private, loopback and link-local addresses too.
    """
    moment = now or datetime.now(timezone.utc)
    own = client is None
    http = client or make_client(timeout, public_only=not allow_private)
    report = DeliveryReport()
    try:
        for item in store.due_deliveries(_iso(moment)):
            body = item.payload.encode("utf-8")
            error: str | None
            try:
                if not allow_private:
                    require_public_host(item.url)
                headers = signed_headers(item.secret, f"proscribed_{item.id}", body)
                # The answer's body is never read: a receiver cannot make us download anything.
                with http.stream("POST", item.url, content=body, headers=headers) as answer:
                    error = None if answer.is_success else f"HTTP {answer.status_code}"
            except httpx.HTTPError as err:
                error = f"{type(err).__name__}: {err}"
            except InvalidInput as err:
                error = str(err)
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
