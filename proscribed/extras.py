"""Optional parts of the install (``pip install 'proscribed[dask]'``): a clear error when one is missing.

The default install carries what the default job needs (the web interface, the API,
screening, scanning on one machine); Dask, PostgreSQL and the news extractor's named-entity
model are extras, imported only by the commands that use them.
"""

from __future__ import annotations

import importlib.util

from .exc import InvalidInput

__all__ = ["require"]


def require(module: str, extra: str, feature: str) -> None:
    """Raise ``InvalidInput`` (exit code 2) naming the extra to install when ``module`` is not installed."""
    if importlib.util.find_spec(module) is None:
        raise InvalidInput(f"{feature} needs the optional package {module!r}: pip install 'proscribed[{extra}]'")
