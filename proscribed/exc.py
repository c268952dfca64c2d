"""The error tree: every error knows its HTTP status and its CLI exit code.

Adapters catch :class:`ProscribedError` once: the CLI prints ``error: <message>``
and exits with ``exit_code``; the HTTP layer answers with ``status``.
"""

from __future__ import annotations

__all__ = [
    "ProscribedError",
    "InvalidInput",
    "NotFound",
    "StoreError",
    "StoreCorrupt",
    "StoreTooNew",
    "DataError",
    "SourceUnavailable",
    "Quarantined",
]


class ProscribedError(Exception):
    """Root of every error the package raises on purpose."""

    status: int = 500
    exit_code: int = 1


class InvalidInput(ProscribedError):
    """The caller gave something we cannot use (empty name, bad date, unknown id)."""

    status = 400
    exit_code = 2


class NotFound(ProscribedError):
    """An entity, registry or version that does not exist."""

    status = 404
    exit_code = 3


class StoreError(ProscribedError):
    """The store cannot be opened or written."""

    status = 503
    exit_code = 4


class StoreCorrupt(StoreError):
    """The database file is not a database we can read: never replaced silently."""


class StoreTooNew(StoreError):
    """The database was written by a newer version of Proscribed."""


class Quarantined(ProscribedError):
    """A fetched version failed the safety checks: kept for inspection, not applied."""

    status = 409
    exit_code = 7


class DataError(ProscribedError):
    """Bundled or fetched data does not have the shape we expect."""

    status = 502
    exit_code = 5


class SourceUnavailable(ProscribedError):
    """An online source did not answer (timeouts, connection errors, 5xx) after every retry.

    Distinct from :class:`DataError`: nothing is wrong with the data, so trying again
    later may succeed.
    """

    status = 503
    exit_code = 6
