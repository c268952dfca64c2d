"""Open the configured store and make sure it holds data (bundled on first run)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .. import settings
from ..exc import DataError
from ..model import Registry
from ..sources.curated import curated_digest
from ..sources.loader import bundled_digest, bundled_entities
from .base import Store
from .sqlite import SQLiteStore

__all__ = ["open_store", "load_registries", "ensure_data"]


@lru_cache(maxsize=1)
def load_registries() -> tuple[Registry, ...]:
    """The registries of resources/registries.yml, validated."""
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/registries.yml").read_text("utf-8"))
    try:
        return tuple(Registry(**item) for item in raw)
    except TypeError as err:
        raise DataError(f"registries.yml: {err}") from None


def ensure_data(store: Store) -> None:
    """Fill an empty store from the bundled data; refill when the bundle changed.

    No network: the bundle ships inside the package.
    """
    digest = f"{bundled_digest()}+{curated_digest()}"
    if store.get_meta("bundle_digest") == digest:
        return
    entities, sources = bundled_entities()
    store.replace_all(load_registries(), entities, sources, {"bundle_digest": digest})


def open_store(path: Path | str | None = None) -> Store:
    """The store at ``path`` (default: the ``PROSCRIBED_DB`` setting), ready to read."""
    store = SQLiteStore(path if path is not None else settings.db_path())
    ensure_data(store)
    return store
