"""Request dependencies: the application context, this thread's store, the write token."""

from __future__ import annotations

import hmac

from fastapi import Request

from ..store import Store
from .context import AppContext
from .errors import Forbidden, Unauthorized

__all__ = ["context", "store_dep", "require_token", "token_of"]


def context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.context
    return ctx


def store_dep(request: Request) -> Store:
    """This worker thread's store (sync routes run in a thread pool: one connection per thread)."""
    return context(request).store()


def token_of(request: Request) -> str | None:
    """The token a request carries: ``Authorization: Bearer T`` or ``X-API-Token: T``."""
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("x-api-token")


def require_token(request: Request) -> None:
    """Refuse a write unless the server has a token and the request carries it."""
    expected = context(request).config.api_token
    if expected is None:
        raise Forbidden("write operations are disabled: the server has no API token (set PROSCRIBED_API_TOKEN)")
    given = token_of(request)
    if given is None:
        raise Unauthorized("this operation needs the API token (header 'Authorization: Bearer <token>')")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise Unauthorized("invalid API token")
