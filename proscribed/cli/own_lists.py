"""Commands: load-entities (an own list into the store) and own-lists (the lists loaded, or remove one)."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import click

from .commands import json_option
from .main import cli, emit_json, get_store


def _lines(path: Path) -> int:
    """Lines of the file, for the bar's length: one quick pass before the load."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))


@cli.command(name="load-entities")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--list", "list_id", required=True, metavar="ID",
              help="Id of the own list (clients, pep-2026): loading again replaces it.")
@json_option
@click.pass_context
def load_entities(ctx: click.Context, file: Path, list_id: str, as_json: bool) -> None:
    """Load your own list of persons and organizations (JSON Lines) into the store, screened beside the registries.

    One entity per line: {"id": ..., "names": [...] or "name": ..., "schema": "person" or
    "organization", "birth_date": ..., "country": ...}; a .gz file is read through gzip.
    All or nothing: a bad line (reported with its number) leaves the store as it was.
    `check` then screens every name against the registries and the own lists.
    """
    from ..service.own_lists import load_own_list

    # A bar only where someone watches: stderr a terminal, and not JSON piped to a program.
    show_bar = sys.stderr.isatty() and not (as_json and not sys.stdout.isatty()) and file.is_file()
    lines = _lines(file) if show_bar else 1
    with click.progressbar(length=lines, label=f"loading {file.name}", file=sys.stderr, hidden=not show_bar) as bar:
        record = load_own_list(get_store(ctx), file, list_id, progress=lambda done: bar.update(done - bar.pos))
        bar.update(lines - bar.pos)  # the reader reports every 10,000 lines: the last ones end the bar
    if as_json:
        emit_json(record)
    else:
        click.echo(f"own list {record['id']}: {record['entities']:,} entities, {record['names']:,} names from "
                   f"{record['file']} (sha256 {record['sha256'][:12]}…) in {record['seconds']:.1f} s; "
                   "`proscribed check` screens them beside the registries")


@cli.command(name="own-lists")
@click.option("--remove", "remove", default=None, metavar="ID", help="Remove this own list and its entities.")
@json_option
@click.pass_context
def own_lists(ctx: click.Context, remove: str | None, as_json: bool) -> None:
    """The own lists loaded with load-entities (id, file, SHA-256, load time, counts), or remove one."""
    from ..service import own_lists as service

    store = get_store(ctx)
    if remove is not None:
        result = service.remove_own_list(store, remove)
        if as_json:
            emit_json(result)
        else:
            click.echo(f"own list {remove} removed")
        return
    lists = service.own_lists(store)
    for r in lists:
        if as_json:
            emit_json(r)
        else:
            click.echo(f"{r['id']}: {r['entities']:,} entities, {r['names']:,} names from {r['file']} "
                       f"(sha256 {r['sha256'][:12]}…), loaded {r['loaded_at']}")
    if not lists and not as_json:
        click.echo("no own lists (load one with `proscribed load-entities FILE --list ID`)")
