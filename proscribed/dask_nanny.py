"""Dask workers that share one scanner: a preload for the nanny (``dask worker SCHEDULER
--nworkers 2 --nthreads 1 --preload-nanny proscribed.dask_nanny``).

Run where the nannies start (once per process, however many nannies it holds), before they
start their workers: the process loads the scanner of the store (``--db``, else the
store the commands use) and holds it as a ``scan-archive --scheduler`` run would have
loaded it from the store's cache file; the workers are then forked from this process, not
started afresh, so each finds the scanner loaded and shares its memory pages with the
others. Two worker processes each holding its own copy of the scanner scanned 20-25 %
slower at once on two cores than one alone (they share the cache and the memory
bandwidth); forked, they use what one process does (docs/scanning.md).

As a run's worker does, the process then keeps the objects alive at that point out of the
garbage collector's sight (``gc.freeze``): in a ``LocalCluster`` that is the caller's own process.

The workers are also started without what a scan does not need and each costs a fraction
of a core on an idle worker: the statistical profiler (sampling a task's stack every 10 ms)
and the event loop's and the memory's fast health checks. A cluster of 2 workers idled at
0.13 of a core with Dask's defaults, 0.02 with these.
"""

from __future__ import annotations

from typing import Any

import click

__all__ = ["dask_setup", "WORKER_CONFIG"]

# Settings of the workers this nanny starts (its own Dask configuration is left alone).
WORKER_CONFIG: dict[str, Any] = {
    "distributed": {
        "worker": {"profile": {"enabled": False}, "memory": {"monitor-interval": "1s"}},
        "admin": {"tick": {"interval": "200ms"}, "system-monitor": {"interval": "2s"}},
    }
}


@click.command()
@click.option("--db", "db", default=None, help="The store (SQLite file) whose scanner the workers use "
              "(default: PROSCRIBED_DB, else the commands' default store).")
def dask_setup(nanny: Any, db: str | None) -> None:
    """Hold the store's scanner in this process and have ``nanny`` fork its worker from it."""
    import dask

    from .config import Config
    from .exc import InvalidInput
    from .scan.build import build_scanner, scanner_file
    from .scan.cluster import hold
    from .service.store import open_store

    store = open_store(db if db is not None else Config.from_env().db_path)
    try:
        cached = scanner_file(store)
        if cached is None:
            raise InvalidInput("proscribed.dask_nanny needs a store that keeps the scanner's cache in a file "
                               "(SQLite): the workers of a run find it there")
        # From the cache file, or built and written there; once for the nannies of this process.
        hold(cached, lambda: build_scanner(store))
    finally:
        store.close()
    # The nanny reads the start method when it starts its worker (after this preload):
    # forked, the worker inherits the scanner held above.
    dask.config.set({"distributed.worker.multiprocessing-method": "fork"})
    nanny.config = dask.config.merge(nanny.config, WORKER_CONFIG)
