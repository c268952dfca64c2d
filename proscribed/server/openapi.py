"""The OpenAPI document, made to tell the truth about every answer.

FastAPI documents the success answer and a 422 of its own shape; our error
handler answers every error as ``{"detail", "status", "error"}`` (422s add
``problems``). This module declares those bodies, the statuses any route can
answer (400 input the schema cannot express, 404 for a path naming nothing,
413 a body too large, 503 the store unavailable, 504 too slow), and the token
that write operations need (401 without it, 403 when writes are off).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from .deps import require_token

__all__ = ["ErrorResponse", "ValidationProblem", "ValidationErrorResponse", "openapi_schema", "token_operations"]


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["no entity with id 'x'"])
    status: int = Field(..., examples=[404])
    error: str = Field(..., examples=["NotFound"])


class ValidationProblem(BaseModel):
    loc: list[str]
    msg: str


class ValidationErrorResponse(ErrorResponse):
    problems: list[ValidationProblem]


_ERROR = {"$ref": "#/components/schemas/ErrorResponse"}
_COMMON = {
    "400": "Invalid input (a value the schema cannot rule out: a date that does not exist, a name too long)",
    "503": "The store is unavailable",
    "504": "The request took longer than PROSCRIBED_API_TIMEOUT",
}
_SECURITY = {"bearerToken": {"type": "http", "scheme": "bearer",
                             "description": "The PROSCRIBED_API_TOKEN setting of the server"},
             "apiToken": {"type": "apiKey", "in": "header", "name": "X-API-Token",
                          "description": "The same token, in a header of its own"}}


def _needs_token(dependencies: Any) -> bool:
    return any(getattr(d, "dependency", None) is require_token for d in dependencies or ())


def _token_routes(routes: Any, inherited: bool) -> Iterator[tuple[APIRoute, bool]]:
    for route in routes:
        # An included router is kept whole (FastAPI >= 0.160): its own dependencies apply to its routes.
        original = getattr(route, "original_router", None)
        if original is not None:
            yield from _token_routes(original.routes, inherited or _needs_token(original.dependencies))
        elif isinstance(route, APIRoute):
            yield route, inherited or _needs_token(route.dependencies)


def token_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, method) of every operation that needs the write token."""
    return {(route.path, m.lower()) for route, token in _token_routes(app.router.routes, _needs_token(
        app.router.dependencies)) if token for m in route.methods or ()}


def _error(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema or _ERROR}}}


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The application's OpenAPI document (built once)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for model in (ErrorResponse, ValidationProblem):
        schemas[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    # FastAPI's 422 responses point at HTTPValidationError: give that name our real body.
    schemas["HTTPValidationError"] = ValidationErrorResponse.model_json_schema(
        ref_template="#/components/schemas/{model}")
    schemas.pop("ValidationError", None)
    components["securitySchemes"] = _SECURITY
    writes = token_operations(app)
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status[:1] in ("4", "5") and "content" in response:
                    # Errors are JSON whatever the success answer is (a page, a feed, a file).
                    response["content"] = {"application/json": {"schema": _ERROR}}
            for status, description in _COMMON.items():
                responses.setdefault(status, _error(description))
            if "{" in path or method == "delete":
                responses.setdefault("404", _error("Nothing with this identifier"))
            if "requestBody" in operation:
                responses.setdefault("413", _error("Request body larger than PROSCRIBED_API_MAX_BODY"))
            if (path, method) in writes:
                operation["security"] = [{"bearerToken": []}, {"apiToken": []}]
                responses.setdefault("401", _error("No token, or a wrong one"))
                responses.setdefault("403", _error("Writes are off: the server has no token"))
    app.openapi_schema = doc
    return doc
