"""Docs that cannot rot: every command and subcommand of the CLI is in the README."""

from __future__ import annotations

from pathlib import Path

import click

from proscribed.cli import commands, news, own_lists, scan, serve, updates  # noqa: F401  (register the commands)
from proscribed.cli.main import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")


def _paths(group: click.Group, prefix: str) -> list[str]:
    out = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(f"{path} {sub}" for sub in command.commands)
    return out


def test_every_command_is_in_the_readme() -> None:
    missing = []
    for path in _paths(cli, "proscribed"):
        words = path.split()
        if len(words) == 2:
            ok = f"`{path}" in README
        else:  # a subcommand: "proscribed webhooks add" or listed as "/ `list`" after its group
            ok = f"`{path}" in README or (f"`{' '.join(words[:2])}" in README and f"`{words[2]}" in README)
        if not ok:
            missing.append(path)
    assert missing == []


def test_every_command_has_a_docstring() -> None:
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 20, name
