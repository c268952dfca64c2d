"""The SQL shared by the two backends (SQLite and PostgreSQL): one set of queries, two connections.

Both backends speak to this class through a DB-API-like connection
(``dbapi.Connection``): ``execute(sql, params)`` with ``?`` placeholders, a cursor
with ``fetchone``/``fetchall``/``rowcount``/``lastrowid``. SQLite's own connection
is one; the PostgreSQL backend wraps psycopg in one. The SQL here is the subset
both databases read the same way; what differs (opening, migrating, transaction
start, integrity check, caches) is each backend's module.
"""

from __future__ import annotations

import abc
import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, timezone
from typing import Any

from ..model import Change, Designation, Entity, EntityLink, Name, Provenance, Registry, Version
from .base import Commit, OutboxItem, Store
from .dbapi import Connection
from .sql_news import SQLNewsMixin
from .sql_own_lists import SQLOwnListsMixin
from .sql_scans import SQLScansMixin

__all__ = ["SQLStore"]


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _s(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _now() -> str:
    """UTC time as SQLite's datetime('now') writes it (the format the stores already hold)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


_REGISTRY_ORDER = {"ru-undesirable": 0, "ru-foreign-agents": 1, "ru-extremist": 2, "ru-terrorist": 3}


def _position(e: Entity) -> int:
    """Sort key of the derived rows: registry, then listing date, then id (registry order)."""
    d = e.designations[0]
    listed = d.listed_on.toordinal() if d.listed_on else 0
    return _REGISTRY_ORDER.get(d.registry, 9) * 10_000_000 + listed


class _Txn:
    def __init__(self, store: SQLStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._begin_write()

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.store.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


class SQLStore(SQLNewsMixin, SQLScansMixin, SQLOwnListsMixin, Store):
    """Every operation of :class:`Store` in SQL both backends run; subclasses open ``db``."""

    db: Connection

    @abc.abstractmethod
    def _begin_write(self) -> None:
        """Start a write transaction that excludes every other writer until it ends."""

    def _read(self) -> AbstractContextManager[None]:
        """Around a read of several statements; the PostgreSQL backend makes it one snapshot."""
        return nullcontext()

    def _write(self) -> _Txn:
        """One write transaction, one writer at a time."""
        return _Txn(self)

    def schema_version(self) -> int:
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (key, value))

    def set_registries(self, registries: Iterable[Registry], sources: Iterable[dict[str, Any]]) -> None:
        with self._write():
            for i, r in enumerate(registries):
                self.db.execute(
                    "INSERT INTO registries VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "position = excluded.position, title_ru = excluded.title_ru, title_en = excluded.title_en, "
                    "legal_basis = excluded.legal_basis, deciding_authority = excluded.deciding_authority, "
                    "listing_authority = excluded.listing_authority, source_url = excluded.source_url",
                    (r.id, i, r.title_ru, r.title_en, r.legal_basis, r.deciding_authority, r.listing_authority,
                     r.source_url))
            for src in sources:
                self.db.execute("INSERT INTO sources VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET record = excluded.record",
                                (src["id"], json.dumps(src, ensure_ascii=False, sort_keys=True)))

    def _materialize(self, entities: list[Entity]) -> None:
        db = self.db
        ids = [(e.id,) for e in entities]
        db.executemany("DELETE FROM names WHERE entity_id = ?", ids)
        db.executemany("DELETE FROM designations WHERE entity_id = ?", ids)
        db.executemany("DELETE FROM entities WHERE id = ?", ids)
        for e in entities:
            position = _position(e)
            db.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                       (e.id, position, e.schema, e.caption, e.country, json.dumps(e.properties, ensure_ascii=False)))
            db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                (e.id, i, n.value, n.kind, n.lang, n.script, n.source, int(n.weak), int(n.unverified))
                for i, n in enumerate(e.names)])
            db.executemany("INSERT INTO designations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                (e.id, i, d.registry, d.status, _s(d.listed_on), d.listing_order, _s(d.decision_date),
                 d.decision_number, d.decision_authority, _s(d.excluded_on), d.exclusion_order,
                 _s(d.published_on), d.legal_basis,
                 json.dumps([p.__dict__ for p in d.provenance], ensure_ascii=False))
                for i, d in enumerate(e.designations)])

    def commit(self, commit: Commit) -> int:
        v = commit.version
        with self._write():
            cur = self.db.execute(
                "INSERT INTO versions (registry_id, source, retrieved_at, sha256, row_count, payload, status, message, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (v.registry, v.source, v.retrieved_at, v.sha256, v.row_count, zlib.compress(commit.payload, 6),
                 v.status, v.message, v.created_at))
            version_id = int(cur.lastrowid or 0)
            for entity_id, record in commit.records.items():
                self.db.execute("UPDATE records SET recorded_to = ? WHERE entity_id = ? AND recorded_to IS NULL",
                                (v.retrieved_at, entity_id))
                self.db.execute("INSERT INTO records VALUES (?, ?, ?, ?, NULL, ?)",
                                (entity_id, v.registry, json.dumps(record, ensure_ascii=False, sort_keys=True),
                                 v.retrieved_at, version_id))
            change_ids = []
            for c in commit.changes:
                cur = self.db.execute(
                    "INSERT INTO changes (version_id, registry_id, entity_id, kind, field, old, new, valid_on, "
                    "observed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (version_id, c.registry, c.entity_id, c.kind, c.field, c.old, c.new, _s(c.valid_on),
                     c.observed_at))
                change_ids.append(int(cur.lastrowid or 0))
            # Webhook payloads are queued in the same transaction: a change is never
            # recorded without its deliveries, so none is lost if we stop right after.
            hooks = self.db.execute("SELECT id FROM webhooks").fetchall()
            if hooks and v.status != "bundled":
                rows: list[tuple[int, int, str, str]] = []
                for cid, c in zip(change_ids, commit.changes):
                    payload = json.dumps({**c.to_dict(), "id": cid, "version": version_id}, ensure_ascii=False)
                    rows.extend((hook[0], cid, payload, v.created_at) for hook in hooks)
                self.db.executemany("INSERT INTO outbox (webhook_id, change_id, payload, next_attempt_at) "
                                    "VALUES (?, ?, ?, ?)", rows)
            self.db.executemany("INSERT INTO watch_hits (watch_id, change_id, entity_id, score, created_at) "
                                "VALUES (?, ?, ?, ?, ?)",
                                [(h.watch_id, change_ids[h.change_index], h.entity_id, h.score, v.created_at)
                                 for h in commit.watch_hits])
            self._materialize(commit.entities)
            self.db.execute(
                "INSERT INTO registry_state (registry_id, last_version_id, last_checked_at, last_confirmed_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(registry_id) DO UPDATE SET last_version_id = excluded.last_version_id, "
                "last_checked_at = excluded.last_checked_at, last_confirmed_at = excluded.last_confirmed_at, "
                "last_error = NULL",
                (v.registry, version_id, v.retrieved_at, v.retrieved_at))
        return version_id

    def quarantine(self, version: Version, payload: bytes) -> int:
        v = version
        with self._write():
            cur = self.db.execute(
                "INSERT INTO versions (registry_id, source, retrieved_at, sha256, row_count, payload, status, message, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, 'quarantined', ?, ?)",
                (v.registry, v.source, v.retrieved_at, v.sha256, v.row_count, zlib.compress(payload, 6), v.message,
                 v.created_at))
            return int(cur.lastrowid or 0)

    _VERSION_COLS = "id, registry_id, source, retrieved_at, sha256, row_count, status, message, created_at"

    @staticmethod
    def _version(row: tuple[Any, ...]) -> Version:
        return Version(id=row[0], registry=row[1], source=row[2], retrieved_at=row[3], sha256=row[4],
                       row_count=row[5], status=row[6], message=row[7], created_at=row[8])

    def versions(self, registry: str | None = None) -> list[Version]:
        sql = f"SELECT {self._VERSION_COLS} FROM versions"
        args: tuple[Any, ...] = ()
        if registry is not None:
            sql += " WHERE registry_id = ?"
            args = (registry,)
        return [self._version(r) for r in self.db.execute(sql + " ORDER BY id DESC", args)]

    def version_payload(self, version_id: int) -> bytes:
        row = self.db.execute("SELECT payload FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise KeyError(version_id)
        return zlib.decompress(row[0])

    def confirm(self, registry: str, checked_at: str, confirmed: bool, error: str | None = None) -> None:
        with self._write():
            self.db.execute(
                "INSERT INTO registry_state (registry_id, last_checked_at, last_confirmed_at, last_error) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(registry_id) DO UPDATE SET last_checked_at = excluded.last_checked_at, "
                "last_confirmed_at = coalesce(excluded.last_confirmed_at, registry_state.last_confirmed_at), "
                "last_error = excluded.last_error",
                (registry, checked_at, checked_at if confirmed else None, error))

    def registry_states(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT registry_id, last_version_id, last_checked_at, last_confirmed_at, last_error "
                               "FROM registry_state").fetchall()
        return {r[0]: {"last_version": r[1], "last_checked_at": r[2], "last_confirmed_at": r[3], "last_error": r[4]}
                for r in rows}

    def current_records(self, registry: str | None = None) -> dict[str, dict[str, Any]]:
        sql = "SELECT entity_id, record FROM records WHERE recorded_to IS NULL"
        args: tuple[Any, ...] = ()
        if registry is not None:
            sql += " AND registry_id = ?"
            args = (registry,)
        return {r[0]: json.loads(r[1]) for r in self.db.execute(sql, args)}

    def records_known_at(self, at: str) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT entity_id, record FROM records WHERE recorded_from <= ? "
                               "AND (recorded_to IS NULL OR recorded_to > ?)", (at, at))
        return {r[0]: json.loads(r[1]) for r in rows}

    def record_history(self, entity_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT record, recorded_from, recorded_to, version_id FROM records "
                               "WHERE entity_id = ? ORDER BY recorded_from, version_id", (entity_id,))
        return [{"record": json.loads(r[0]), "recorded_from": r[1], "recorded_to": r[2], "version": r[3]}
                for r in rows]

    def changes(self, *, registry: str | None = None, entity_id: str | None = None,
                observed_since: str | None = None, valid_from: str | None = None,
                valid_to: str | None = None) -> list[Change]:
        where, args = [], []
        for clause, value in (("registry_id = ?", registry), ("entity_id = ?", entity_id),
                              ("observed_at >= ?", observed_since), ("valid_on >= ?", valid_from),
                              ("valid_on <= ?", valid_to)):
            if value is not None:
                where.append(clause)
                args.append(value)
        sql = ("SELECT id, version_id, registry_id, entity_id, kind, field, old, new, valid_on, observed_at "
               "FROM changes")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY valid_on IS NULL, valid_on, id"
        return [Change(id=r[0], version_id=r[1], registry=r[2], entity_id=r[3], kind=r[4], field=r[5], old=r[6],
                       new=r[7], valid_on=_d(r[8]), observed_at=r[9]) for r in self.db.execute(sql, args)]

    def rematerialize(self, entities: list[Entity]) -> None:
        with self._write():
            for table in ("names", "designations", "entities"):
                self.db.execute(f"DELETE FROM {table}")
            self._materialize(entities)

    def registries(self) -> list[Registry]:
        rows = self.db.execute("SELECT id, title_ru, title_en, legal_basis, deciding_authority, listing_authority, "
                               "source_url FROM registries ORDER BY position").fetchall()
        return [Registry(*row) for row in rows]

    def _load(self, where: str, args: tuple[Any, ...]) -> Iterator[Entity]:
        name_sql = "SELECT entity_id, value, kind, lang, script, source, weak, unverified FROM names"
        des_sql = ("SELECT entity_id, registry_id, status, listed_on, listing_order, decision_date, decision_number, "
                   "decision_authority, excluded_on, exclusion_order, published_on, legal_basis, provenance "
                   "FROM designations")
        # The three reads share one snapshot (every row is read before the first entity is yielded).
        with self._read():
            rows = self.db.execute(
                f"SELECT id, schema, caption, country, properties FROM entities {where} ORDER BY position, id", args
            ).fetchall()
            if not rows:
                return
            ids = [r[0] for r in rows]
            names: dict[str, list[Name]] = {i: [] for i in ids}
            desigs: dict[str, list[Designation]] = {i: [] for i in ids}
            marks = ",".join("?" * len(ids)) if len(ids) < 900 else None
            params: tuple[Any, ...] = tuple(ids) if marks else ()
            filt = f" WHERE entity_id IN ({marks})" if marks else ""
            name_rows = self.db.execute(name_sql + filt + " ORDER BY entity_id, position", params).fetchall()
            des_rows = self.db.execute(des_sql + filt + " ORDER BY entity_id, position", params).fetchall()
        for eid, value, kind, lang, script, source, weak, unverified in name_rows:
            if eid in names:
                names[eid].append(Name(value, kind, lang, script, source, bool(weak), bool(unverified)))
        for row in des_rows:
            if row[0] in desigs:
                prov = tuple(Provenance(**p) for p in json.loads(row[12]))
                desigs[row[0]].append(Designation(
                    registry=row[1], status=row[2], listed_on=_d(row[3]), listing_order=row[4],
                    decision_date=_d(row[5]), decision_number=row[6], decision_authority=row[7],
                    excluded_on=_d(row[8]), exclusion_order=row[9], published_on=_d(row[10]),
                    legal_basis=row[11], provenance=prov))
        for eid, schema, caption, country, props in rows:
            yield Entity(id=eid, schema=schema, caption=caption, names=tuple(names[eid]),
                         designations=tuple(desigs[eid]), country=country, properties=json.loads(props))

    def entity(self, entity_id: str) -> Entity | None:
        return next(self._load("WHERE id = ?", (entity_id,)), None)

    def entities(self, registry: str | None = None) -> Iterator[Entity]:
        if registry is None:
            return self._load("", ())
        return self._load("WHERE id IN (SELECT entity_id FROM designations WHERE registry_id = ?)", (registry,))

    def set_links(self, links: Iterable[EntityLink]) -> None:
        with self._write():
            self.db.execute("DELETE FROM entity_links")
            self.db.executemany("INSERT INTO entity_links VALUES (?, ?, ?, ?)", [
                (k.entity_id, k.group, k.position, json.dumps(k.to_dict(), ensure_ascii=False, sort_keys=True))
                for k in links])

    def links(self) -> list[EntityLink]:
        with self._read():
            rows = self.db.execute("SELECT record FROM entity_links ORDER BY group_id, position").fetchall()
        return [EntityLink(**json.loads(r[0])) for r in rows]

    def sources(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT record FROM sources ORDER BY id")]

    def add_webhook(self, url: str, secret: str) -> int:
        with self._write():
            cur = self.db.execute("INSERT INTO webhooks (url, secret, created_at) VALUES (?, ?, ?) "
                                  "ON CONFLICT(url) DO UPDATE SET secret = excluded.secret", (url, secret, _now()))
            return int(cur.lastrowid or 0)

    def webhooks(self) -> list[dict[str, Any]]:
        return [{"id": r[0], "url": r[1], "created_at": r[2]}
                for r in self.db.execute("SELECT id, url, created_at FROM webhooks ORDER BY id")]

    def remove_webhook(self, url: str) -> bool:
        with self._write():
            return self.db.execute("DELETE FROM webhooks WHERE url = ?", (url,)).rowcount > 0

    def due_deliveries(self, now: str, limit: int = 100) -> list[OutboxItem]:
        rows = self.db.execute(
            "SELECT o.id, w.url, w.secret, o.payload, o.attempts FROM outbox o JOIN webhooks w ON w.id = o.webhook_id "
            "WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ? ORDER BY o.id LIMIT ?", (now, limit))
        return [OutboxItem(*r) for r in rows]

    def delivery_done(self, item_id: int, at: str) -> None:
        with self._write():
            self.db.execute("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?", (at, item_id))

    def delivery_failed(self, item_id: int, attempts: int, next_attempt_at: str, error: str) -> None:
        with self._write():
            self.db.execute("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                            (attempts, next_attempt_at, error[:500], item_id))

    def outbox_counts(self) -> dict[str, int]:
        row = self.db.execute("SELECT count(delivered_at), count(*) - count(delivered_at) FROM outbox").fetchone()
        return {"delivered": int(row[0]), "pending": int(row[1])}

    def add_watch(self, name: str, at: str) -> int:
        with self._write():
            cur = self.db.execute("INSERT INTO watch_names (name, created_at) VALUES (?, ?) "
                                  "ON CONFLICT(name) DO NOTHING", (name, at))
            return int(cur.lastrowid or 0)

    def watches(self) -> list[dict[str, Any]]:
        return [{"id": r[0], "name": r[1], "created_at": r[2]}
                for r in self.db.execute("SELECT id, name, created_at FROM watch_names ORDER BY id")]

    def remove_watch(self, name: str) -> bool:
        with self._write():
            return self.db.execute("DELETE FROM watch_names WHERE name = ?", (name,)).rowcount > 0

    def watch_hits(self, since: str | None = None) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT h.id, w.name, h.entity_id, h.score, c.kind, c.field, c.new, c.observed_at, h.created_at "
            "FROM watch_hits h JOIN watch_names w ON w.id = h.watch_id JOIN changes c ON c.id = h.change_id "
            + ("" if since is None else "WHERE h.created_at >= ? ") + "ORDER BY h.id",
            () if since is None else (since,))
        keys = ("id", "watch", "entity_id", "score", "kind", "field", "new", "observed_at", "created_at")
        return [dict(zip(keys, r)) for r in rows]

    def close(self) -> None:
        self.db.close()
