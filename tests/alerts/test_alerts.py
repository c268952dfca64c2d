"""Webhooks against a real local receiver, the watchlist, and Atom feeds."""

from __future__ import annotations

import copy
import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import httpx
import pytest

from proscribed.alerts.atom import write_feeds
from proscribed.alerts.webhooks import TOLERANCE, deliver_pending, sign, signed_headers, verify
from proscribed.exc import InvalidInput
from proscribed.service import queries
from proscribed.service.store import open_store
from proscribed.store import Store
from proscribed.updates.apply import apply_records


SECRET = "s3cret"


class Receiver:
    """A webhook receiver on loopback that answers 500 to the first ``fail`` requests.

    It checks each delivery as the docs tell receivers to (:func:`verify` with the secret,
    its clock ``skew`` seconds ahead) and answers 401 to one that fails.
    """

    def __init__(self, fail: int) -> None:
        self.fail = fail
        self.skew = 0
        self.received: list[tuple[bytes, dict[str, str]]] = []
        self.refused: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.fail > 0:
                    outer.fail -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                try:
                    verify(SECRET, dict(self.headers), body, now=int(time.time()) + outer.skew)
                except InvalidInput as err:
                    outer.refused.append(str(err))
                    self.send_response(401)
                else:
                    outer.received.append((body, dict(self.headers)))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver(fail=2)
    yield r
    r.stop()


@pytest.fixture()
def fresh(new_db: Callable[[], Path | str]) -> Iterator[Store]:
    store = open_store(new_db())
    yield store
    store.close()


def _update(store: Store, when: str) -> None:
    records = store.current_records("ru-undesirable")
    new = copy.deepcopy(records["ru-undesirable-418"])
    new.update(id="ru-undesirable-419", caption="Free Example Foundation, США", names=[])
    new["designations"][0].update(listed_on="2026-10-01", row_number=419)
    records["ru-undesirable-419"] = new
    records["ru-undesirable-057"]["caption"] = "Stichting Bellingcat Europe (Нидерланды)"
    apply_records(store, registry="ru-undesirable", source="test", retrieved_at=when,
                  payload=json.dumps(records, sort_keys=True).encode(), records=records)


def test_webhook_retries_until_delivered_and_signs(receiver: Receiver, fresh: Store) -> None:
    fresh.add_webhook(receiver.url, SECRET)
    _update(fresh, "2026-10-01T00:00:00+00:00")
    assert fresh.outbox_counts() == {"delivered": 0, "pending": 2}
    now = datetime.now(timezone.utc)
    first = deliver_pending(fresh, now=now, allow_private=True)
    assert (first.delivered, first.failed) == (0, 2)  # the receiver fails twice
    assert deliver_pending(fresh, now=now, allow_private=True).delivered == 0  # not due yet: backing off
    later = deliver_pending(fresh, now=now + timedelta(hours=1), allow_private=True)
    assert later.delivered == 2 and fresh.outbox_counts() == {"delivered": 2, "pending": 0}
    assert receiver.refused == []  # the receiver's check passed every delivery
    kinds = {json.loads(body)["kind"] for body, _headers in receiver.received}
    assert kinds == {"added", "renamed"}
    ids = [headers["webhook-id"] for _body, headers in receiver.received]
    assert len(set(ids)) == 2 and all(i.startswith("proscribed_") for i in ids)


def test_a_replayed_delivery_is_refused_by_the_receiver(receiver: Receiver, fresh: Store) -> None:
    receiver.fail = 0
    fresh.add_webhook(receiver.url, SECRET)
    _update(fresh, "2026-10-01T00:00:00+00:00")
    assert deliver_pending(fresh, allow_private=True).delivered == 2
    body, headers = receiver.received[0]
    captured = {k: v for k, v in headers.items() if k.lower().startswith(("webhook-", "content-type"))}
    receiver.skew = TOLERANCE + 1  # the attacker replays the captured request later
    assert httpx.post(receiver.url, content=body, headers=captured).status_code == 401
    assert "more than 300 s from now" in receiver.refused[-1]
    receiver.skew = 0  # within the window, but the body changed: the signature covers it
    assert httpx.post(receiver.url, content=body.replace(b"added", b"removed"), headers=captured).status_code == 401
    assert "no webhook-signature matches" in receiver.refused[-1]
    later = str(int(captured["webhook-timestamp"]) + 1)
    resigned = dict(captured, **{"webhook-timestamp": later})  # a newer time with the old signature
    assert httpx.post(receiver.url, content=body, headers=resigned).status_code == 401
    assert len(receiver.received) == 2


