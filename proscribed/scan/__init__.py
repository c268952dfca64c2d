"""Find mentions of and links to registry entities in texts, pages and archives."""

from .build import build_scanner
from .scanner import Scanner

__all__ = ["Scanner", "build_scanner"]
