"""A route for programs that steps aside for browsers.

yente serves ``/entities/{id}`` as JSON; our web interface serves the same path as
a page. A :class:`ProgramRoute` does not match a request that accepts
``text/html`` (a browser), so the router falls through to the page route
registered after it; every other client (``*/*``, ``application/json``) gets JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match

__all__ = ["ProgramRoute", "accepts_html", "allowed_methods"]

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def accepts_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return b"text/html" in dict(headers).get(b"accept", b"")


class ProgramRoute(APIRoute):
    def matches(self, scope: MutableMapping[str, Any]) -> tuple[Match, MutableMapping[str, Any]]:
        if scope.get("type") == "http" and accepts_html(list(scope.get("headers") or [])):
            return Match.NONE, {}
        return super().matches(scope)


def allowed_methods(routes: Iterable[BaseRoute], scope: dict[str, Any]) -> list[str]:
    """Every method some route serves at the request's path (for ``Allow`` on a 405).

    Several routes may share a path (GET and POST /api/watches); Starlette's own 405
    names only the methods of the first route that matched the path.
    """
    found = set()
    routes = list(routes)
    for method in _METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in routes):
            found.add(method)
    if "GET" in found:
        found.add("HEAD")  # the Limits middleware serves HEAD wherever GET is
    return sorted(found)
