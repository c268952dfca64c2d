"""Screening: candidates → score → explain."""

from .evidence import PersonFacts, facts_from_properties
from .index import ScreeningIndex
from .screen import Match, screen

__all__ = ["Match", "PersonFacts", "ScreeningIndex", "facts_from_properties", "screen"]
