"""The commands: each parses its input, calls one core function, renders."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from ..exc import InvalidInput
from ..service.inputs import parse_date, parse_timestamp
from .main import cli, emit_json, get_config, get_store


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value))
        except InvalidInput as err:
            self.fail(str(err), param, ctx)


DATE = _Date()
as_of_option = click.option("--as-of", type=DATE, default=None,
                            help="Answer as the registries stood on this date (2025-05-19, 19.05.2025, "
                                 "19 мая 2025, 19 May 2025).")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output (JSON Lines).")


class _Timestamp(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    name = "TIMESTAMP"

    def __init__(self, end_of_day: bool) -> None:
        self.end_of_day = end_of_day

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return parse_timestamp(str(value), end_of_day=self.end_of_day)
        except InvalidInput as err:
            self.fail(str(err), param, ctx)


TIMESTAMP = _Timestamp(end_of_day=True)  # --known-as-of DATE: all that was known that day
SINCE = _Timestamp(end_of_day=False)  # --since DATE: from the start of that day
known_option = click.option("--known-as-of", type=TIMESTAMP, default=None,
                            help="Answer from what our copy held at this time (date or ISO date-time, UTC).")


_BAR_FROM = 100  # names from which `check` shows a progress bar


def _read_stdin_names() -> list[str]:
    data = sys.stdin.buffer.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InvalidInput(f"standard input is not valid UTF-8 (byte {err.start})") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


@cli.command()
@click.argument("names", nargs=-1, required=True)
@as_of_option
@known_option
@json_option
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Minimum score, a calibrated probability (default: the PROSCRIBED_MATCH_THRESHOLD setting, 0.50).")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True, help="Matches per name.")
@click.option("--birth-date", default=None, metavar="DATE",
              help="A person's birth date (YYYY, YYYY-MM or YYYY-MM-DD): a different one counts against a match.")
@click.pass_context
def check(ctx: click.Context, names: tuple[str, ...], as_of: date | None, known_as_of: str | None,
          as_json: bool, threshold: float | None, limit: int, birth_date: str | None) -> None:
    """Screen NAMES against every registry; '-' reads one name per line from stdin.

    Finds entries across scripts and spellings (Latin/Cyrillic, transliterations,
    look-alike letters), brands and acronyms, Russian inflected forms, typos and
    persons written in any order. Scores are in [0, 1]; matches below the
    threshold are not shown. Exit code 0 whether or not anything matched.
    """
    items = _read_stdin_names() if list(names) == ["-"] else list(names)
    if not items:
        raise InvalidInput("no names on standard input")
    from ..service import queries

    cutoff = get_config(ctx).match_threshold if threshold is None else threshold
    # A bar only where someone watches: stderr a terminal, and not JSON piped to a program.
    show_bar = len(items) >= _BAR_FROM and sys.stderr.isatty() and not (as_json and not sys.stdout.isatty())
    with click.progressbar(length=len(items), label="screening", file=sys.stderr,
                           hidden=not show_bar) as bar:
        results = queries.check_names(get_store(ctx), items, threshold=cutoff, as_of=as_of, limit=limit,
                                      known_as_of=known_as_of, birth_date=birth_date,
                                      progress=lambda done: bar.update(done - bar.pos))
    for result in results:
        if as_json:
            emit_json(result)
        else:
            _render_check(result, cutoff)


def _numbers(positions: list[int]) -> str:
    """``1 and 3``, ``1, 2 and 3``."""
    words = [str(p) for p in positions]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _render_check(result: dict[str, Any], cutoff: float) -> None:
    from ..service.wording import status_in_words

    click.echo(click.style(result["query"], bold=True))
    matches = result["matches"]
    if not matches:
        click.echo(f"  no match (threshold {cutoff:.2f})")
    for i, m in enumerate(matches, 1):
        seat = f" ({m['country']})" if m["country"] and m["country"] not in m["name"] else ""
        click.echo(f"  {i}. {m['name']}{seat}")
        click.echo(f"     {m['id']} · {m['registry']} · "
                   f"{status_in_words(m['status'], m['listed_on'], m['excluded_on'])} · score {m['score']:.2f}")
        click.echo(f"     matched «{m['matched_name']}», {m['how']}")
    for group in result["linked"]:
        click.echo(f"  note: {_numbers(group['results'])} are one organization, {group['name']}, listed on "
                   f"{len(group['registries'])} lists ({', '.join(group['registries'])}): entries linked with "
                   f"evidence; `proscribed show {matches[group['results'][0] - 1]['id']}` shows them together")
    for group in result["same_name"]:
        click.echo(f"  note: {_numbers(group['results'])} share the name «{group['name']}» on "
                   f"{len(group['registries'])} lists ({', '.join(group['registries'])}): "
                   "possibly one organization listed on each; see `proscribed show ID` for each entry")
    ties: dict[float, list[int]] = {}
    for i, m in enumerate(matches, 1):
        ties.setdefault(round(m["score"], 2), []).append(i)
    one_organization = [set(group["results"]) for group in result["linked"]]
    for score, tied in ties.items():
        if len(tied) > 1 and not any(set(tied) <= linked for linked in one_organization):
            click.echo(f"  note: {_numbers(tied)} score the same ({score:.2f}) but are separate entries "
                       "(different ids and names)")


@cli.command(name="list")
@click.option("--registry", "registry", required=True, help="Registry id, e.g. ru-undesirable.")
@as_of_option
@known_option
@json_option
@click.pass_context
def list_cmd(ctx: click.Context, registry: str, as_of: date | None, known_as_of: str | None, as_json: bool) -> None:
    """Entries of one registry (as of a date), in registry order."""
    from ..service import queries

    rows = queries.list_entries(get_store(ctx), registry, as_of, known_as_of)
    for row in rows:
        if as_json:
            emit_json(row)
        else:
            click.echo(f"{row['listed_on'] or '----------'}  {row['id']}  {row['name']}")
    if not as_json:
        click.echo(f"{len(rows)} entries", err=True)


_BASIS = {"registry": "date given by the registry",
          "stated": "date stated in public reports",
          "announced": "day the decision was announced, per public reports; the decision may be a few days earlier"}


def _render_entity(document: dict[str, Any]) -> None:
    from ..service.wording import status_in_words

    entity = document["entity"]
    click.echo(click.style(entity["caption"], bold=True))
    click.echo(f"id {entity['id']} · {entity['schema']}" + (f" · {entity['country']}" if entity["country"] else ""))
    if document["as_of"]:
        click.echo(f"as of {document['as_of']}")
    click.echo("names:")
    for n in entity["names"]:
        tags = ", ".join(x for x in (n["kind"], n["lang"], "weak" if n["weak"] else None,
                                     "unverified" if n.get("unverified") else None) if x)
        click.echo(f"  {n['value']}  [{tags}] ({n['source']})")
    for d in entity["designations"]:
        status = d["status"] if d["status"] == "not yet listed" else \
            status_in_words(d["status"], d["listed_on"], d["excluded_on"])
        click.echo(f"designation: {d['registry']} · {status}")
        if d["decision_date"] is None:
            click.echo(f"  decision: {d['decision_date_note']}")
        else:
            click.echo(f"  decision: {d['decision_date']} ({_BASIS[d['decision_date_basis']]})"
                       + (f" — {d['decision_date_note']}" if d["decision_date_note"] else ""))
        for src in d["decision_sources"]:
            click.echo(f"    {src['decision_date']} {src['basis']} · {src['publisher']} {src['published'] or ''} "
                       f"[{src['how_obtained']}] {src['url']}")
            click.echo(f"      “{src['quote']}”")
        for label, key in (("decision authority", "decision_authority"), ("decision number", "decision_number"),
                           ("listed on", "listed_on"), ("listing order", "listing_order"),
                           ("published on", "published_on"), ("excluded on", "excluded_on"),
                           ("exclusion order", "exclusion_order"), ("legal basis", "legal_basis")):
            if d[key] is not None:
                click.echo(f"  {label}: {d[key]}")
        for p in d["provenance"]:
            click.echo(f"  source: {p['source']} (retrieved {p['retrieved_at']})"
                       + (f" — {p['note']}" if p.get("note") else ""))
    for key, value in sorted(entity["properties"].items()):
        click.echo(f"{key}: {value}")


def _render_linked(document: dict[str, Any]) -> None:
    """The organization's other entries and the timeline of all its designations."""
    linked = document["linked"]
    if linked is None:
        return
    click.echo(click.style(f"one organization on several lists: {linked['caption']}", bold=True)
               + f" ({len(linked['members'])} entries)")
    for m in linked["members"]:
        registries = ", ".join(d["registry"] for d in m["designations"])
        click.echo(f"  {m['id']}  {registries} · {m['relation']}  {m['name'][:90]}")
        ev = m["evidence"]
        click.echo(f"        evidence ({ev['basis']}): {ev['url']} «{ev['quote'][:120]}»")
    click.echo("timeline:")
    for t in document["timeline"]:
        click.echo(f"  {t['date'] or '----------'}  {t['kind']:9} {t['registry']:18} {t['entity_id']}"
                   + (f" · {t['detail']}" if t["detail"] else ""))


