"""``POST /api/scan``: mentions of registry entities in a posted text or a web page.

The route parses the request and calls the scan use case through the application
context (``AppContext.scan``), as the web page does. A URL on this machine or a
private network is refused, so the server cannot be made to probe them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from ..server.deps import context
from ..service.inputs import parse_date
from ..service.scan import MAX_TEXT

__all__ = ["router", "ScanIn"]

router = APIRouter(prefix="/api", tags=["scan"])


class ScanIn(BaseModel):
    text: str | None = Field(None, max_length=MAX_TEXT, examples=["Генпрокуратура признала нежелательной Meduza."])
    url: str | None = Field(None, max_length=2000, examples=[None])
    published: str | None = Field(None, max_length=10, description="The document's date (YYYY-MM-DD): status as of "
                                  "then.", json_schema_extra={"format": "date"})


@router.post("/scan", summary="Mentions of registry entities in a posted text or a web page")
def scan(request: Request, body: ScanIn) -> dict[str, Any]:
    """Give ``text`` or ``url``; each mention has its span, entity, registry, status and strength."""
    published = None if body.published is None else parse_date(body.published)
    return context(request).scan(text=body.text, url=body.url, published=published)
