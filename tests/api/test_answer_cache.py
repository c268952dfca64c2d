"""The answer cache of read-only screening routes: a repeated request is answered once, per content."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from proscribed.config import Config
from proscribed.server.answers import AnswerCache
from proscribed.server.context import AppContext


class Counting:
    """A small real ASGI app: answers 200 with the request body echoed, or 404 on /match/missing."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        message = await receive()
        status = 404 if scope["path"] == "/match/missing" else 200
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"answer %d: " % self.calls + message.get("body", b"")})


def _request(app: AnswerCache, method: str, path: str, body: bytes = b"", query: bytes = b"") -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": []}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_repeated_requests_are_answered_once(db_path: Path) -> None:
    inner = Counting()
    context = AppContext(Config(db_path=db_path))
    try:
        app = AnswerCache(inner, context=context)
        first = _request(app, "POST", "/match/default", b'{"q": 1}')
        assert _request(app, "POST", "/match/default", b'{"q": 1}') == first == (200, b'answer 1: {"q": 1}')
        assert inner.calls == 1
        assert _request(app, "POST", "/match/default", b'{"q": 2}') == (200, b'answer 2: {"q": 2}')
        assert _request(app, "GET", "/api/entities", query=b"q=a")[1] == b"answer 3: "
        assert _request(app, "GET", "/api/entities", query=b"q=b")[1] == b"answer 4: "
        assert _request(app, "GET", "/api/entities", query=b"q=a")[1] == b"answer 3: "
        # Not kept: an error answer, and a route whose answer is not the data's alone.
        _request(app, "POST", "/match/missing")
        _request(app, "POST", "/match/missing")
        _request(app, "GET", "/healthz")
        _request(app, "GET", "/healthz")
        assert inner.calls == 8
        # New content of the store (as a new version changes the snapshot's key): worked out again.
        context.snapshot().key = "another version"
        assert _request(app, "POST", "/match/default", b'{"q": 1}') == (200, b'answer 9: {"q": 1}')
    finally:
        context.close()
