"""The official source: the Ministry of Justice registry API at reestrs.minjust.gov.ru.

Protocol (see ../shared/data/registries/README.md §8 of the source tree):
``GET /rest/registry/<uuid>/info`` gives the title and the columns ``{name, title,
hidden}``; ``POST /rest/registry/<uuid>/values`` with ``{offset, limit, ...}`` gives
``{"values": [...], "size": total}``. Columns are mapped by title, not by field number.

The host answers only from Russian addresses and serves an incomplete TLS chain, hence
the proxy and CA-bundle settings; verification is never turned off.
"""

from __future__ import annotations

import json
import random
import ssl
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any

import httpx

from .. import settings
from ..exc import DataError, InvalidInput, SourceUnavailable
from .minjust_columns import FetchedTable, build_table, map_columns
from .minjust_xlsx import read_xlsx

__all__ = ["BACKOFF", "FetchedTable", "fetch_registry", "make_client", "official_registries", "read_xlsx"]

# First retry waits about this many seconds, then twice as long each time (jittered).
# Tests lower it, here or through fetch_registry(backoff=...).
BACKOFF = 0.5
_MAX_DELAY = 60.0

Progress = Callable[[int, int], None]


def _user_agent() -> str:
    try:
        version = metadata.version("proscribed")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"proscribed/{version}"


def official_registries() -> tuple[str, ...]:
    """The registries that have a UUID on the API (ru-terrorist has none by default)."""
    ids = ("ru-undesirable", "ru-foreign-agents", "ru-extremist", "ru-terrorist")
    return tuple(r for r in ids if settings.registry_uuid(r) is not None)


def _ssl_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    bundle = settings.minjust_ca_bundle()
    if bundle is not None:
        # Added to, not instead of, the system CAs: the usual fix is the missing
        # GlobalSign intermediate, whose root the system already trusts.
        try:
            ctx.load_verify_locations(cafile=str(bundle))
        except (ssl.SSLError, OSError) as err:
            raise InvalidInput(f"{settings.MINJUST_CA_BUNDLE.name}: cannot load {bundle}: {err}") from None
    return ctx