@cli.command()
@click.argument("entity")
@as_of_option
@known_option
@json_option
@click.pass_context
def show(ctx: click.Context, entity: str, as_of: date | None, known_as_of: str | None, as_json: bool) -> None:
    """All names and designations of ENTITY (an id, or a name to screen), with provenance.

    A name that matches several entries lists them (pick one by its id); one that
    matches a single entry shows it. --as-of gives each designation's status on
    that date. --json prints the same document as the API's GET /api/entities/{id}
    (or, for several matches, the list as `check --json` gives it).
    """
    from ..service import views

    document = views.show_entity(get_store(ctx), entity, threshold=get_config(ctx).match_threshold, as_of=as_of,
                                 known_as_of=known_as_of)
    if as_json:
        emit_json(document)
    elif "entity" in document:
        _render_entity(document)
        _render_linked(document)
    else:
        click.echo(f"«{entity}» matches {len(document['matches'])} entries; show one with `proscribed show ID`:")
        _render_check(document, get_config(ctx).match_threshold)


@cli.command()
@as_of_option
@known_option
@json_option
@click.pass_context
def stats(ctx: click.Context, as_of: date | None, known_as_of: str | None, as_json: bool) -> None:
    """Counts per registry, additions per year, and when each was last confirmed against its source."""
    from ..service import queries

    data = queries.stats(get_store(ctx), as_of, known_as_of)
    if as_json:
        emit_json(data)
        return
    click.echo(f"as of {data['as_of'] or 'today'}")
    for r in data["registries"]:
        click.echo(f"{r['registry']:18} listed {r['listed']:5}  excluded {r['excluded']:4}  "
                   f"undated {r['undated']:4}  last listing {r['last_listing'] or '-'}  "
                   f"confirmed {r['last_confirmed_at'] or 'never'}"
                   + (f"  (last check failed: {r['last_error']})" if r["last_error"] else ""))
        if r["additions_per_year"]:
            click.echo("    " + "  ".join(f"{y}: {n}" for y, n in r["additions_per_year"].items()))
        if r["decision_date_share"] is not None:
            click.echo(f"    decision date: {r['with_decision_date']} ({r['decision_date_share']:.1%}; "
                       + ", ".join(f"{b} {n}" for b, n in r["decision_date_basis"].items()) + ")")
        if r["verified_alias_share"] is not None:
            click.echo(f"    verified alias: {r['with_verified_alias']} entries ({r['verified_alias_share']:.1%}); "
                       f"curated aliases {r['aliases']['verified']} verified, {r['aliases']['unverified']} unverified")
    click.echo("sources:")
    for s in data["sources"]:
        click.echo(f"  {s['id']}  retrieved {s['retrieved_at']}  ({s['origin']})")


@cli.command()
@json_option
@click.pass_context
def registries(ctx: click.Context, as_json: bool) -> None:
    """The registries kept, with legal basis and authorities."""
    for r in get_store(ctx).registries():
        if as_json:
            emit_json(r.__dict__)
        else:
            click.echo(click.style(r.id, bold=True) + f"  {r.title_en}")
            click.echo(f"    {r.title_ru}\n    basis: {r.legal_basis}\n    decided by: {r.deciding_authority}; "
                       f"listed by: {r.listing_authority}\n    source: {r.source_url}")
