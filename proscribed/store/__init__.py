"""Storage: one interface (:class:`Store`), one module per backend.

The store knows records, versions and changes; it imports only the model and the
errors. Filling a new store from the bundled data is a use case: ``service.open_store``.
"""

from .base import Store

__all__ = ["Store"]