def test_verify_follows_standard_webhooks() -> None:
    body = b'{"kind":"added"}'
    headers = signed_headers(SECRET, "proscribed_7", body, now=1_700_000_000)
    assert verify(SECRET, headers, body, now=1_700_000_000 + TOLERANCE) == "proscribed_7"
    with pytest.raises(InvalidInput, match="more than"):
        verify(SECRET, headers, body, now=1_700_000_000 - TOLERANCE - 1)  # from the future too
    with pytest.raises(InvalidInput, match="matches"):
        verify("other", headers, body, now=1_700_000_000)
    with pytest.raises(InvalidInput, match="missing"):
        verify(SECRET, {"webhook-id": "x"}, body)
    # A secret rotation: two signatures, one of them by the current secret.
    rotated = dict(headers, **{"webhook-signature": f"{sign('old', 'proscribed_7', 1_700_000_000, body)} "
                                                    f"{headers['webhook-signature']}"})
    assert verify(SECRET, rotated, body, now=1_700_000_000) == "proscribed_7"
    # The reference vector of Standard Webhooks (svix-webhooks, go/webhook_test.go, TestWebhookSign:
    # https://github.com/svix/svix-webhooks): a whsec_ secret is base64, its key the decoded bytes.
    vector = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, vector) == expected


def test_private_receivers_are_refused_unless_allowed(receiver: Receiver, fresh: Store) -> None:
    receiver.fail = 0
    fresh.add_webhook(receiver.url, SECRET)  # 127.0.0.1: a token holder must not reach the server's own network
    _update(fresh, "2026-10-01T00:00:00+00:00")
    report = deliver_pending(fresh)
    assert (report.delivered, report.failed) == (0, 2) and receiver.received == []
    assert deliver_pending(fresh, now=datetime.now(timezone.utc) + timedelta(hours=1),
                           allow_private=True).delivered == 2


def test_receiver_down_loses_nothing(fresh: Store) -> None:
    down = Receiver(fail=0)
    down.stop()  # nothing listens on that port any more
    fresh.add_webhook(down.url, "k")
    _update(fresh, "2026-10-01T00:00:00+00:00")
    report = deliver_pending(fresh, now=datetime.now(timezone.utc), allow_private=True)
    assert report.failed == 2 and fresh.outbox_counts()["pending"] == 2


def test_watchlist_alerts_on_new_and_changed_entries(fresh: Store) -> None:
    fresh.add_watch("Free Example Foundation", "2026-09-30T00:00:00+00:00")
    fresh.add_watch("Bellingcat", "2026-09-30T00:00:00+00:00")
    fresh.add_watch("Nobody Such Organisation", "2026-09-30T00:00:00+00:00")
    _update(fresh, "2026-10-01T00:00:00+00:00")
    hits = {(h["watch"], h["entity_id"]) for h in fresh.watch_hits()}
    assert hits == {("Free Example Foundation", "ru-undesirable-419"), ("Bellingcat", "ru-undesirable-057")}


def test_atom_feeds(tmp_path: Path, fresh: Store) -> None:
    _update(fresh, "2026-10-01T00:00:00+00:00")
    rows = queries.changes_since(fresh, "2026-10-01T00:00:00+00:00")
    paths = write_feeds(tmp_path / "feeds", {"ru-undesirable": rows},
                        {"ru-undesirable-057": [r for r in rows if r["entity_id"] == "ru-undesirable-057"]},
                        {"ru-undesirable": "Undesirable"}, "2026-10-01T00:00:00+00:00")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(paths[0]).getroot()
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 2
    titles = {e.findtext("a:title", namespaces=ns) for e in entries}
    assert any(t.startswith("added: Free Example Foundation") for t in titles if t)
    entity_feed = ET.parse(paths[1]).getroot()
    assert len(entity_feed.findall("a:entry", ns)) == 1


def test_written_feeds_are_valid_atom_for_feedparser(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db.sqlite3")
    _update(store, "2026-10-01T00:00:00+00:00")
    rows = queries.changes_since(store, "2026-10-01T00:00:00+00:00")
    paths = write_feeds(tmp_path / "feeds", {"ru-undesirable": rows, "ru-terrorist": []}, {},
                        {"ru-undesirable": "Undesirable", "ru-terrorist": "Terrorist"}, "2026-09-01T00:00:00+00:00",
                        base_url="https://proscribed.example")
    parsed = feedparser.parse(paths[0].read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    links = {link["rel"]: link["href"] for link in parsed.feed.links}
    assert links == {"self": "https://proscribed.example/api/feeds/ru-undesirable.atom",
                     "alternate": "https://proscribed.example/registries/ru-undesirable"}
    assert parsed.feed.updated == max(r["observed_at"] for r in rows)  # the newest change, not the clock
    for entry in parsed.entries:
        assert entry.link.startswith("https://proscribed.example/entities/ru-undesirable-")
        assert entry.content[0]["value"] and "None" not in entry.content[0]["value"]
    empty = feedparser.parse(paths[1].read_bytes())
    assert empty.bozo == 0 and empty.entries == [] and empty.feed.updated == "2026-09-01T00:00:00+00:00"
