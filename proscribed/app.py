"""``create_app()``: one ASGI application serving the JSON API and the web pages.

Both call the same use cases (``service/``); one error handler turns
every :class:`ProscribedError` into its HTTP status, as JSON for the API and as a
page for a browser.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .api import admin, changes, entities, events, match, reconcile, registries, scan, search, yente
from .config import Config
from .exc import ProscribedError
from .server.answers import AnswerCache
from .server.context import AppContext, RequestStores
from .server.limits import Limits
from .server.openapi import openapi_schema
from .server.routing import allowed_methods
from .web import STATIC_DIR, pages
from .web.render import render_error

__all__ = ["create_app", "serving_app"]

log = logging.getLogger("proscribed.app")

_API_PREFIXES = ("/api/", "/match/", "/search/", "/catalog", "/algorithms", "/readyz", "/reconcile", "/healthz",
                 "/openapi.json")


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(_API_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, error: str,
                   extra: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Response:
    """The one renderer of errors: a page for browsers, JSON (``detail``, ``status``, ``error``) otherwise.

    ``headers`` travel with the error (``Allow`` on a 405).
    """
    if _wants_html(request):
        page = render_error(request, status, message)
        page.headers.update(headers or {})
        return page
    return JSONResponse({"detail": message, "status": status, "error": error, **(extra or {})}, status_code=status,
                        headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def proscribed_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, ProscribedError)
        return error_response(request, err.status, str(err), type(err).__name__)

    async def http_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, StarletteHTTPException)
        headers = dict(err.headers or {})
        if err.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request.app.router.routes, dict(request.scope)))
        return error_response(request, err.status_code, str(err.detail), "HTTPError", headers=headers)

    async def validation_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        problems = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg"))} for e in err.errors()]
        first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
        message = f"invalid request: {'.'.join(first['loc'])}: {first['msg']}"
        return error_response(request, 422, message, "InvalidInput", {"problems": problems})

    async def unexpected(request: Request, err: Exception) -> Response:
        log.exception("event=unexpected_error path=%s", request.url.path)
        return error_response(request, 500, "internal error", "InternalError")

    app.add_exception_handler(ProscribedError, proscribed_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)


def create_app(config: Config | None = None, *, serving: bool = False) -> FastAPI:
    """The application; ``config`` defaults to the ``PROSCRIBED_*`` settings.

    Opening the store (and filling it from the bundled data on first use)
    happens here, so a broken store fails at start-up, not on the first request.
    ``serving``: for a server process that lives long: the first snapshot is taken at
    start-up, before the first request, and each new one is completed before it is served
    (every entity's ``/match`` document built) and frozen out of the garbage collector's
    sight (see ``AppContext``); the tests, which build many applications, skip all three.
    """
    settings = config or Config.from_env()
    prepare = [yente.prepare, yente.build_documents] if serving else [yente.prepare]
    context = AppContext(settings, prepare=prepare, freeze_heap=serving)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if serving:
            await anyio.to_thread.run_sync(context.snapshot)
        yield
        context.close()

    app = FastAPI(title="Proscribed", version=__version__, lifespan=lifespan,
                  description="Registries of organizations Russia bans: search, entity records with evidence, "
                              "changes, statistics, exports, and a yente-compatible /match.",
                  docs_url=None, redoc_url=None)  # the bundled docs pages load scripts from a CDN
    app.state.context = context
    _install_error_handlers(app)

    @app.get("/healthz", tags=["meta"], summary="Liveness and data freshness")
    def healthz() -> dict[str, Any]:
        store = context.store()
        return {"status": "ok", "version": __version__, "registries": store.registry_states()}

    for module in (registries, entities, changes, match, search, reconcile, scan, events, admin):
        app.include_router(module.router)
    app.include_router(search.entity_router)  # before the pages: /entities/{id} is JSON for programs
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    # Innermost: a request cut short by Limits' time limit is seen here as cancelled.
    app.add_middleware(RequestStores, context=context)
    app.add_middleware(AnswerCache, context=context)  # inside Limits: bodies bounded, headers added to every answer
    app.add_middleware(Limits, max_body=settings.api_max_body, timeout=settings.api_timeout)
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    return app


def serving_app() -> FastAPI:
    """The application as ``proscribed serve`` runs it in each worker process (uvicorn's factory)."""
    return create_app(serving=True)
