"""The SQL implementation of :class:`proscribed.store.news.NewsStore`, shared by both backends."""

from __future__ import annotations

import json
from typing import Any

from .dbapi import Connection, Transaction
from .news import NewsStore

__all__ = ["SQLNewsMixin"]

_EVENT_COLS = ("id", "article_id", "org", "status", "jurisdiction", "authority", "decision_date", "listing_date",
               "evidence", "confidence", "linked_id", "state", "review", "merged_into", "lead_days", "note",
               "record", "created_at", "updated_at")
_UPDATABLE = {"state", "review", "merged_into", "linked_id", "lead_days", "note", "record", "decision_date"}


class SQLNewsMixin(NewsStore):
    db: Connection

    def _write(self) -> Transaction:  # provided by SQLStore
        raise NotImplementedError

    def add_news_feed(self, url: str, at: str) -> bool:
        with self._write():
            cur = self.db.execute("INSERT INTO news_feeds (url, created_at) VALUES (?, ?) ON CONFLICT(url) DO NOTHING",
                                  (url, at))
            return cur.rowcount > 0

    def news_feeds(self) -> list[dict[str, Any]]:
        keys = ("id", "url", "created_at", "last_checked_at", "last_error")
        return [dict(zip(keys, r)) for r in self.db.execute(
            "SELECT id, url, created_at, last_checked_at, last_error FROM news_feeds ORDER BY id")]

    def news_feed_checked(self, url: str, at: str, error: str | None) -> None:
        with self._write():
            self.db.execute("UPDATE news_feeds SET last_checked_at = ?, last_error = ? WHERE url = ?",
                            (at, error, url))

    def find_news_article(self, url: str | None, content_hash: str) -> str | None:
        if url is None:
            row = self.db.execute("SELECT id FROM news_articles WHERE content_hash = ? LIMIT 1",
                                  (content_hash,)).fetchone()
        else:
            row = self.db.execute("SELECT id FROM news_articles WHERE content_hash = ? OR url = ? LIMIT 1",
                                  (content_hash, url)).fetchone()
        return None if row is None else str(row[0])

    def add_news_article(self, article: dict[str, Any], content_hash: str, at: str,
                         extraction: dict[str, Any], events: list[dict[str, Any]]) -> list[int]:
        ids = []
        with self._write():
            self.db.execute(
                "INSERT INTO news_articles (id, url, content_hash, published, language, title, text, source, "
                "fetched_at, extraction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article["id"], article.get("url"), content_hash, article.get("published"), article.get("language"),
                 article.get("title"), article["text"], article.get("source"), at,
                 json.dumps(extraction, ensure_ascii=False)))
            for e in events:
                cur = self.db.execute(
                    "INSERT INTO news_events (article_id, org, status, jurisdiction, authority, decision_date, "
                    "listing_date, evidence, confidence, linked_id, state, review, lead_days, note, record, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (article["id"], e["org"], e["status"], e["jurisdiction"], e["authority"], e["decision_date"],
                     e["listing_date"], e["evidence"], e["confidence"], e.get("linked_id"), e["state"],
                     e.get("review", "pending"), e.get("lead_days"), e.get("note"),
                     json.dumps(e.get("record", {}), ensure_ascii=False), at, at))
                ids.append(int(cur.lastrowid or 0))
        return ids

    def news_article(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, url, content_hash, published, language, title, text, source, fetched_at, "
                              "extraction FROM news_articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        keys = ("id", "url", "content_hash", "published", "language", "title", "text", "source", "fetched_at")
        out = dict(zip(keys, row[:-1]))
        out["extraction"] = json.loads(row[-1])
        return out

    @staticmethod
    def _event(row: tuple[Any, ...]) -> dict[str, Any]:
        out = dict(zip(_EVENT_COLS, row))
        out["record"] = json.loads(out["record"] or "{}")
        return out

    def news_events(self, *, state: str | None = None, review: str | None = None) -> list[dict[str, Any]]:
        where, args = [], []
        for column, value in (("state", state), ("review", review)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        rows = self.db.execute(f"SELECT {', '.join(_EVENT_COLS)} FROM news_events "
                               + (f"WHERE {' AND '.join(where)} " if where else "") + "ORDER BY id", args)
        return [self._event(r) for r in rows]

    def news_event(self, event_id: int) -> dict[str, Any] | None:
        row = self.db.execute(f"SELECT {', '.join(_EVENT_COLS)} FROM news_events WHERE id = ?",
                              (event_id,)).fetchone()
        return None if row is None else self._event(row)

    def update_news_event(self, event_id: int, fields: dict[str, Any], at: str) -> None:
        bad = set(fields) - _UPDATABLE
        if bad:
            raise ValueError(f"cannot update event fields {sorted(bad)}")
        values = [json.dumps(v, ensure_ascii=False) if k == "record" else v for k, v in fields.items()]
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self._write():
            self.db.execute(f"UPDATE news_events SET {sets}, updated_at = ? WHERE id = ?", (*values, at, event_id))

    def news_counts(self) -> dict[str, int]:
        row = self.db.execute("SELECT (SELECT count(*) FROM news_articles), (SELECT count(*) FROM news_events), "
                              "(SELECT count(*) FROM news_events WHERE review = 'pending')").fetchone()
        return {"articles": int(row[0]), "events": int(row[1]), "pending": int(row[2])}
