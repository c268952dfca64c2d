"""Storage operations of own lists: a user's entities (a bank's clients, a newsroom's watch list) beside the registries.

A mixin of :class:`proscribed.store.base.Store`; both backends implement it with
``sql_own_lists.SQLOwnListsMixin``. An own list is loaded whole and replaced whole:
it has no versions or history (the registries do), only the provenance of the file
it came from.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["OwnListStore"]


class OwnListStore(abc.ABC):
    """Own lists and their entities."""

    @abc.abstractmethod
    def replace_own_list(self, record: dict[str, Any], entities: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Replace the list ``record["id"]`` by ``entities`` ((id, record) pairs), in one transaction.

        Also stores ``record`` (its source file, digest, load time) with ``entities``, the number of
        entities written, which it returns; ``record`` is stored again once the entities are written,
        so what the caller fills in while they are read (counts) is kept.
        """

    @abc.abstractmethod
    def remove_own_list(self, list_id: str) -> bool:
        """Drop a list and its entities; False when there is no such list."""

    @abc.abstractmethod
    def own_lists(self) -> list[dict[str, Any]]:
        """The record of every own list, by id."""

    @abc.abstractmethod
    def own_entities(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(list id, entity id, record) of every entity of every own list, in load order."""
