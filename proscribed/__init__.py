"""Proscribed: registries of organizations a government bans, with history, screening and evidence.

The names below are loaded when first used, so ``import proscribed`` (and every
command's start-up) pays only for what it touches.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "ProscribedError": "proscribed.exc",
    "Match": "proscribed.matching",
    "ScreeningIndex": "proscribed.matching",
    "screen": "proscribed.matching",
    "Designation": "proscribed.model",
    "Entity": "proscribed.model",
    "Name": "proscribed.model",
    "Provenance": "proscribed.model",
    "Registry": "proscribed.model",
    "Store": "proscribed.store",
    "open_store": "proscribed.service.store",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'proscribed' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
