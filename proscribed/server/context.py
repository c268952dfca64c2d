"""What every request shares: the configuration, a bounded pool of store connections, the snapshot.

Each request borrows one connection from the pool when it arrives and gives it
back when its answer is sent (:class:`RequestStores`, an ASGI middleware): the
number of open connections, and the memory and file handles they hold, stay
bounded by the pool's size whatever the server's thread pool does (it retires
idle threads and starts new ones: connections owned by threads came and went
with them). Writes go through one lock (one writer,
habit 4). The screening index is built once and kept in memory; it is replaced
when the store's content changes (an update applied by this or another
process), checked at most every few seconds. A light read-only request whose
snapshot needs no check is answered on the event loop (:meth:`AppContext.read`).
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
import httpx

from ..config import Config
from ..exc import InvalidInput, StoreError
from ..scan import Scanner, build_scanner
from ..service.scan import MAX_TEXT, read_document, scan
from ..service.snapshot import Snapshot, content_key, take_snapshot
from ..service.store import connect_store, open_store
from ..store import Store

__all__ = ["AppContext", "StorePool", "RequestStores"]

_RECHECK_SECONDS = 3.0
# A request answered on the event loop takes milliseconds: one that starts this long before the
# snapshot's next check finds it unchanged throughout, and never waits there for the store.
_LOOP_MARGIN_SECONDS = 1.0

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
_P = ParamSpec("_P")
_T = TypeVar("_T")


class StorePool:
    """At most ``size`` open connections, lent to requests by the event loop.

    Requests wait for a connection in the event loop, before any worker thread runs for
    them: a request that waited while holding a thread could starve the requests that hold
    connections of the threads they need to finish (a deadlock until the wait times out).
    """

    def __init__(self, connect: Callable[[], Store], size: int) -> None:
        self._connect = connect
        self.size = size
        self._idle: list[Store] = []
        self._open = 0  # idle and lent
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._lock = threading.Lock()  # event loops of several test clients may share a pool
        self._closed = False

    async def acquire(self) -> Store:
        """A free connection: an idle one, a new one while fewer than ``size`` are open, or the next returned.

        Raises:
            StoreError: the pool is closed.
        """
        while True:
            with self._lock:
                if self._closed:
                    raise StoreError("the server is shutting down")
                if self._idle:
                    return self._idle.pop()
                if self._open < self.size:
                    self._open += 1
                    break
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                self._waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                with self._lock:
                    if waiter in self._waiters:
                        self._waiters.remove(waiter)
                    elif waiter.done() and not waiter.cancelled():
                        self._wake()  # woken, then cancelled: the turn goes to the next waiter
                raise
        try:
            return await anyio.to_thread.run_sync(self._connect)  # opening may take a while (PostgreSQL)
        except BaseException:
            self._forget()
            raise

    def release(self, store: Store) -> None:
        """Give a connection back for the next request."""
        with self._lock:
            if not self._closed:
                self._idle.append(store)
                self._wake()
                return
        _close_quietly(store)  # returned after close(): nobody will borrow it again

    def abandon(self) -> None:
        """Free a lent connection's place without taking it back (its borrower may still be using it).

        The connection is closed when its last user lets go of it (garbage collection),
        never under a thread still running a query on it.
        """
        self._forget()

    def _forget(self) -> None:
        with self._lock:
            self._open -= 1
            self._wake()

    def _wake(self) -> None:
        """Wake the longest waiter (called with the lock held)."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.get_loop().call_soon_threadsafe(self._resolve, waiter)
                return

    def _resolve(self, waiter: asyncio.Future[None]) -> None:
        if waiter.done():  # cancelled meanwhile: the next waiter gets the turn
            with self._lock:
                self._wake()
        else:
            waiter.set_result(None)

    def open_connections(self) -> int:
        with self._lock:
            return self._open

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._open -= len(idle)
            waiters, self._waiters = list(self._waiters), deque()
        for waiter in waiters:
            if not waiter.done():
                waiter.get_loop().call_soon_threadsafe(self._resolve, waiter)
        for store in idle:
            _close_quietly(store)


@dataclass
class _Lease:
    """The connection one request borrowed."""

    store: Store
    done: bool = False  # answered: a late worker thread must not use it any more


# Set by RequestStores for each request; worker threads see it because Starlette runs sync
# routes and dependencies in a copy of the request's context.
_LEASE: ContextVar[_Lease | None] = ContextVar("proscribed_store_lease", default=None)


Prepare = Callable[[Store, Snapshot], object]


