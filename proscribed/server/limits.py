"""ASGI middleware: request size and time limits, HEAD, and security headers on every answer.

``HEAD`` is answered wherever ``GET`` is (RFC 9110 asks it of every GET
resource): the request runs as a GET and the body is left out, headers and
``Content-Length`` kept.

Pure ASGI (not Starlette's BaseHTTPMiddleware) so that a body is counted as it
streams in and a slow request is answered 504 while its worker finishes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

__all__ = ["Limits", "SECURITY_HEADERS"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Pages load nothing from elsewhere: scripts, styles, images and fonts come from this server.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
     b"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def _send_json(send: Send, status: int, message: str, error: str) -> None:
    body = json.dumps({"detail": message, "status": status, "error": error}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Limits:
    def __init__(self, app: ASGIApp, *, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _send_json(send, 400, "invalid Content-Length header", "InvalidInput")
                return
            if size > self.max_body:
                await _send_json(send, 413, f"request body too large ({size} bytes; at most {self.max_body})",
                                 "PayloadTooLarge")
                return
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, f"request body too large (more than {self.max_body} bytes)")
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, limited_receive, tracking_send), self.timeout)
        except asyncio.TimeoutError:
            if not started:
                await _send_json(send, 504, f"the request took longer than {self.timeout:g} s", "RequestTimeout")
