"""The embedded SQLite backend (the default): one file, one writer."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..exc import StoreCorrupt, StoreError, StoreTooNew
from ..model import Designation, Entity, Name, Provenance, Registry
from .base import Store
from .migrations import LATEST, MIGRATIONS

__all__ = ["SQLiteStore"]

_HEADER = b"SQLite format 3\x00"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _s(value: date | None) -> str | None:
    return value.isoformat() if value else None


class SQLiteStore(Store):
    """SQLite store; ``path`` ``:memory:`` gives a throw-away store for tests."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            self._check_file(Path(self.path))
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreCorrupt(f"{self.path} is not a readable Proscribed database ({err}); "
                               "it was left untouched: move it away or set PROSCRIBED_DB") from None

    @staticmethod
    def _check_file(path: Path) -> None:
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"cannot create the store folder {path.parent}: {err}") from None
            return
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head and head != _HEADER:
            raise StoreCorrupt(f"{path} is not an SQLite database (corrupted or another file); "
                               "it was left untouched: move it away or set PROSCRIBED_DB")

    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        current = self.schema_version()
        if current > LATEST:
            raise StoreTooNew(f"{self.path} was written by a newer Proscribed (schema {current}, "
                              f"this version knows {LATEST}); upgrade Proscribed to use it")
        for version in sorted(v for v in MIGRATIONS if v > current):
            name, fn = MIGRATIONS[version]
            self.db.execute("BEGIN IMMEDIATE")
            try:
                fn(self.db)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))", (version, name))
                self.db.execute(f"PRAGMA user_version = {int(version)}")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        row = self.db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def replace_all(self, registries: Iterable[Registry], entities: Iterable[Entity],
                    sources: Iterable[dict[str, Any]], meta: dict[str, str]) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for table in ("names", "designations", "entities", "registries", "sources", "meta"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO registries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
                (r.id, i, r.title_ru, r.title_en, r.legal_basis, r.deciding_authority, r.listing_authority,
                 r.source_url) for i, r in enumerate(registries)])
            db.executemany("INSERT INTO sources VALUES (?, ?)",
                           [(s["id"], json.dumps(s, ensure_ascii=False, sort_keys=True)) for s in sources])
            for pos, e in enumerate(entities):
                db.execute("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                           (e.id, pos, e.schema, e.caption, e.country, json.dumps(e.properties, ensure_ascii=False)))
                db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
                    (e.id, i, n.value, n.kind, n.lang, n.script, n.source, int(n.weak)) for i, n in enumerate(e.names)])
                db.executemany("INSERT INTO designations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    (e.id, i, d.registry, d.status, _s(d.listed_on), d.listing_order, _s(d.decision_date),
                     d.decision_number, d.decision_authority, _s(d.excluded_on), d.exclusion_order,
                     _s(d.published_on), d.legal_basis,
                     json.dumps([p.__dict__ for p in d.provenance], ensure_ascii=False))
                    for i, d in enumerate(e.designations)])
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def registries(self) -> list[Registry]:
        rows = self.db.execute("SELECT id, title_ru, title_en, legal_basis, deciding_authority, listing_authority, "
                               "source_url FROM registries ORDER BY position").fetchall()
        return [Registry(*row) for row in rows]

    def _load(self, where: str, args: tuple[Any, ...]) -> Iterator[Entity]:
        rows = self.db.execute(
            f"SELECT id, schema, caption, country, properties FROM entities {where} ORDER BY position", args
        ).fetchall()
        if not rows:
            return
        ids = [r[0] for r in rows]
        names: dict[str, list[Name]] = {i: [] for i in ids}
        desigs: dict[str, list[Designation]] = {i: [] for i in ids}
        marks = ",".join("?" * len(ids)) if len(ids) < 900 else None
        name_sql = "SELECT entity_id, value, kind, lang, script, source, weak FROM names"
        des_sql = ("SELECT entity_id, registry_id, status, listed_on, listing_order, decision_date, decision_number, "
                   "decision_authority, excluded_on, exclusion_order, published_on, legal_basis, provenance "
                   "FROM designations")
        params: tuple[Any, ...] = tuple(ids) if marks else ()
        filt = f" WHERE entity_id IN ({marks})" if marks else ""
        for eid, value, kind, lang, script, source, weak in self.db.execute(
                name_sql + filt + " ORDER BY entity_id, position", params):
            if eid in names:
                names[eid].append(Name(value, kind, lang, script, source, bool(weak)))
        for row in self.db.execute(des_sql + filt + " ORDER BY entity_id, position", params):
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

    def sources(self) -> list[dict[str, Any]]:
        return [json.loads(r[0]) for r in self.db.execute("SELECT record FROM sources ORDER BY id")]

    def cache_path(self, name: str) -> Path | None:
        if self.path == ":memory:":
            return None
        return Path(self.path).with_name(f"{Path(self.path).name}.{name}")

    def close(self) -> None:
        self.db.close()