class AppContext:
    """Per-application state; created by ``create_app``, closed on shutdown.

    ``prepare``: what routes derive from the store for a snapshot, each run as a new
    snapshot is taken, before it answers requests. ``freeze_heap``: for a long-running
    server, each new snapshot ends with a full garbage collection and moves every object
    then alive out of the collector's sight (``gc.freeze``). The snapshot is hundreds of
    thousands of objects that live until the content changes; without this, each full
    collection walks them all (100-250 ms, every request in flight waiting) as the caches
    of the requests grow.
    """

    def __init__(self, config: Config, prepare: Sequence[Prepare] = (), *, freeze_heap: bool = False) -> None:
        self.config = config
        self._prepare = tuple(prepare)
        self._freeze_heap = freeze_heap
        # Outgoing HTTP (scanning a URL): None = a guarded client per request; tests inject one.
        self.http_client: httpx.Client | None = None
        self.write_lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._snapshot_lock = threading.Lock()
        # The first open fills a new store from the bundled data (and migrates an old one); it
        # stays as the connection of work outside any request (start-up, the lifespan, tests).
        self._own = open_store(config.db_path)
        self.pool = StorePool(lambda: connect_store(config.db_path), config.api_connections)

    def store(self) -> Store:
        """The connection of the current request; outside a request, the context's own connection."""
        lease = _LEASE.get()
        if lease is None:
            return self._own
        if lease.done:
            raise StoreError("this request was already answered (it took too long)")
        return lease.store

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """One request's span: it borrows a connection (waiting for one if need be) and gives it back at the end.

        A request cut short (the time limit cancels it while its worker thread still runs)
        gives up its place in the pool but not the connection: that thread may be using it.
        """
        lease = _Lease(await self.pool.acquire())
        token = _LEASE.set(lease)
        finished = False
        try:
            yield
            finished = True
        finally:
            _LEASE.reset(token)
            lease.done = True
            if finished:
                self.pool.release(lease.store)
            else:
                self.pool.abandon()

    def open_connections(self) -> int:
        """Connections of the pool now open (idle and borrowed), besides the context's own."""
        return self.pool.open_connections()

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store, for one write operation at a time; the snapshot is refreshed after."""
        with self.write_lock:
            yield self.store()
        self._checked_at = 0.0

    def snapshot(self, within: float = _RECHECK_SECONDS) -> Snapshot:
        """Entities and index of the current content (rebuilt when the content changed).

        The store is asked whether its content changed when the last check is ``within`` seconds old.
        """
        now = time.monotonic()
        current = self._snapshot
        if current is not None and now - self._checked_at < within:
            return current
        store = self.store()
        key = content_key(store)
        self._checked_at = now
        if current is not None and current.key == key:
            return current
        with self._snapshot_lock:
            if self._snapshot is not None and self._snapshot.key == key:
                return self._snapshot
            snap = take_snapshot(store, key)
            for step in self._prepare:
                step(store, snap)
            self._snapshot = snap
            if self._freeze_heap:
                gc.unfreeze()  # the snapshot replaced may now be collected
                gc.collect()
                gc.freeze()
            return snap

    def current_snapshot(self) -> Snapshot | None:
        """The snapshot, when using it needs nothing from the store (its check is not due soon); else None."""
        current = self._snapshot
        if current is not None and time.monotonic() - self._checked_at < _RECHECK_SECONDS - _LOOP_MARGIN_SECONDS:
            return current
        return None

    async def read(self, work: Callable[[], _T], *, light: bool) -> _T:
        """The answer of a read-only request: worked out on the event loop when it is light and needs nothing
        from the store, in a worker thread otherwise.

        A light request (a name or two screened against the in-memory snapshot) is a millisecond
        or two of Python holding the interpreter lock: a worker thread would not run it any
        sooner, and handing it over and back (a thread woken, the lock passed to it and back)
        costs as much again on a busy machine. Heavier work (a batch of queries) goes to a
        thread so that the loop answers other requests meanwhile, and so that the time limit
        (``Limits``) can answer 504 while it runs, which it cannot do for work on the loop;
        so does any request whose snapshot is due for its check against the store (a query,
        which may wait on I/O) or not built yet.
        """
        if light and self.current_snapshot() is not None:
            return work()

        def checked_work() -> _T:
            # The check falls due here, in a thread: the light requests after this one are loop-bound again.
            self.snapshot(within=_RECHECK_SECONDS - _LOOP_MARGIN_SECONDS)
            return work()

        return await anyio.to_thread.run_sync(checked_work)

    def scanner(self) -> Scanner:
        """The scanner of the current data, built once per snapshot."""
        store, snap = self.store(), self.snapshot()
        built: Scanner = snap.memo("scanner", float("inf"), lambda: build_scanner(store))
        return built

    def scan(self, *, text: str | None, url: str | None, published: date | None) -> dict[str, Any]:
        """One scan request, from the API or the web form: a text, or a public URL fetched once."""
        if url and url.strip():
            url = url.strip()
            if not url.startswith(("http://", "https://")):
                raise InvalidInput(f"not an http(s) URL: {url!r}")
            doc = read_document(url, client=self.http_client, public_only=True)
            return scan(self.scanner(), doc.content, html=doc.html, published=published, source=url)
        text = text or ""
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"text too long ({len(text)} characters; at most {MAX_TEXT})")
        return scan(self.scanner(), text, html=False, published=published)

    def close(self) -> None:
        self.pool.close()
        _close_quietly(self._own)


class RequestStores:
    """ASGI middleware: each HTTP request borrows at most one store connection and returns it when answered."""

    def __init__(self, app: ASGIApp, *, context: AppContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.context.request():
            await self.app(scope, _outside_the_lease(receive), _outside_the_lease(send))


def _outside_the_lease(call: Callable[_P, Awaitable[_T]]) -> Callable[_P, Awaitable[_T]]:
    """The server's ``receive`` or ``send``, run without the request's lease in the context.

    The server registers callbacks from them (uvicorn resumes reading the socket when the
    application asks for a body it had paused on), and asyncio gives each callback a copy of
    the context current at registration: with the lease in it, every later request on the
    same connection would start holding this request's finished lease.
    """

    async def outside(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        token = _LEASE.set(None)
        try:
            return await call(*args, **kwargs)
        finally:
            _LEASE.reset(token)

    return outside


def _close_quietly(store: Store) -> None:
    try:
        store.close()
    except Exception:  # noqa: BLE001  a connection nobody uses any more: nothing left to do with an error
        pass
