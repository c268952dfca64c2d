"""The direction of imports: core below the use cases, use cases below the adapters, no cycles.

Read from the source (every import statement, those inside functions too), so a
lazy import cannot hide a wrong dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "proscribed"
ADAPTERS = {"cli", "api", "web", "server", "app", "__main__", "dask_nanny"}
USE_CASES = {"service"}
# Command registration: cli.main imports the command modules, which import cli.main's group.
ALLOWED_CYCLES = {frozenset({"proscribed.cli.main", m}) for m in
                  ("proscribed.cli.commands", "proscribed.cli.news", "proscribed.cli.own_lists", "proscribed.cli.scan",
                   "proscribed.cli.serve", "proscribed.cli.updates", "proscribed.cli.exports")}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
            for alias in node.names:
                full = f"{target}.{alias.name}"
                yield full if full in MODULES else target
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


GRAPH = {name: {t for t in _imports(name, path) if t in MODULES and t != name} for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _violations(rule: str) -> list[str]:
    bad = []
    for module, targets in GRAPH.items():
        src = _layer(module)
        for target in targets:
            dst = _layer(target)
            if rule == "core" and src not in ADAPTERS | USE_CASES and dst in ADAPTERS | USE_CASES:
                bad.append(f"{module} -> {target}")
            if rule == "service" and src in USE_CASES and dst in ADAPTERS:
                bad.append(f"{module} -> {target}")
            if rule == "web" and src == "web" and dst == "api":
                bad.append(f"{module} -> {target}")
            if rule == "store" and src == "store" and dst not in {"store", "model", "exc"}:
                bad.append(f"{module} -> {target}")
            if rule == "updates" and src == "updates" and dst == "news":
                bad.append(f"{module} -> {target}")
    return sorted(bad)


@pytest.mark.parametrize("rule", ["core", "service", "web", "store", "updates"])
def test_import_direction(rule: str) -> None:
    """core ↛ service/adapters; service ↛ adapters; web ↛ api; store → model, exc only; updates ↛ news."""
    assert _violations(rule) == []


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, command registration excepted."""
    cycles = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                loop = path[path.index(target):]
                if frozenset(loop) not in ALLOWED_CYCLES:
                    cycles.append(" -> ".join([*loop, target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert cycles == []


def test_the_rules_see_a_wrong_import() -> None:
    """The checker itself: a made-up core module importing an adapter is caught."""
    GRAPH["proscribed.matching.fake"] = {"proscribed.cli.main"}
    try:
        assert _violations("core") == ["proscribed.matching.fake -> proscribed.cli.main"]
    finally:
        del GRAPH["proscribed.matching.fake"]
