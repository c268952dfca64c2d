"""The registries kept, from ``resources/registries.yml``: the one place their ids, order and facts live.

Adding a registry is one entry there (plus its connector, if it has a live source).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from .exc import DataError, InvalidInput
from .model import Registry

__all__ = ["load_registries", "registry_ids", "check_registry_id", "UNDESIRABLE", "FOREIGN_AGENTS", "EXTREMIST",
           "TERRORIST"]

# The ids code refers to by meaning (the news statuses, the connector's columns); each is checked
# against registries.yml by a test, so a renamed entry cannot leave a stale literal behind.
UNDESIRABLE = "ru-undesirable"
FOREIGN_AGENTS = "ru-foreign-agents"
EXTREMIST = "ru-extremist"
TERRORIST = "ru-terrorist"


@lru_cache(maxsize=1)
def load_registries() -> tuple[Registry, ...]:
    """The registries of resources/registries.yml, validated, in their file order."""
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/registries.yml").read_text("utf-8"))
    try:
        return tuple(Registry(**item) for item in raw)
    except TypeError as err:
        raise DataError(f"registries.yml: {err}") from None


def registry_ids() -> tuple[str, ...]:
    return tuple(r.id for r in load_registries())


def check_registry_id(registry: str) -> str:
    """``registry`` when it is a known id; InvalidInput naming the known ones otherwise."""
    known = registry_ids()
    if registry not in known:
        raise InvalidInput(f"unknown registry {registry!r}; known: {', '.join(known)}")
    return registry
