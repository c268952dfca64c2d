"""Storage: one interface (:class:`Store`), one module per backend."""

from .base import Store
from .open import open_store

__all__ = ["Store", "open_store"]
