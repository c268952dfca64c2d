"""Errors of the HTTP layer, in the package's error tree (each knows its status)."""

from __future__ import annotations

from ..exc import ProscribedError

__all__ = ["Unauthorized", "Forbidden", "PayloadTooLarge", "RequestTimeout", "Unsupported"]


class Unauthorized(ProscribedError):
    """A write operation without a valid API token."""

    status = 401
    exit_code = 2


class Forbidden(ProscribedError):
    """A write operation while the server has no API token configured (writes are off)."""

    status = 403
    exit_code = 2


class PayloadTooLarge(ProscribedError):
    """A request body larger than ``PROSCRIBED_API_MAX_BODY``."""

    status = 413
    exit_code = 2


class RequestTimeout(ProscribedError):
    """A request that took longer than ``PROSCRIBED_API_TIMEOUT``."""

    status = 504
    exit_code = 1


class Unsupported(ProscribedError):
    """A request the server understands but does not serve (unknown format, dataset)."""

    status = 404
    exit_code = 2
