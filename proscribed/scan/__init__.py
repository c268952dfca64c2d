"""Find mentions of and links to registry entities in texts, pages and archives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .build import build_scanner

if TYPE_CHECKING:
    from .scanner import Scanner

__all__ = ["Scanner", "build_scanner"]


def __getattr__(name: str) -> Any:
    # The scanner's modules load when first used, not with the package: a Dask scan's command,
    # whose workers load the scanner, never needs them (see scan.build).
    if name == "Scanner":
        from .scanner import Scanner

        return Scanner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
