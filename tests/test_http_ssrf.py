"""Outbound fetches for others: every redirect hop is checked, and a whole fetch has a deadline.

The attack: a public page answers ``302 Location: http://127.0.0.1:<port>/secret``; a
server that checked only the first host then fetched its own local service for the
caller. Here the "public page" is a public IP literal (no DNS needed) reached through a
real proxy on 127.0.0.1, which also forwards to a real local service holding a secret.
"""

from __future__ import annotations

import ast
import threading
import time
import urllib.request
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from proscribed.app import create_app
from proscribed.config import Config
from proscribed.exc import InvalidInput, SourceUnavailable
from proscribed.http import checked_addresses, fetch_bytes, make_client, require_public_host
from proscribed.service.scan import read_document

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PUBLIC = "http://93.184.215.14"  # a public address; the proxy answers for it, nothing leaves the machine
SECRET = "internal secret: Amnesty International"


class _Secret(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        type(self).hits += 1
        body = SECRET.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Proxy(BaseHTTPRequestHandler):
    """Answers for the public host (a redirect per path) and forwards anything else, like a real proxy."""

    local = ""  # base URL of the local service

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if f"{url.scheme}://{url.netloc}" != PUBLIC:
            with urllib.request.urlopen(self.path, timeout=5) as resp:  # noqa: S310 (loopback, test only)
                self._answer(200, resp.read(), {})
            return
        targets = {"/to-loopback": f"{self.local}/secret", "/to-file": "file:///etc/passwd",
                   "/relative": "/to-loopback", "/loop": "/loop", "/page": ""}
        target = targets.get(url.path)
        if target == "":
            self._answer(200, b"Amnesty International", {"Content-Type": "text/plain"})
        elif target is None:
            self._answer(404, b"", {})
        else:
            self._answer(302, b"", {"Location": target})

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(405, b"", {})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture()
def proxied() -> Iterator[httpx.Client]:
    """A client whose every request goes through the proxy; it would follow redirects itself if asked."""
    secret, local = _serve(_Secret)
    _Proxy.local = local
    _Secret.hits = 0
    proxy, proxy_url = _serve(_Proxy)
    client = httpx.Client(proxy=proxy_url, trust_env=False, follow_redirects=True, timeout=5)
    yield client
    client.close()
    for s in (proxy, secret):
        s.shutdown()
        s.server_close()


def test_a_redirect_to_loopback_is_refused_for_others(proxied: httpx.Client) -> None:
    with pytest.raises(InvalidInput, match="127.0.0.1 is not a public address"):
        read_document(f"{PUBLIC}/to-loopback", client=proxied, public_only=True)
    with pytest.raises(InvalidInput, match="not a public address"):
        read_document(f"{PUBLIC}/relative", client=proxied, public_only=True)  # two hops, the second relative
    assert _Secret.hits == 0


def test_the_scan_route_refuses_the_redirect(proxied: httpx.Client, db_path: Path | str) -> None:
    with TestClient(create_app(Config(db_path=db_path))) as c:
        c.app.state.context.http_client = proxied  # type: ignore[attr-defined]
        r = c.post("/api/scan", json={"url": f"{PUBLIC}/to-loopback"})
        assert r.status_code == 400 and "not a public address" in r.json()["detail"]
        page = c.post("/api/scan", json={"url": f"{PUBLIC}/page"})
        assert page.status_code == 200 and page.json()["mentions"][0]["id"] == "ru-undesirable-226"
    assert _Secret.hits == 0


def test_own_fetches_follow_redirects_hop_by_hop(proxied: httpx.Client) -> None:
    # The CLI reads what its own user asks for: local addresses are fine there.
    assert read_document(f"{PUBLIC}/relative", client=proxied).content == SECRET
    with pytest.raises(InvalidInput, match="not an http"):
        fetch_bytes(f"{PUBLIC}/to-file", proxied)
    with pytest.raises(InvalidInput, match="redirects"):
        fetch_bytes(f"{PUBLIC}/loop", proxied)


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
                                 "http://0.0.0.0/", "http://169.254.169.254/latest/meta-data/",
                                 "http://10.1.2.3/", "http://192.168.0.1/", "http://[fd00::1]/",
                                 "http://localhost:8000/"])
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        require_public_host(url)


def test_public_literal_passes() -> None:
    require_public_host(f"{PUBLIC}/page")


