"""Provisional designations, reconciliation on a later registry update, the review queue, deduplication."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from proscribed.config import Config
from proscribed.exc import InvalidInput, NotFound
from proscribed.news.lifecycle import ingest_article
from proscribed.news.model import Article
from proscribed.news.reconcile import list_events, review_event
from proscribed.service.queries import screening_index
from proscribed.service.store import open_store
from proscribed.service.updates import after_apply
from proscribed.store import Store
from proscribed.updates.apply import apply_records

NEW_ORG = Article(
    id="new-org", url="http://127.0.0.1/new-org", published=date(2026, 9, 14), language="en",
    text=("MOSCOW, September 14. /TASS/. Russia's Prosecutor General's Office said on Monday that it had declared "
          "undesirable the activity of the Quillfeather Research Foundation. It will become the 419th NGO on the "
          "list."))


@pytest.fixture()
def fresh(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def test_provisional_then_reconciled_by_an_update(fresh: Store) -> None:
    result = ingest_article(fresh, NEW_ORG, screening_index(fresh), threshold=0.8)
    assert result["outcome"] == "stored" and len(result["events"]) == 1
    (ev,) = list_events(fresh, pending=True)
    assert (ev["org"], ev["state"], ev["decision_date"], ev["linked_id"]) == (
        "Quillfeather Research Foundation", "decided", "2026-09-14", None)
    # The same article again (same URL or same text): nothing new.
    again = ingest_article(fresh, NEW_ORG, screening_index(fresh), threshold=0.8)
    assert again["outcome"] == "duplicate" and len(list_events(fresh)) == 1
    # The Ministry lists it ten days later: the update reconciles the event.
    base = fresh.current_records("ru-undesirable")
    new = copy.deepcopy(base)
    rec = copy.deepcopy(base["ru-undesirable-418"])
    rec.update(id="ru-undesirable-419", caption="Quillfeather Research Foundation, США", names=[])
    rec["designations"][0].update(listed_on="2026-09-24", row_number=419, listing_order=None, decision_date=None)
    new["ru-undesirable-419"] = rec
    payload = json.dumps(new, sort_keys=True).encode()
    result = apply_records(fresh, registry="ru-undesirable", source="test",
                           retrieved_at="2026-09-25T00:00:00+00:00", payload=payload, records=new)
    assert after_apply(fresh, Config(db_path=Path("unused")), result) == 1
    (ev,) = list_events(fresh)
    assert (ev["state"], ev["linked_id"], ev["lead_days"]) == ("listed", "ru-undesirable-419", 10)
    assert "419" in ev["note"]


def test_review_queue(fresh: Store) -> None:
    ingest_article(fresh, NEW_ORG, None, threshold=0.8)
    (ev,) = list_events(fresh, pending=True)
    assert review_event(fresh, ev["id"], "accept")["review"] == "accepted"
    assert list_events(fresh, pending=True) == []
    assert review_event(fresh, ev["id"], "reject")["review"] == "rejected"
    with pytest.raises(NotFound):
        review_event(fresh, 999, "accept")
    with pytest.raises(InvalidInput):
        review_event(fresh, ev["id"], "merge", ev["id"])


def test_listed_entry_gets_the_decision_date_from_the_news(fresh: Store) -> None:
    # An entry the bundled decision dates leave without one (no public report was found for row 309).
    article = Article(
        id="lemkin", url="http://127.0.0.1/lemkin", published=date(2026, 1, 12), language="en",
        text=("Russia's Prosecutor General's Office on Monday declared the Lemkin Institute for Genocide "
              "Prevention an \"undesirable organization\"."))
    assert fresh.entity("ru-undesirable-309").designations[0].decision_date is None  # type: ignore[union-attr]
    ingest_article(fresh, article, screening_index(fresh), threshold=0.8)
    d = fresh.entity("ru-undesirable-309").designations[0]  # type: ignore[union-attr]
    assert str(d.decision_date) == "2026-01-12"
    assert d.provenance[-1].source == "news:http://127.0.0.1/lemkin"
    assert "Lemkin Institute for Genocide Prevention" in d.provenance[-1].raw["evidence"]
    [change] = [c for c in fresh.changes(entity_id="ru-undesirable-309") if c.kind != "added"]
    assert (change.kind, change.field, change.new) == ("modified", "decision_date", "2026-01-12")


def test_a_publication_day_guessed_for_an_undated_event_enriches_no_entry(fresh: Store) -> None:
    # The same report without "on Monday": the event takes the publication day, flagged
    # 'published', which is shown but is no evidence of the decision's date.
    article = Article(
        id="lemkin-undated", url="http://127.0.0.1/lemkin-undated", published=date(2026, 1, 12), language="en",
        text=("Russia's Prosecutor General's Office declared the Lemkin Institute for Genocide "
              "Prevention an \"undesirable organization\"."))
    result = ingest_article(fresh, article, screening_index(fresh), threshold=0.8)
    (event,) = result["extraction"]["events"]
    assert (event["decision_date"], event["date_basis"]) == ("2026-01-12", "published")
    assert fresh.entity("ru-undesirable-309").designations[0].decision_date is None  # type: ignore[union-attr]
