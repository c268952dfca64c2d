"""The application context: one store connection per live worker thread, none left behind by ended threads."""

from __future__ import annotations

import threading
from pathlib import Path

from proscribed.config import Config
from proscribed.server.context import AppContext
from proscribed.store import Store


def test_connections_of_ended_threads_are_closed(db_path: Path | str) -> None:
    ctx = AppContext(Config(db_path=db_path))  # type: ignore[arg-type]
    seen: list[Store] = []
    try:
        for _ in range(3):
            # A server's thread pool retires idle threads and starts others: twenty come and go.
            threads = [threading.Thread(target=lambda: seen.append(ctx.store())) for _ in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        assert len(seen) == 60 and len({id(s) for s in seen}) == 60  # one connection per thread
        counted: list[int] = []

        def next_thread() -> None:
            ctx.store()  # a new thread's first request closes what ended threads left
            counted.append(ctx.open_connections())

        t = threading.Thread(target=next_thread)
        t.start()
        t.join()
        assert counted == [2]  # this test's own thread (it opened the store) and the new one
        assert ctx.store().registry_states() is not None  # the live connection still answers
    finally:
        ctx.close()
    assert ctx.open_connections() == 0