def make_client(*, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client configured from the settings (proxy, CA bundle, timeout, User-Agent).

    Args:
        transport: for tests (e.g. ``httpx.MockTransport``); the proxy setting is then ignored.
    """
    proxy = settings.minjust_proxy()
    return httpx.Client(
        proxy=proxy if transport is None else None,
        # Only our setting chooses the proxy: HTTP(S)_PROXY in the environment would
        # silently route (or not) a host that answers only from Russian addresses.
        trust_env=False,
        verify=_ssl_context(),
        timeout=httpx.Timeout(settings.minjust_timeout()),
        headers={"User-Agent": _user_agent(), "Accept": "application/json"},
        transport=transport,
    )


def _delay(attempt: int, backoff: float) -> float:
    return min(_MAX_DELAY, backoff * 2.0**attempt) * random.uniform(0.5, 1.5)


def _retry_after(resp: httpx.Response) -> float:
    # Only the delta-seconds form, and never longer than our own ceiling: a stuck
    # server must not park an update for hours.
    value = resp.headers.get("retry-after", "").strip()
    return min(float(value), _MAX_DELAY) if value.isdigit() else 0.0


class _Deadline:
    """The end of one registry's whole fetch: the per-read timeout cannot stop a server that
    drips a byte every few seconds, this can (checked between chunks and before each wait)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    def check(self, url: str) -> None:
        if self.left() <= 0:
            raise SourceUnavailable(f"{url}: the fetch took longer than {self.seconds:g} s "
                                    f"({settings.MINJUST_DEADLINE.name}); the source is too slow")


def _send(client: httpx.Client, method: str, url: str, body: dict[str, Any] | None,
          deadline: _Deadline) -> tuple[httpx.Response, bytes]:
    """One request; the body is read in chunks so the deadline is checked while it arrives."""
    with client.stream(method, url, json=body) as resp:
        chunks = []
        for chunk in resp.iter_bytes():
            deadline.check(url)
            chunks.append(chunk)
        return resp, b"".join(chunks)


def _request(client: httpx.Client, method: str, url: str, body: dict[str, Any] | None,
             retries: int, backoff: float, deadline: _Deadline) -> Any:
    """One JSON call with retries on timeouts, connection errors, 429 and 5xx."""
    problem = ""
    asked_wait = 0.0  # a Retry-After the server sent with its last 429/503
    tried = 0
    for attempt in range(retries + 1):
        if attempt:
            wait = max(_delay(attempt - 1, backoff), asked_wait)
            if wait >= deadline.left():
                break  # the retry could not finish in time: report the last problem now
            time.sleep(wait)
            asked_wait = 0.0
        deadline.check(url)
        tried += 1
        try:
            resp, content = _send(client, method, url, body, deadline)
        except httpx.TimeoutException as err:
            problem = f"timed out ({type(err).__name__})"
            continue
        except httpx.TransportError as err:
            if "CERTIFICATE_VERIFY_FAILED" in str(err):
                # Not transient: retrying cannot fix a chain we do not trust.
                raise SourceUnavailable(
                    f"{url}: TLS verification failed ({err}); the host's chain lacks an intermediate: "
                    f"put it in a PEM file and set {settings.MINJUST_CA_BUNDLE.name}") from None
            problem = f"connection failed ({type(err).__name__}: {err})"
            continue
        if resp.status_code >= 500 or resp.status_code == 429:
            problem = f"HTTP {resp.status_code}"
            asked_wait = _retry_after(resp)
            continue
        if resp.status_code != 200:
            where = f" (redirect to {resp.headers.get('location')})" if resp.is_redirect else ""
            raise DataError(f"{method} {url}: HTTP {resp.status_code}{where}")
        try:
            return json.loads(content)
        except (ValueError, RecursionError):  # RecursionError: JSON nested thousands of levels deep
            raise DataError(f"{method} {url}: the answer is not JSON") from None
    raise SourceUnavailable(f"{method} {url}: {problem} after {tried} attempts")


def _columns(info: Any, url: str) -> list[dict[str, Any]]:
    columns = info.get("columns") if isinstance(info, dict) else None
    if not isinstance(columns, list) or not all(isinstance(c, dict) for c in columns):
        raise DataError(f"{url}: no 'columns' list in the answer")
    return columns


def _values(client: httpx.Client, url: str, sort_field: str, retries: int, backoff: float,
            progress: Progress | None, deadline: _Deadline) -> list[dict[str, Any]]:
    page_size = settings.minjust_page_size()
    records: list[dict[str, Any]] = []
    size: int | None = None
    while size is None or len(records) < size:
        body = {"offset": len(records), "limit": page_size, "search": "", "facets": {},
                "sort": [{"property": sort_field, "direction": "asc"}]}
        page = _request(client, "POST", url, body, retries, backoff, deadline)
        values = page.get("values") if isinstance(page, dict) else None
        total = page.get("size") if isinstance(page, dict) else None
        if not isinstance(values, list) or not all(isinstance(v, dict) for v in values) \
                or not isinstance(total, int) or isinstance(total, bool) or total < 0:
            raise DataError(f"{url}: expected {{'values': [...], 'size': N}}")
        if size is None:
            size = total
        elif total != size:
            raise DataError(f"{url}: the registry changed during the fetch ({size} then {total} records); try again")
        if not values and len(records) < size:
            raise DataError(f"source returned {len(records)} of {size} records")
        # A short page (fewer than asked, before the end) is not the end: the server
        # caps the limit silently, so the next offset is what we actually received.
        records.extend(values)
        if progress is not None:
            progress(min(len(records), size), size)
    if len(records) > size:
        raise DataError(f"source returned {len(records)} records but announced {size}")
    # Repeated records are kept: validation reports them and quarantines the version, so
    # a person can inspect what the source sent instead of every update failing blind.
    return records


def fetch_registry(registry: str, *, client: httpx.Client | None = None, progress: Progress | None = None,
                   backoff: float | None = None) -> FetchedTable:
    """Fetch a whole registry from the official API.

    Args:
        registry: ``ru-undesirable``, ``ru-foreign-agents``, ``ru-extremist`` (or
            ``ru-terrorist`` if ``PROSCRIBED_UUID_RU_TERRORIST`` is set).
        client: an httpx client to use (not closed); by default one from :func:`make_client`.
        progress: called after each page with (records so far, total).
        backoff: seconds before the first retry (default :data:`BACKOFF`).

    Returns:
        The table, rows keyed by canonical field; check ``missing`` before using it.

    Raises:
        InvalidInput: unknown registry, a registry with no UUID, or bad settings.
        DataError: a 4xx answer, an answer of the wrong shape, or fewer records than announced.
        SourceUnavailable: timeouts, connection errors or 5xx answers after every retry, or
            the whole fetch past ``PROSCRIBED_MINJUST_DEADLINE``.
    """
    uuid = settings.registry_uuid(registry)
    if uuid is None:
        raise InvalidInput(f"{registry} is not published on the registry API (no UUID configured)")
    base = f"{settings.minjust_url()}/rest/registry/{uuid}"
    retries = settings.minjust_retries()
    wait = BACKOFF if backoff is None else backoff
    deadline = _Deadline(settings.minjust_deadline())
    own = client is None
    http = make_client() if client is None else client
    try:
        info = _request(http, "GET", f"{base}/info", None, retries, wait, deadline)
        columns = _columns(info, f"{base}/info")
        mapping, _ = map_columns(registry, columns)
        # Sort by the row number so pages do not overlap; its field name comes from
        # /info like every other column (field_1_i today).
        sort_field = next((n for n, f in mapping.items() if f == "row"), "field_1_i")
        records = _values(http, f"{base}/values", sort_field, retries, wait, progress, deadline)
    finally:
        if own:
            http.close()
    title = info.get("title")
    return build_table(registry, source=f"{base}/values", title=title if isinstance(title, str) else None,
                       columns=columns, records=records, info=info)
