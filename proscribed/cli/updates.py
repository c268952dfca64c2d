"""Commands of live updates: update, watch, diff, changes, history, versions, feeds, webhooks, watch-names."""

from __future__ import annotations

import re
import secrets
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..exc import InvalidInput, NotFound
from ..model.clock import now_iso
from ..registries import check_registry_id
from .commands import DATE, SINCE, json_option
from .main import cli, emit_json, get_config, get_store


def _render_change(c: dict[str, Any]) -> str:
    facts = [f"{k} {c[k]}" for k in ("listed_on", "listing_order", "decision_date", "excluded_on", "exclusion_order")
             if c.get(k)]
    what = f" {c['field']}: {c['old']!r} → {c['new']!r}" if c["kind"] in ("modified", "renamed") else ""
    return (f"{c['valid_on'] or '----------'}  {c['kind']:10} {c['entity_id']}  {c.get('name') or ''}{what}"
            + (f"  [{'; '.join(facts)}]" if facts else ""))


def _run_updates(ctx: click.Context, registries: list[str], file: Path | None, as_json: bool,
                 accept: int | None = None) -> int:
    """Update each registry with a progress bar (on a terminal), report each; the worst exit code (0 if none)."""
    from ..service.updates import update_registries

    bars: dict[str, Any] = {}

    def progress(registry: str, done: int, total: int) -> None:
        bar = bars.get(registry)
        if bar is None:
            bar = bars[registry] = click.progressbar(length=max(total, 1), label=registry, file=sys.stderr)
            bar.__enter__()
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    def on_result(summary: dict[str, Any]) -> None:
        bar = bars.pop(summary["registry"], None)
        if bar is not None:
            bar.__exit__(None, None, None)
        _report(summary, as_json)

    show_bars = not as_json and sys.stderr.isatty()
    report = update_registries(get_store(ctx), get_config(ctx), registries, accept=accept, file=file,
                               progress=progress if show_bars else None, on_result=on_result)
    if report.delivered or report.to_retry:
        click.echo(f"webhooks: {report.delivered} delivered, {report.to_retry} to retry", err=True)
    return report.exit_code


def _report(summary: dict[str, Any], as_json: bool) -> None:
    if summary["outcome"] == "failed":
        if as_json:
            emit_json({k: summary[k] for k in ("registry", "outcome", "error")})
        else:
            click.echo(f"error: {summary['error']}", err=True)
        return
    if as_json:
        emit_json(summary)
        return
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary["changes"].items())) or "no changes"
    click.echo(f"{summary['registry']}: {summary['outcome']} ({summary['rows']} rows"
               + (f", version {summary['version']}" if summary["version"] else "") + f"): {kinds}")


@cli.command()
@click.option("--registry", "registries", multiple=True,
              help="Registry id to update (repeatable; default: every registry on the official API).")
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Read the registry's XLSX export instead of the API (needs exactly one --registry).")
@click.option("--accept", "accept", type=click.IntRange(min=1), default=None, metavar="VERSION",
              help="Apply this quarantined version exactly as fetched (after a person inspected it); no fetch.")
@click.option("--force", is_flag=True, hidden=True, help="Refused: use --accept VERSION.")
@json_option
@click.pass_context
def update(ctx: click.Context, registries: tuple[str, ...], file: Path | None, accept: int | None, force: bool,
           as_json: bool) -> None:
    """Fetch the registries from the Ministry of Justice and apply what changed.

    Each fetch is a version; a payload identical to the latest applied one makes no
    new version. A version that would drop many entries without exclusions, lacks
    required columns, is empty or has bad rows (no name, over-long fields, control
    characters, implausible dates, repeated records) is quarantined (exit code 7)
    and nothing changes; `versions --problems V` lists why, `--accept V` applies
    exactly that version. An unreachable source exits with code 6 and changes nothing.
    """
    from ..service.updates import FORCE_GONE, chosen_registries

    if force:
        # Kept as an option so that old scripts get this explanation, not "no such option".
        raise InvalidInput(FORCE_GONE)
    if accept is not None and (registries or file is not None):
        raise InvalidInput("--accept applies one stored version: it takes no --registry or --file")
    chosen = chosen_registries(registries)
    if file is not None and len(chosen) != 1:
        raise InvalidInput("--file needs exactly one --registry")
    code = _run_updates(ctx, chosen, file, as_json, accept)
    if code:
        ctx.exit(code)


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")


def _seconds(value: str) -> float:
    m = _DURATION.match(value.strip())
    if not m:
        raise InvalidInput(f"invalid duration {value!r}: expected e.g. 30m, 6h, 1d")
    return float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


