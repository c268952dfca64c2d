"""JSON answers encoded once, by orjson, for the routes that build their answer as plain data.

FastAPI encodes a route's return value through its response model: it validates the
whole answer against the model, then pydantic writes it. For ``/match`` and search that
was a fifth of a request's work, spent re-checking data the route had just built in that
very shape. Those routes build exactly the dicts their models describe (a test compares
the bytes with the models' own encoding) and return a finished response; the models stay
declared on the routes for the OpenAPI schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import Response

__all__ = ["json_response"]


def json_response(content: Any, headers: Mapping[str, str] | None = None) -> Response:
    """``content`` as a JSON answer: UTF-8, no spaces, as pydantic writes it."""
    return Response(orjson.dumps(content), media_type="application/json", headers=headers)
