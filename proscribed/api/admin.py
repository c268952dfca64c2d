"""Write operations (and the private reads beside them): updates, webhooks, the watchlist.

Every route here needs the API token (``PROSCRIBED_API_TOKEN``); with no token
configured, they are refused. Writes go through the one writer lock.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from ..exc import InvalidInput, NotFound
from ..model.clock import now_iso
from ..server.deps import context, require_token, store_dep
from ..service.updates import update_registries
from ..store import Store
from .params import opt_timestamp, timestamp_query
from ..server.openapi import ErrorResponse
from .schemas import UpdateIn, WatchIn, WebhookIn

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["admin (token)"], dependencies=[Depends(require_token)])


@router.post("/updates", summary="Fetch registries from the Ministry of Justice and apply what changed",
             responses={404: {"model": ErrorResponse, "description": "No version with the id given as accept"}})
def run_update(request: Request, body: UpdateIn) -> list[dict[str, Any]]:
    ctx = context(request)
    with ctx.writing() as store:
        return update_registries(store, ctx.config, body.registries or (), force=body.force,
                                 accept=body.accept).results


def _public(hook: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in hook.items() if k != "secret"}


@router.get("/webhooks", summary="Configured webhooks (without secrets) and the delivery queue")
def list_webhooks(store: Store = Depends(store_dep)) -> dict[str, Any]:
    return {"webhooks": [_public(h) for h in store.webhooks()], "deliveries": store.outbox_counts()}


@router.post("/webhooks", status_code=201, summary="Deliver future changes to a URL (signed)")
def add_webhook(request: Request, body: WebhookIn) -> dict[str, Any]:
    if not body.url.startswith(("http://", "https://")):
        raise InvalidInput(f"not an http(s) URL: {body.url!r}")
    secret = body.secret or secrets.token_hex(16)
    with context(request).writing() as store:
        hook_id = store.add_webhook(body.url, secret)
    return {"id": hook_id, "url": body.url, "secret": secret}


@router.delete("/webhooks", summary="Stop delivering to a URL")
def remove_webhook(request: Request, url: str = Query(..., max_length=2000)) -> dict[str, Any]:
    with context(request).writing() as store:
        if not store.remove_webhook(url):
            raise NotFound(f"no webhook {url!r}")
    return {"removed": url}


@router.get("/watches", summary="Watched names")
def list_watches(store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return store.watches()


@router.post("/watches", status_code=201, summary="Watch a name (alerts when an update matches it)")
def add_watch(request: Request, body: WatchIn) -> dict[str, Any]:
    name = body.name.strip()
    if not name:
        raise InvalidInput("empty name")
    with context(request).writing() as store:
        watch_id = store.add_watch(name, now_iso())
    return {"id": watch_id, "name": name}


@router.delete("/watches", summary="Stop watching a name")
def remove_watch(request: Request, name: str = Query(..., max_length=1000)) -> dict[str, Any]:
    with context(request).writing() as store:
        if not store.remove_watch(name):
            raise NotFound(f"not watched: {name!r}")
    return {"removed": name}


@router.get("/watches/hits", summary="Watched names that matched an added or changed entry")
def watch_hits(since: str | None = timestamp_query("Only hits since then (YYYY-MM-DD or ISO date-time)."),
               store: Store = Depends(store_dep)) -> list[dict[str, Any]]:
    return store.watch_hits(opt_timestamp(since))