class _Drip(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up: that is the point

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_dripping_page_hits_the_total_deadline() -> None:
    server, url = _serve(_Drip)
    try:
        client = httpx.Client(timeout=1.0)  # each byte comes well within the per-read timeout
        started = time.monotonic()
        with pytest.raises(SourceUnavailable, match="took too long"):
            fetch_bytes(url, client, deadline=1.0)
        assert time.monotonic() - started < 3
        client.close()
    finally:
        server.shutdown()
        server.server_close()


class _Names:
    """A resolver for names of the test's own (nothing asks the system's DNS), counting its answers.

    ``answers`` are given in turn, the last one repeated: a name can answer differently each time,
    as a rebinding attacker's DNS server does.
    """

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls = 0

    def __call__(self, host: str, port: int) -> list[tuple[object, ...]]:
        address = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return [(None, None, None, "", (address, port))]


@pytest.fixture()
def secret_url() -> Iterator[str]:
    server, url = _serve(_Secret)
    _Secret.hits = 0
    yield url
    server.shutdown()
    server.server_close()


def test_the_guarded_client_checks_the_address_it_connects_to(secret_url: str) -> None:
    port = urlsplit(secret_url).port
    names = _Names("127.0.0.1")
    with make_client(5, public_only=True, resolve=names) as client:
        # No check of the URL here: the connection itself is refused.
        with pytest.raises(InvalidInput, match="127.0.0.1 is not a public address"):
            fetch_bytes(f"http://intranet.example:{port}/secret", client)
    assert _Secret.hits == 0 and names.calls == 1


def test_the_guarded_client_connects_to_the_address_it_checked(secret_url: str) -> None:
    # The name answers 127.0.0.1 first and an unreachable address afterwards: a client that
    # resolved again to connect would go to the second; the guarded one resolves once.
    port = urlsplit(secret_url).port
    names = _Names("127.0.0.1", "10.255.255.1")
    with make_client(5, resolve=names) as client:  # local addresses allowed (the CLI's own fetches)
        body, _ctype = fetch_bytes(f"http://rebind.example:{port}/secret", client)
    assert body.decode() == SECRET and names.calls == 1


def test_every_address_of_a_name_must_be_public() -> None:
    mixed = _Names("93.184.215.14")
    assert checked_addresses("news.example", 80, resolve=mixed) == ["93.184.215.14"]

    def both(host: str, port: int) -> list[tuple[object, ...]]:
        return [(None, None, None, "", ("93.184.215.14", port)), (None, None, None, "", ("127.0.0.1", port))]

    with pytest.raises(InvalidInput, match="127.0.0.1 is not a public address"):
        checked_addresses("news.example", 80, resolve=both)
    assert checked_addresses("news.example", 80, allow_private=True, resolve=both) == ["93.184.215.14", "127.0.0.1"]
    with pytest.raises(InvalidInput, match="100.64.0.1 is not a public address"):  # carrier-grade NAT space
        checked_addresses("cgnat.example", 80, resolve=_Names("100.64.0.1"))


def test_a_body_over_the_cap_is_refused() -> None:
    server, url = _serve(_Drip)  # announces 100 bytes
    try:
        with make_client(5) as client, pytest.raises(InvalidInput, match="too large"):
            fetch_bytes(url, client, max_bytes=50)
    finally:
        server.shutdown()
        server.server_close()


# The modules allowed to open connections: the guarded client, and the registry source, whose host
# is the operator's setting (with its own proxy and CA bundle), never a URL from a user, a page or a feed.
_CONNECTING = {"proscribed/http.py", "proscribed/sources/minjust.py"}
_NETWORK_MODULES = {"urllib.request", "http.client", "requests", "urllib3", "aiohttp", "socket", "httpcore"}
_HTTPX_CALLS = {"Client", "AsyncClient", "get", "post", "put", "delete", "head", "stream", "request",
                "HTTPTransport"}


def test_every_outbound_connection_goes_through_the_guarded_client() -> None:
    root = Path(__file__).resolve().parents[1]
    found: list[str] = []
    for path in sorted((root / "proscribed").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in _CONNECTING:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found += [f"{name}: import {a.name}" for a in node.names if a.name in _NETWORK_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "") in _NETWORK_MODULES:
                found.append(f"{name}: from {node.module} import")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and isinstance(node.func.value, ast.Name) and node.func.value.id == "httpx"
                  and node.func.attr in _HTTPX_CALLS):  # a call, not an annotation naming httpx.Client
                found.append(f"{name}:{node.lineno}: httpx.{node.func.attr}()")
    assert found == []
