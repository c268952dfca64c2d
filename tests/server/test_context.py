"""The application context: a bounded pool of store connections, borrowed per request and given back; the
snapshot, prepared before it serves; where read requests run."""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from proscribed.app import create_app
from proscribed.config import Config
from proscribed.server.context import AppContext, StorePool
from proscribed.service.snapshot import Snapshot
from proscribed.service.store import connect_store
from proscribed.store import Store
from tests.fixtures.serve import serve

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_the_pool_never_opens_more_than_its_size(db_path: Path | str) -> None:
    pool = StorePool(lambda: connect_store(db_path), size=3)
    peak: list[int] = []
    seen: list[int] = []

    async def borrower() -> None:
        store = await pool.acquire()
        peak.append(pool.open_connections())
        seen.append(id(store))
        assert store.registry_states()  # a working connection
        await asyncio.sleep(0.01)
        pool.release(store)

    async def many() -> None:
        await asyncio.gather(*(borrower() for _ in range(40)))

    asyncio.run(many())
    assert len(seen) == 40 and max(peak) <= 3 and len(set(seen)) <= 3  # forty borrowers, three connections
    pool.close()
    assert pool.open_connections() == 0


def test_a_cancelled_waiter_passes_its_turn_on(db_path: Path | str) -> None:
    pool = StorePool(lambda: connect_store(db_path), size=1)

    async def scenario() -> bool:
        first = await pool.acquire()
        impatient = asyncio.create_task(pool.acquire())
        patient = asyncio.create_task(pool.acquire())
        await asyncio.sleep(0.05)
        impatient.cancel()  # gives up while waiting
        pool.release(first)
        got = await asyncio.wait_for(patient, 5)
        pool.release(got)
        return got is first  # the idle connection is reused, not reopened

    assert asyncio.run(scenario())
    pool.close()


def test_requests_give_their_connection_back(db_path: Path | str) -> None:
    app = create_app(Config(db_path=db_path, api_connections=2))  # type: ignore[arg-type]
    ctx: AppContext = app.state.context
    answers: list[int] = []
    with TestClient(app) as client:
        ctx._own.close()  # routes use the connections they borrow, never the context's own

        def ask() -> None:
            for _ in range(5):
                answers.append(client.get("/healthz").status_code)
                answers.append(client.get("/api/entities/ru-undesirable-001").status_code)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert answers == [200] * 80
        assert 1 <= ctx.open_connections() <= 2  # eight clients shared two connections
    assert ctx.open_connections() == 0  # shutdown closed them


def test_more_requests_than_worker_threads_share_one_connection(db_path: Path | str) -> None:
    # 60 requests at once, more than the 40 threads of the server's pool, each route with a store
    # dependency: had they waited for the connection inside worker threads, the one holding it
    # would have found no thread left for its route until the waits timed out.
    queries = [f"/api/entities?q=Amnesty+{i}" for i in range(60)]  # all new: the answer cache cannot help
    with serve(db_path, PROSCRIBED_API_CONNECTIONS="1", PROSCRIBED_API_TIMEOUT="15") as url:
        with httpx.Client(base_url=url, timeout=30, limits=httpx.Limits(max_connections=60)) as client:
            with ThreadPoolExecutor(60) as pool:
                statuses = list(pool.map(lambda q: client.get(q).status_code, queries))
    assert statuses == [200] * 60