@cli.command()
@click.option("--every", "every", default="6h", show_default=True, help="Time between updates (30m, 6h, 1d).")
@click.option("--registry", "registries", multiple=True, help="Registry id (repeatable; default: all on the API).")
@click.option("--times", type=click.IntRange(min=1), default=None, help="Stop after this many rounds.")
@click.pass_context
def watch(ctx: click.Context, every: str, registries: tuple[str, ...], times: int | None) -> None:
    """Keep updating: update, deliver webhooks, sleep, repeat (Ctrl-C stops)."""
    from ..service.updates import chosen_registries

    pause = _seconds(every)
    chosen = chosen_registries(registries)
    rounds = 0
    while True:
        click.echo(f"{now_iso()} updating {', '.join(chosen)}", err=True)
        _run_updates(ctx, chosen, None, False)
        rounds += 1
        if times is not None and rounds >= times:
            return
        time.sleep(pause)


@cli.command()
@click.option("--from", "start", type=DATE, required=True,
              help="First date (2025-05-19, 19.05.2025, 19 мая 2025), included.")
@click.option("--to", "end", type=DATE, required=True,
              help="Last date (2025-05-19, 19.05.2025, 19 мая 2025), included.")
@click.option("--registry", default=None, help="Only this registry.")
@json_option
@click.pass_context
def diff(ctx: click.Context, start: date, end: date, registry: str | None, as_json: bool) -> None:
    """What changed between two dates (valid time): additions, exclusions, renames, with dates and orders."""
    from ..service import queries

    rows = queries.diff(get_store(ctx), start, end, registry)
    for row in rows:
        emit_json(row) if as_json else click.echo(_render_change(row))
    if not as_json:
        click.echo(f"{len(rows)} changes", err=True)


@cli.command()
@click.option("--since", "since", type=SINCE, required=True, help="Observed at or after (date or date-time).")
@click.option("--registry", default=None, help="Only this registry.")
@json_option
@click.pass_context
def changes(ctx: click.Context, since: str, registry: str | None, as_json: bool) -> None:
    """Changes our copy observed since a time (transaction time), oldest first."""
    from ..service import queries

    rows = queries.changes_since(get_store(ctx), since, registry)
    for row in rows:
        emit_json(row) if as_json else click.echo(f"{row['observed_at']}  " + _render_change(row))
    if not as_json:
        click.echo(f"{len(rows)} changes", err=True)


@cli.command()
@click.argument("entity_id")
@json_option
@click.pass_context
def history(ctx: click.Context, entity_id: str, as_json: bool) -> None:
    """Every state our copy held of an entity and every change, with times."""
    from ..service import queries

    data = queries.history(get_store(ctx), entity_id)
    if as_json:
        emit_json(data)
        return
    for rec in data["records"]:
        d = rec["record"]["designations"][0]
        click.echo(f"{rec['recorded_from']} → {rec['recorded_to'] or 'now'}  version {rec['version']}  "
                   f"{rec['record']['caption']}  [{d.get('status')}, listed {d.get('listed_on')}]")
    for c in data["changes"]:
        click.echo(f"  {c['observed_at']}  {c['kind']}" + (f" {c['field']}: {c['old']!r} → {c['new']!r}"
                                                         if c["kind"] in ("modified", "renamed") else ""))


@cli.command()
@click.option("--registry", default=None, help="Only this registry.")
@click.option("--payload", "payload_of", type=int, default=None,
              help="Print the raw payload of this version as fetched (to inspect a quarantined one).")
@click.option("--problems", "problems_of", type=int, default=None, metavar="V",
              help="Print why this version was quarantined (or forced), one problem a line.")
@json_option
@click.pass_context
def versions(ctx: click.Context, registry: str | None, payload_of: int | None, problems_of: int | None,
             as_json: bool) -> None:
    """Fetched versions of the sources, newest first (quarantined ones included)."""
    store = get_store(ctx)
    if problems_of is not None:
        found = next((v for v in store.versions() if v.id == problems_of), None)
        if found is None:
            raise NotFound(f"no version {problems_of} (see: proscribed versions)")
        problems = found.message.split("; ") if found.message else []
        if as_json:
            emit_json({"id": found.id, "registry": found.registry, "status": found.status, "problems": problems})
        else:
            for p in problems:
                click.echo(p)
        return
    if payload_of is not None:
        try:
            data = store.version_payload(payload_of)
        except KeyError:
            raise NotFound(f"no version {payload_of} (see: proscribed versions)") from None
        sys.stdout.buffer.write(data if data.endswith(b"\n") else data + b"\n")
        return
    for v in store.versions(registry):
        row = {"id": v.id, "registry": v.registry, "status": v.status, "retrieved_at": v.retrieved_at,
               "rows": v.row_count, "sha256": v.sha256, "source": v.source, "message": v.message}
        emit_json(row) if as_json else click.echo(
            f"{v.id:5}  {v.registry:18} {v.status:11} {v.retrieved_at}  {v.row_count:5} rows  {v.source}"
            + (f"\n       {v.message}" if v.message else ""))


