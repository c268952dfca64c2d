"""Commands of the news early warning: news add|feeds|fetch|extract, events [--pending] accept|reject|merge."""

from __future__ import annotations

import click

from .commands import json_option
from .main import cli, emit_json, get_config, get_store


@cli.group()
def news() -> None:
    """Designation events from the news: follow feeds, fetch, extract."""


@news.command(name="add")
@click.argument("feed_url")
@click.pass_context
def news_add(ctx: click.Context, feed_url: str) -> None:
    """Follow the RSS or Atom feed at FEED_URL."""
    from ..service.news import add_feed

    added = add_feed(get_store(ctx), feed_url.strip())
    click.echo(f"following {feed_url}" if added else f"already following {feed_url}")


@news.command(name="feeds")
@json_option
@click.pass_context
def news_feeds(ctx: click.Context, as_json: bool) -> None:
    """Followed feeds, with their last check and error."""
    for f in get_store(ctx).news_feeds():
        emit_json(f) if as_json else click.echo(
            f"{f['id']:3}  {f['url']}  checked {f['last_checked_at'] or '-'}"
            + (f"  error: {f['last_error']}" if f["last_error"] else ""))


@news.command(name="fetch")
@json_option
@click.pass_context
def news_fetch(ctx: click.Context, as_json: bool) -> None:
    """Read the followed feeds: store new articles (once), extract their events, queue them for review.

    A feed that cannot be read is reported (exit code 5 broken feed, 6 unreachable) and the others go on.
    """
    from ..service.news import fetch_feeds

    reports = fetch_feeds(get_store(ctx), get_config(ctx))
    worst = 0
    for r in reports:
        worst = max(worst, int(r.get("exit_code", 0)))
        if as_json:
            emit_json(r)
        elif "error" in r:
            click.echo(f"error: {r['error']}", err=True)
        else:
            click.echo(f"{r['feed']}: {r['entries']} entries, {r['stored']} new, {r['duplicates']} known, "
                       f"{r['events']} events" + (f", {len(r['errors'])} failed" if r["errors"] else ""))
            for e in r["errors"]:
                click.echo(f"  skipped {e}", err=True)
    if worst:
        ctx.exit(worst)


@news.command(name="extract")
@click.argument("source")
@click.option("--save", is_flag=True, help="Also store the articles and queue their events for review.")
@json_option
@click.pass_context
def news_extract(ctx: click.Context, source: str, save: bool, as_json: bool) -> None:
    """Extract designation events from FILE, URL or - (JSON Lines or a text on stdin).

    One JSON object per article: id, events (org, status, jurisdiction, authority,
    decision_date, listing_date, date_basis, evidence, confidence, linked), list_size,
    mentioned_listed.
    """
    from ..service.news import extract_articles, read_source

    config = get_config(ctx)
    articles = read_source(source, config)
    for out in extract_articles(get_store(ctx), config, articles, save=save):
        if as_json:
            emit_json(out)
            continue
        click.echo(f"{out['id']}: {len(out['events'])} events"
                   + (f", list size {out['list_size']}" if out["list_size"] is not None else ""))
        for e in out["events"]:
            link = f" → {e['linked']['id']} (listed {e['linked']['listed_on']})" if e["linked"] else ""
            click.echo(f"  {e['org']}: {e['status']} ({e['jurisdiction']}, {e['authority']}, "
                       f"decided {e['decision_date'] or '?'}){link}  [{e['confidence']:.2f}]")
        for m in out["mentioned_listed"]:
            click.echo(f"  already listed: {m['name']}" + (f" → {m['linked']['id']}" if m["linked"] else ""))
        if "saved" in out:
            saved = out["saved"]
            if saved["outcome"] == "duplicate":
                click.echo(f"  saved: nothing (article {saved['article']} was already stored)")
            else:
                queued = len(saved["events"])
                click.echo(f"  saved: article {saved['article']}, {queued} event{'s' if queued != 1 else ''} "
                           "queued for review" + (f" (ids {', '.join(map(str, saved['events']))}; "
                                                  "see `proscribed events --pending`)" if queued else ""))


def _render(e: dict[str, object]) -> str:
    lead = f", lead {e['lead_days']} d" if e["lead_days"] is not None else ""
    return (f"{e['id']:4}  {e['review']:8} {e['state']:9} {e['org']} — {e['status']}, decided "
            f"{e['decision_date'] or '?'}" + (f" → {e['linked_id']}" if e["linked_id"] else "") + lead
            + (f"  ({e['note']})" if e["note"] else ""))


@cli.group(invoke_without_command=True)
@click.option("--pending", is_flag=True, help="Only events awaiting review.")
@json_option
@click.pass_context
def events(ctx: click.Context, pending: bool, as_json: bool) -> None:
    """Designation events found in the news, and their review (accept, reject, merge)."""
    from ..news.reconcile import list_events

    if ctx.invoked_subcommand is not None:
        return
    for e in list_events(get_store(ctx), pending=pending):
        emit_json(e) if as_json else click.echo(_render(e))


@events.command(name="accept")
@click.argument("event_id", type=int)
@click.pass_context
def events_accept(ctx: click.Context, event_id: int) -> None:
    """Mark event ID as right."""
    from ..news.reconcile import review_event

    click.echo(_render(review_event(get_store(ctx), event_id, "accept")))


@events.command(name="reject")
@click.argument("event_id", type=int)
@click.pass_context
def events_reject(ctx: click.Context, event_id: int) -> None:
    """Mark event ID as wrong (it is never reconciled)."""
    from ..news.reconcile import review_event

    click.echo(_render(review_event(get_store(ctx), event_id, "reject")))


@events.command(name="merge")
@click.argument("event_id", type=int)
@click.argument("into", type=int)
@click.pass_context
def events_merge(ctx: click.Context, event_id: int, into: int) -> None:
    """Mark event ID as the same designation as event INTO."""
    from ..news.reconcile import review_event

    click.echo(_render(review_event(get_store(ctx), event_id, "merge", into)))


@events.command(name="reconcile")
@json_option
@click.pass_context
def events_reconcile(ctx: click.Context, as_json: bool) -> None:
    """Match provisional (decided) events against the registry now (updates do this by themselves)."""
    from ..news.reconcile import reconcile

    for e in reconcile(get_store(ctx), threshold=get_config(ctx).match_threshold):
        emit_json(e) if as_json else click.echo(_render(e))
