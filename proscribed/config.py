"""One configuration, built once by each entry point and passed down.

The CLI builds it in ``cli/main.py``, the server in ``create_app``; the core
functions take the numbers they need as parameters and never read the
environment themselves (the registry API's connection settings excepted: they
belong to the connector, ``sources/minjust.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import settings

__all__ = ["Config"]


@dataclass(frozen=True)
class Config:
    """Every setting the use cases need; :meth:`from_env` reads the ``PROSCRIBED_*`` variables."""

    db_path: Path | str  # an SQLite file, or a postgresql:// URL
    match_threshold: float = 0.5
    max_drop: float = 0.2
    webhook_timeout: float = 10.0
    news_feeds: tuple[str, ...] = ()
    news_max_bytes: int = 10_000_000
    news_timeout: float = 20.0
    api_token: str | None = None
    api_max_body: int = 1_000_000
    api_timeout: float = 20.0
    api_connections: int = 8
    webhook_allow_private: bool = False

    @classmethod
    def from_env(cls, **overrides: object) -> Config:
        """The settings of the environment (each checked), with ``overrides`` on top."""
        values: dict[str, object] = dict(
            db_path=settings.db_path(), match_threshold=settings.match_threshold(), max_drop=settings.max_drop(),
            webhook_timeout=settings.webhook_timeout(), news_feeds=tuple(settings.news_feeds()),
            news_max_bytes=settings.news_max_bytes(), news_timeout=settings.news_timeout(),
            api_token=settings.api_token(), api_max_body=settings.api_max_body(), api_timeout=settings.api_timeout(),
            api_connections=settings.api_connections(), webhook_allow_private=settings.webhook_allow_private())
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
