"""Commands: scan (one text, page or URL) and scan-archive (a folder, JSONL or SQLite archive)."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from ..exc import InvalidInput, NotFound
from .commands import DATE, json_option
from .main import cli, emit_json, get_store


@cli.command()
@click.argument("source")
@click.option("--published", type=DATE, default=None, help="The document's date: says if each entity was listed then.")
@click.option("--as-of", type=DATE, default=None, help="Status of the entities as of this date (default today).")
@json_option
@click.pass_context
def scan(ctx: click.Context, source: str, published: date | None, as_of: date | None, as_json: bool) -> None:
    """Find mentions of and links to registry entities in a text, Markdown or HTML file, URL or '-'.

    Offsets are character offsets into the text (for HTML, the extracted text).
    """
    from ..scan import build_scanner
    from ..scan.document import scan_stream
    from ..service.scan import TextStream, open_document
    from ..service.scan import scan as scan_content

    doc = open_document(source)
    scanner = build_scanner(get_store(ctx))
    if isinstance(doc, TextStream):
        # A text of any length, in blocks: mentions are printed as they are found.
        mentions = scan_stream(scanner, doc.blocks(), published=published, as_of=as_of)
    else:
        mentions = iter(scan_content(scanner, doc.content, html=doc.html, published=published, as_of=as_of,
                                     source=source)["mentions"])
    count = 0
    for m in mentions:
        count += 1
        if as_json:
            emit_json(m)
            continue
        when = ""
        if m.get("listed_at_document_date") is not None:
            when = " · listed at the document's date" if m["listed_at_document_date"] else " · not yet listed then"
        listed = m["listed_on"] or "date unknown"
        # The status once, with its date (as `check` prints it): "listed since D", "excluded (listed D)".
        status = f"listed since {listed}" if m["status"] == "listed" else f"{m['status']} (listed {listed})"
        click.echo(f"{m['start']}-{m['end']}  {m['surface']!r} → {m['id']} ({m['registry']}, {status}{when}) "
                   f"[{m['kind']}, {m['strength']}]"
                   + (f" {m['url']}" if m.get("url") else ""))
    if isinstance(doc, TextStream) and doc.blank:
        raise InvalidInput("nothing to scan: give a text or a URL")
    if doc.bad_utf8_at is not None:
        click.echo(f"warning: invalid UTF-8 at byte {doc.bad_utf8_at}; undecodable bytes replaced", err=True)
    if not as_json:
        click.echo(f"{count} mentions", err=True)


@cli.command(name="scan-archive")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--table", default="documents", show_default=True, help="Table of an SQLite archive.")
@click.option("--since-version", type=int, default=None,
              help="Scan only for entities added or changed after this registry version.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write JSON Lines here (resumable) instead of the store.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", default=None, help="A Dask scheduler address (tcp://host:8786) to run on.")
@click.option("--as-of", type=DATE, default=None, help="Status of the entities as of this date (default today).")
@click.option("--details", is_flag=True,
              help="JSON Lines: full mention objects (surface, registry, status, ...) instead of offsets and ids.")
@json_option
@click.pass_context
def scan_archive(ctx: click.Context, source: Path, table: str, since_version: int | None, out: Path | None,
                 workers: int, scheduler: str | None, as_of: date | None, details: bool, as_json: bool) -> None:
    """Scan every document of a folder, a JSONL file ({id, text|html, published}) or an SQLite table.

    Results go to the store (or, with --json, as JSON Lines to stdout, or to --out FILE).
    JSON Lines mentions are {start, end, id} (and also, url) unless --details; the store keeps
    full mention objects. Killed and started again, the run resumes where it stopped (store or --out file).
    """
    from ..service.archive import ArchiveScan

    job = ArchiveScan(get_store(ctx), source, table=table, since_version=since_version, out=out,
                      stream=sys.stdout.buffer if as_json else None, details=details)
    if os.environ.get("PROSCRIBED_NO_PROGRESS") is not None:
        done = job.run(workers=workers, scheduler=scheduler, as_of=as_of)  # no bar: the archive is not counted
    else:
        with click.progressbar(length=job.total(), label="scanning", file=sys.stderr, show_pos=True) as bar:
            bar.update(len(job.skip))
            done = job.run(workers=workers, scheduler=scheduler, as_of=as_of, progress=bar.update)
    click.echo(f"{done['documents']} documents scanned ({done['already_done']} already done), "
               f"{done['mentions']} mentions" + (f"; run {done['run']} in the store" if done["run"] else ""), err=True)


@cli.command(name="scan-results")
@click.argument("run", type=int, required=False)
@click.option("--with-mentions", "only_hits", is_flag=True, help="Only documents with at least one mention.")
@json_option
@click.pass_context
def scan_results(ctx: click.Context, run: int | None, only_hits: bool, as_json: bool) -> None:
    """Archive scans kept in the store: the runs, or the documents and mentions of RUN."""
    store = get_store(ctx)
    if run is None:
        for r in store.scan_runs():
            emit_json(r) if as_json else click.echo(
                f"{r['id']:4}  {r['started_at']}  {r['finished_at'] or 'unfinished':25}  {r['documents']:7} docs  "
                f"{r['mentions']:7} mentions  {r['source']}")
        return
    if all(r["id"] != run for r in store.scan_runs()):
        raise NotFound(f"no scan run {run} (see: proscribed scan-results)")
    for doc_id, mentions in store.scan_results(run):
        if only_hits and not mentions:
            continue
        if as_json:
            emit_json({"id": doc_id, "mentions": mentions})
        else:
            found = ", ".join(f"{m['surface']!r}→{m['id']}" for m in mentions) or "-"
            click.echo(f"{doc_id}: {found}")
