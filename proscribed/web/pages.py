"""The pages: home, search, registry, entity, diff. Each calls one data function and renders it."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..news.reconcile import review_event
from ..server.deps import context, require_token
from ..service import queries, views
from ..service.events import events_page
from ..service.inputs import parse_date
from ..service.scan import MAX_TEXT
from .render import page

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _date(value: str | None) -> date | None:
    return parse_date(value) if value else None


def require_form_token(request: Request, token: str) -> None:
    """The API's token check, for a token typed into a form."""
    scope = dict(request.scope)
    scope["headers"] = [*request.scope["headers"], (b"x-api-token", token.encode("utf-8"))] if token else \
        request.scope["headers"]
    require_token(Request(scope))


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    ctx = context(request)
    return page(request, "home.html", views.home_page(ctx.store(), ctx.snapshot()))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str | None = Query(None, max_length=queries.MAX_NAME_LENGTH),
           registry: str | None = None, status: str | None = None, country: str | None = Query(None, max_length=200),
           schema: str | None = None, listed_from: str | None = None, listed_to: str | None = None,
           as_of: str | None = None, limit: int = Query(50, ge=1, le=views.MAX_LIMIT),
           offset: int = Query(0, ge=0, le=1_000_000)) -> HTMLResponse:
    ctx = context(request)
    store = ctx.store()
    found = views.search_entities(store, ctx.snapshot(), q, registry=registry or None, status=status or None,
                                 country=country or None, schema=schema or None, listed_from=_date(listed_from),
                                 listed_to=_date(listed_to), as_of=_date(as_of), limit=limit, offset=offset)
    found["registries"] = views.registries_list(store)
    return page(request, "search.html", found)


@router.get("/registries/{registry}", response_class=HTMLResponse)
def registry(request: Request, registry: str, as_of: str | None = None) -> HTMLResponse:
    return page(request, "registry.html", views.registry_page(context(request).store(), registry, _date(as_of)))


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    return page(request, "entity.html", views.entity_page(context(request).store(), entity_id))


@router.get("/diff", response_class=HTMLResponse)
def diff(request: Request, start: str | None = Query(None, alias="from"), end: str | None = Query(None, alias="to"),
         registry: str | None = None) -> HTMLResponse:
    store = context(request).store()
    end_day = _date(end) or date.today()
    start_day = _date(start) or end_day - timedelta(days=90)
    rows = queries.diff(store, start_day, end_day, registry or None)
    return page(request, "diff.html", {"from": start_day.isoformat(), "to": end_day.isoformat(),
                                       "registry": registry, "changes": rows,
                                       "registries": views.registries_list(store)})


@router.get("/scan", response_class=HTMLResponse)
def scan_form(request: Request) -> HTMLResponse:
    return page(request, "scan.html", {"result": None, "text": "", "url": "", "published": ""})


@router.post("/scan", response_class=HTMLResponse)
def scan_submit(request: Request, text: str = Form("", max_length=MAX_TEXT),
                url: str = Form("", max_length=2000), published: str = Form("", max_length=10)) -> HTMLResponse:
    result = context(request).scan(text=text, url=url or None, published=_date(published))
    return page(request, "scan.html", {"result": result, "text": text, "url": url, "published": published})


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request, all: bool = False) -> HTMLResponse:
    return page(request, "review.html", events_page(context(request).store(), pending=not all))


@router.post("/review/{event_id}", response_class=HTMLResponse)
def review_decision(request: Request, event_id: int, action: str = Form(..., max_length=10),
                    token: str = Form("", max_length=500), into: str = Form("", max_length=20)) -> RedirectResponse:
    """A decision from the review page: the token comes in the form (writes need it, as in the API)."""
    require_form_token(request, token)
    target = int(into) if into.strip().isdigit() else None
    with context(request).writing() as store:
        review_event(store, event_id, action, target)
    return RedirectResponse("/review", status_code=303)
