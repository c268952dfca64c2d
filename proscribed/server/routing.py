"""A route for programs that steps aside for browsers.

yente serves ``/entities/{id}`` as JSON; our web interface serves the same path as
a page. A :class:`ProgramRoute` does not match a request that accepts
``text/html`` (a browser), so the router falls through to the page route
registered after it; every other client (``*/*``, ``application/json``) gets JSON.
"""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import Match

__all__ = ["ProgramRoute", "accepts_html"]


def accepts_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return b"text/html" in dict(headers).get(b"accept", b"")


class ProgramRoute(APIRoute):
    def matches(self, scope: dict[str, Any]) -> tuple[Match, dict[str, Any]]:  # type: ignore[override]
        if scope.get("type") == "http" and accepts_html(list(scope.get("headers") or [])):
            return Match.NONE, {}
        return super().matches(scope)
