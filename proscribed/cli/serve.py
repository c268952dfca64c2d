"""Commands of the server and exports: ``serve`` and ``export``."""

from __future__ import annotations

import sys
from typing import IO

import click

from ..exports import FORMATS, export_lines
from .main import cli, get_store

__all__ = ["serve", "export", "get"]


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (each keeps its own screening index in memory).")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web interface and the JSON API (OpenAPI schema at /openapi.json).

    Read operations are public; write operations (updates, webhooks, watchlist)
    need the PROSCRIBED_API_TOKEN setting and the header 'Authorization: Bearer
    <token>'. Uses the store of PROSCRIBED_DB (created from the bundled data on
    first use); no network is needed.
    """
    import uvicorn  # it takes httptools and uvloop (dependencies of this package) when they are installed

    from ..app import serving_app

    if workers == 1:
        app = serving_app()  # opens the store now: a broken store fails before listening
        click.echo(f"serving on http://{host}:{port}/", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    else:
        click.echo(f"serving on http://{host}:{port}/ with {workers} workers", err=True)
        uvicorn.run("proscribed.app:serving_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", access_log=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="ftm", show_default=True,
              help="ftm: FollowTheMoney entities (Organization/Person + Sanction), JSON Lines; "
                   "csv: one row per designation; jsonl: one entity per line with provenance.")
@click.option("--registry", default=None, help="Only this registry (default: all).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-", show_default=True,
              help="File to write ('-': standard output).")
@click.pass_context
def export(ctx: click.Context, fmt: str, registry: str | None, output: IO[str]) -> None:
    """Export every current entity of the store (FollowTheMoney entities are validated)."""
    lines = export_lines(get_store(ctx), fmt, registry)
    count = 0
    for chunk in lines:
        output.write(chunk)
        count += 1
    output.flush()
    if output is not sys.stdout:
        click.echo(f"{count} lines written", err=True)


@cli.command()
@click.argument("path")
@click.option("--status", "show_status", is_flag=True, help="Print the HTTP status on stderr.")
def get(path: str, show_status: bool) -> None:
    """Print the answer of the web application to GET PATH, in process (no server, no network).

    For scripts and checks: ``proscribed get /api/entities?q=Amnesty``, ``proscribed get /``.
    Exits 1 when the status is not 2xx.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about its test client's transport; it works
        from fastapi.testclient import TestClient

    from ..app import create_app

    if not path.startswith("/"):
        path = "/" + path
    with TestClient(create_app()) as client:
        answer = client.get(path)
    if show_status:
        click.echo(f"HTTP {answer.status_code}", err=True)
    click.echo(answer.text, nl=not answer.text.endswith("\n"))
    if not answer.is_success:
        raise SystemExit(1)
