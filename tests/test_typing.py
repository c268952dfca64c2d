"""The package passes ``mypy --strict`` (configured in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path


def test_mypy_strict() -> None:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=root, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