def test_a_large_body_leaves_no_lease_to_the_next_requests_on_its_connection(db_path: Path | str) -> None:
    # uvicorn stops reading a body beyond 64 KB until the route asks for it, then resumes from
    # inside the request: the socket's callback got that request's context, and with it its
    # lease, answered by then; every later request on the connection started holding it, and
    # the answer cache (outside the request's span) failed with 500 when it opened the snapshot.
    padding = "x" * 200_000
    with serve(db_path, PROSCRIBED_API_TIMEOUT="60") as url:
        with httpx.Client(base_url=url, timeout=60) as client:  # one keep-alive connection
            assert client.post("/api/scan", json={"text": 1, "padding": padding}).status_code == 422
            first = client.get("/api/entities", params={"q": "Amnesty"})  # the first snapshot of this server
            assert first.status_code == 200 and first.json()["total"] >= 1
            assert client.post("/api/scan", json={"text": "Amnesty International " + "слово " * 20_000}).status_code == 200
            match = client.post("/match/default", json={"queries": {"q": {"schema": "Organization",
                                                                         "properties": {"name": ["Amnesty"]}}}})
            assert match.status_code == 200
            assert client.get("/api/entities", params={"q": "Фонд"}).status_code == 200


def test_a_request_cut_short_gives_up_its_place_but_not_a_connection_in_use(db_path: Path | str) -> None:
    ctx = AppContext(Config(db_path=db_path, api_connections=1))  # type: ignore[arg-type]
    borrowed: list[Store] = []

    async def cut_short() -> None:
        async with ctx.request():
            borrowed.append(ctx.store())  # what the request's worker thread is using
            raise TimeoutError  # the time limit cancels the request while the thread still runs

    async def late_thread_then_next_request() -> Store:
        with pytest.raises(TimeoutError):
            await cut_short()
        assert ctx.open_connections() == 0  # its place is free for the next request
        async with ctx.request():
            return ctx.store()

    nxt = asyncio.run(late_thread_then_next_request())
    assert borrowed[0].registry_states()  # the late thread's connection still works
    assert nxt is not borrowed[0]  # and nobody else was lent it
    ctx.close()


def test_outside_a_request_the_context_has_its_own_connection(db_path: Path | str) -> None:
    ctx = AppContext(Config(db_path=db_path))  # type: ignore[arg-type]
    assert ctx.store() is ctx.store() and ctx.open_connections() == 0
    ctx.close()


def test_light_reads_run_on_the_event_loop_and_heavy_ones_in_a_thread(db_path: Path | str) -> None:
    ctx = AppContext(Config(db_path=db_path))  # type: ignore[arg-type]

    async def threads() -> list[bool]:
        loop = threading.get_ident()
        on_loop = []
        for light in (True, False, True):
            on_loop.append(await ctx.read(lambda: threading.get_ident() == loop, light=light))
        with ctx.writing():
            pass  # a write: the snapshot must be checked against the store before it is used again
        on_loop.append(await ctx.read(lambda: threading.get_ident() == loop, light=True))  # the check, in a thread
        on_loop.append(await ctx.read(lambda: threading.get_ident() == loop, light=True))  # checked: on the loop
        return on_loop

    # No snapshot yet: taking it reads the store, in a thread; then light work stays on the loop.
    assert ctx.current_snapshot() is None
    assert asyncio.run(threads()) == [False, False, True, False, True]
    ctx.close()


def test_a_new_snapshot_is_prepared_before_it_answers(db_path: Path | str) -> None:
    prepared: list[str] = []

    def prepare(store: Store, snap: Snapshot) -> None:
        assert ctx.current_snapshot() is not snap  # not yet served
        assert store.registries() == snap.registries
        prepared.append(snap.key)

    ctx = AppContext(Config(db_path=db_path), prepare=[prepare])  # type: ignore[arg-type]
    snap = ctx.snapshot()
    assert prepared == [snap.key] and ctx.current_snapshot() is snap
    assert ctx.snapshot() is snap and prepared == [snap.key]  # once per content
    ctx.close()


def test_a_served_snapshot_is_kept_out_of_the_collectors_sight(db_path: Path | str) -> None:
    ctx = AppContext(Config(db_path=db_path), freeze_heap=True)  # type: ignore[arg-type]
    try:
        snap = ctx.snapshot()
        assert gc.get_freeze_count() > len(snap.entities)  # the entities and their index, at least
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
        ctx.close()
