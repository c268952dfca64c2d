"""ASGI middleware: the answers of read-only screening requests, kept per content of the store.

Search (``GET /api/entities``) and ``POST /match/{dataset}`` answer from the data
alone: the same request against the same data and on the same day gets the same
bytes. A screening flow asks the same names again and again (a counterparty at each
payment, an author at each article), so the answer is kept, keyed on the request
(method, path, query string, body), the content key of the data (a new version or
new curated names start afresh) and the day (statuses as of today change at
midnight). Only 200 answers are kept; the oldest go first beyond ``size`` entries.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from typing import Any

from .context import AppContext

__all__ = ["AnswerCache", "CACHED_ROUTES"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# (method, path or path prefix): the read-only routes whose answer depends on the data only.
CACHED_ROUTES = (("GET", "/api/entities", False), ("POST", "/match/", True))
_MAX_ANSWER = 1_000_000  # bytes: a larger answer is not kept


class AnswerCache:
    def __init__(self, app: ASGIApp, *, context: AppContext, size: int = 4096) -> None:
        self.app = app
        self.context = context
        self.size = size
        self._answers: OrderedDict[bytes, tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._content = ""

    def _cached(self, scope: Scope) -> bool:
        if scope["type"] != "http":
            return False
        method, path = scope["method"], scope["path"]
        return any(method == m and (path.startswith(p) if prefix else path == p) for m, p, prefix in CACHED_ROUTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cached(scope):
            await self.app(scope, receive, send)
            return
        body = b""
        while True:  # the body (bounded by the Limits middleware around this one)
            try:
                message = await receive()
            except Exception as err:  # noqa: BLE001  (a body too large): the app answers it as always

                async def failing() -> Message:
                    raise err

                await self.app(scope, failing, send)
                return
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # the client went away: let the app see it
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        content = self.context.snapshot().key  # checked against the store every few seconds
        if content != self._content:
            self._answers.clear()
            self._content = content
        digest = hashlib.blake2b(digest_size=16)
        for part in (scope["method"], scope["path"], scope.get("query_string", b""), body,
                     date.today().isoformat(), dict(scope.get("headers") or []).get(b"accept", b"")):
            data = part.encode() if isinstance(part, str) else bytes(part)
            digest.update(len(data).to_bytes(8, "little") + data)
        key = digest.digest()
        found = self._answers.get(key)
        if found is not None:
            self._answers.move_to_end(key)
            status, headers, answer = found
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": answer})
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        start: Message | None = None
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
            await send(message)

        await self.app(scope, replay, keep)
        if start is None or start["status"] != 200 or content != self._content:
            return
        answer = b"".join(parts)
        if len(answer) <= _MAX_ANSWER:
            self._answers[key] = (200, list(start.get("headers", [])), answer)
            if len(self._answers) > self.size:
                self._answers.popitem(last=False)
