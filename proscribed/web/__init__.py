"""The web interface: server-rendered pages over the same data functions as the API."""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC_DIR", "TEMPLATE_DIR"]

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"
