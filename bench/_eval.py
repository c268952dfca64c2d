"""Where the shared evaluation sets are, and how to load their scoring scripts."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

__all__ = ["EVAL_DIR", "eval_module"]

EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def eval_module(filename: str) -> ModuleType:
    """A scoring script of the evaluation folder (e.g. ``mention_keys.py``), imported by path."""
    spec = importlib.util.spec_from_file_location(filename.removesuffix(".py"), EVAL_DIR / filename)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(EVAL_DIR / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
