"""Proscribed: registries of organizations a government bans, with history, screening and evidence."""

from .exc import ProscribedError
from .matching import Match, ScreeningIndex, screen
from .model import Designation, Entity, Name, Provenance, Registry
from .store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Designation",
    "Entity",
    "Match",
    "Name",
    "ProscribedError",
    "Provenance",
    "Registry",
    "ScreeningIndex",
    "Store",
    "open_store",
    "screen",
    "__version__",
]