@cli.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the feed files.")
@click.option("--registry", "registries", multiple=True, help="Registry feeds to write (default: all).")
@click.option("--entity", "entities", multiple=True, help="Also write the feed of this entity (repeatable).")
@click.option("--since", type=SINCE, default="1970-01-01", help="Only changes observed since then.")
@click.pass_context
def feeds(ctx: click.Context, out: Path, registries: tuple[str, ...], entities: tuple[str, ...], since: str) -> None:
    """Write Atom feeds of changes: <registry>.atom and entities/<id>.atom."""
    from ..alerts.atom import write_feeds
    from ..service import queries

    store = get_store(ctx)
    titles = {r.id: r.title_en for r in store.registries()}
    chosen = list(registries) or list(titles)
    for r in chosen:
        check_registry_id(r)
    rows = queries.changes_since(store, since)
    per_registry = {r: [c for c in rows if c["registry"] == r] for r in chosen}
    per_entity = {e: [c for c in rows if c["entity_id"] == e] for e in entities}
    for path in write_feeds(out, per_registry, per_entity, titles, now_iso()):
        click.echo(str(path))


@cli.group()
def webhooks() -> None:
    """Webhooks: POST each change as JSON, signed as Standard Webhooks do (webhook-id, webhook-timestamp,
    webhook-signature: HMAC-SHA256 of "id.timestamp.body"; see docs/updates.md)."""


@webhooks.command(name="add")
@click.argument("url")
@click.option("--secret", default=None, help="Shared secret for the signature (default: a new random one, printed).")
@click.pass_context
def webhooks_add(ctx: click.Context, url: str, secret: str | None) -> None:
    """Deliver future changes to URL."""
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(f"not an http(s) URL: {url!r}")
    key = secret or secrets.token_hex(16)
    get_store(ctx).add_webhook(url, key)
    click.echo(f"added {url}; secret {key}")


@webhooks.command(name="list")
@json_option
@click.pass_context
def webhooks_list(ctx: click.Context, as_json: bool) -> None:
    """Configured webhooks and the delivery queue."""
    store = get_store(ctx)
    for hook in store.webhooks():
        emit_json(hook) if as_json else click.echo(f"{hook['id']:3}  {hook['url']}")
    counts = store.outbox_counts()
    if not as_json:
        click.echo(f"deliveries: {counts['delivered']} delivered, {counts['pending']} pending", err=True)


@webhooks.command(name="remove")
@click.argument("url")
@click.pass_context
def webhooks_remove(ctx: click.Context, url: str) -> None:
    """Stop delivering to URL (its pending deliveries are dropped)."""
    if not get_store(ctx).remove_webhook(url):
        raise InvalidInput(f"no webhook {url!r}")
    click.echo(f"removed {url}")


@webhooks.command(name="deliver")
@click.pass_context
def webhooks_deliver(ctx: click.Context) -> None:
    """Send the deliveries that are due now (updates do this too)."""
    from ..alerts.webhooks import deliver_pending

    config = get_config(ctx)
    report = deliver_pending(get_store(ctx), timeout=config.webhook_timeout, allow_private=config.webhook_allow_private)
    click.echo(f"{report.delivered} delivered, {report.failed} to retry")


@cli.group(name="watch-names")
def watch_names() -> None:
    """A watchlist: names to alert on when a new or changed entry matches them."""


@watch_names.command(name="add")
@click.argument("names", nargs=-1, required=True)
@click.pass_context
def watch_add(ctx: click.Context, names: tuple[str, ...]) -> None:
    """Watch NAMES (screened against every entry an update adds or changes)."""
    store = get_store(ctx)
    if any(not name.strip() for name in names):
        raise InvalidInput("empty name")
    known = {w["name"] for w in store.watches()}
    for name in (n.strip() for n in names):
        store.add_watch(name, now_iso())
        click.echo(f"already watching {name}" if name in known else f"watching {name}")
        known.add(name)


@watch_names.command(name="list")
@json_option
@click.pass_context
def watch_list(ctx: click.Context, as_json: bool) -> None:
    """Watched names."""
    for w in get_store(ctx).watches():
        emit_json(w) if as_json else click.echo(f"{w['id']:3}  {w['name']}")


@watch_names.command(name="remove")
@click.argument("name")
@click.pass_context
def watch_remove(ctx: click.Context, name: str) -> None:
    """Stop watching NAME."""
    if not get_store(ctx).remove_watch(name):
        raise InvalidInput(f"not watched: {name!r}")
    click.echo(f"no longer watching {name}")


@watch_names.command(name="hits")
@click.option("--since", type=SINCE, default=None, help="Only alerts raised since then.")
@json_option
@click.pass_context
def watch_hits(ctx: click.Context, since: str | None, as_json: bool) -> None:
    """Alerts: watched names that matched an added or changed entry."""
    for h in get_store(ctx).watch_hits(since):
        emit_json(h) if as_json else click.echo(
            f"{h['created_at']}  {h['watch']!r} matched {h['entity_id']} ({h['kind']}, score {h['score']:.2f})")
