"""``proscribed``: the command group and the one error handler of the CLI."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .. import __version__
from ..config import Config
from ..exc import ProscribedError
from ..store import Store

__all__ = ["cli", "main", "emit_json", "get_config", "get_store"]


def get_config(ctx: click.Context) -> Config:
    """The configuration, read from the environment once per command, when a command first needs it."""
    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        obj["config"] = Config.from_env()
    config: Config = obj["config"]
    return config


def get_store(ctx: click.Context) -> Store:
    """The store, opened once per command (created from the bundled data on first use)."""
    from ..service.store import (
        open_store,  # the use cases' imports are paid by the commands that need data
    )

    obj = ctx.ensure_object(dict)
    if "store" not in obj:
        obj["store"] = open_store(get_config(ctx).db_path)
        ctx.call_on_close(obj["store"].close)
    store: Store = obj["store"]
    return store


def emit_json(obj: Any) -> None:
    """One compact JSON document per line (JSON Lines when called repeatedly)."""
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="proscribed")
def cli() -> None:
    """Registries of organizations Russia bans: who, since when, under which list.

    The store (an SQLite file, or a PostgreSQL database given as a postgresql://
    URL; PROSCRIBED_DB) is created from the bundled data on first use; no network
    is needed.
    """


def main() -> None:
    from . import commands, news, own_lists, scan, serve, updates  # noqa: F401  (register the commands on ``cli``)

    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)  # ctx.exit(n) of a command, returned in non-standalone mode
    except ProscribedError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as err:
        # One line, like every other error; the usage block is one --help away.
        where = err.ctx.command_path if err.ctx is not None else "proscribed"
        click.echo(f"error: {err.format_message()} (see '{where} --help')", err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        click.echo(f"error: {err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        sys.stderr.close()
        sys.exit(0)
