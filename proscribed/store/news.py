"""Storage operations of the news pipeline (articles, events, review queue).

A mixin of :class:`proscribed.store.base.Store`; both backends implement it with
``sql_news.SQLNewsMixin``.
"""

from __future__ import annotations

import abc
from typing import Any

__all__ = ["NewsStore"]


class NewsStore(abc.ABC):
    """Followed feeds, articles (deduplicated by URL and content hash), designation events and their review."""

    @abc.abstractmethod
    def add_news_feed(self, url: str, at: str) -> bool:
        """Follow a feed; False when it was already followed."""

    @abc.abstractmethod
    def news_feeds(self) -> list[dict[str, Any]]:
        """Followed feeds with their last fetch and last error."""

    @abc.abstractmethod
    def news_feed_checked(self, url: str, at: str, error: str | None) -> None:
        """Record a fetch of a feed (``error`` None: it succeeded)."""

    @abc.abstractmethod
    def find_news_article(self, url: str | None, content_hash: str) -> str | None:
        """The id of a stored article with this URL or this content hash, or None."""

    @abc.abstractmethod
    def add_news_article(self, article: dict[str, Any], content_hash: str, at: str,
                         extraction: dict[str, Any], events: list[dict[str, Any]]) -> list[int]:
        """Store an article, its extraction and its events in one transaction; the new event ids."""

    @abc.abstractmethod
    def news_article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article with its provenance and extraction."""

    @abc.abstractmethod
    def news_events(self, *, state: str | None = None, review: str | None = None) -> list[dict[str, Any]]:
        """Stored events (filtered by lifecycle state and review state), oldest first."""

    @abc.abstractmethod
    def news_event(self, event_id: int) -> dict[str, Any] | None:
        """One stored event, or None."""

    @abc.abstractmethod
    def update_news_event(self, event_id: int, fields: dict[str, Any], at: str) -> None:
        """Change some fields of an event (state, review, linked entity, lead time, note...)."""

    @abc.abstractmethod
    def news_counts(self) -> dict[str, int]:
        """Articles, events and pending reviews."""
