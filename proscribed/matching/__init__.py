"""Screening: candidates → score → explain."""

from .index import ScreeningIndex
from .screen import Match, screen

__all__ = ["Match", "ScreeningIndex", "screen"]
