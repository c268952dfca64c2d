"""Jinja2 rendering: autoescaped templates, so every name from the data is inert text."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import __version__
from . import TEMPLATE_DIR

__all__ = ["templates", "page", "render_error"]

_env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_env.globals["version"] = __version__
_env.globals["status_label"] = {"listed": "listed", "excluded": "excluded", "vanished": "vanished"}
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render template ``name`` with the view's data (the same dict the API returns) as ``data``."""
    response: HTMLResponse = templates.TemplateResponse(request, name, {"data": data}, status_code=status)
    return response


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", {"status": status, "message": message}, status=status)
