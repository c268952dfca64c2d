"""Links and accounts of registry entities: their own sites and social-media handles.

Sources: the foreign-agent register's own list of information resources (in the
data), and ``resources/links.yml``, curated with a source per entry for the other
registries. A URL in a text or a link in a page is matched by its host (and
subdomains) or, on social platforms, by the account in its path.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..exc import DataError
from ..model import Entity
from ..sources.evidence import link_evidence
from ..sources.curated import natural_key

__all__ = ["LinkIndex", "link_key", "URL_PATTERN", "may_have_url"]

_PLATFORMS = {"t.me", "telegram.me", "youtube.com", "twitter.com", "x.com", "facebook.com", "instagram.com",
              "vk.com", "ok.ru", "tiktok.com", "rutube.ru", "zen.yandex.ru", "dzen.ru", "livejournal.com",
              "patreon.com", "boosty.to", "soundcloud.com", "linkedin.com", "threads.net"}
_ALIASES = {"twitter.com": "x.com", "telegram.me": "t.me", "m.facebook.com": "facebook.com"}
URL_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»)\]]+|\b(?:t\.me|youtube\.com|x\.com|twitter\.com|"
                         r"facebook\.com|instagram\.com|vk\.com)/[^\s<>\"'«»)\]]+", re.IGNORECASE)
# Every URL the pattern finds holds "://", "www." or ".com/"/".me/" (the platforms): a pattern
# opening with a character class is searched at C speed, unlike URL_PATTERN's alternation
# (which cost more than the whole Aho-Corasick pass on news texts).
_URL_HINT = re.compile(r"[:.](?://|com/|me/|(?<=www\.))", re.IGNORECASE)


def may_have_url(text: str) -> bool:
    """False when :data:`URL_PATTERN` cannot match ``text``; str.find first, the hint pattern after."""
    return ("/" in text or "w." in text or "W." in text) and _URL_HINT.search(text) is not None


def link_key(url: str) -> tuple[str, str] | None:
    """("domain", host) or ("account", "platform/handle") for a URL; None when it has no host."""
    raw = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.IGNORECASE):
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    host = re.sub(r"^(?:www\.|m\.|mobile\.)", "", host)
    host = _ALIASES.get(host, host)
    if not host or "." not in host:
        return None
    if host in _PLATFORMS:
        segments = [s for s in parts.path.split("/") if s]
        if not segments:
            return None
        first = segments[0].lower()
        if host == "youtube.com" and first in ("channel", "c", "user") and len(segments) > 1:
            first = f"{first}/{segments[1].lower()}"
        if host == "t.me" and first == "s" and len(segments) > 1:
            first = segments[1].lower()
        return "account", f"{host}/{first}"
    return "domain", host


@lru_cache(maxsize=1)
def _curated() -> dict[str, dict[str, Any]]:
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/links.yml").read_text("utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise DataError("links.yml: expected a mapping with an 'entries' list")
    return {e["key"]: e for e in raw["entries"]}


class LinkIndex:
    """Domains and accounts → entity positions (in the scanner's entity list)."""

    def __init__(self, entities: list[Entity]) -> None:
        self.domains: dict[str, set[int]] = {}
        self.accounts: dict[str, set[int]] = {}
        # Keys some evidence ties to an entity: the register's own resources, or a curated link
        # with a record in resources/evidence.yml. The others are unverified: weak mentions.
        self.verified: set[tuple[str, str]] = set()
        curated = _curated()
        evidence = link_evidence()
        for i, e in enumerate(entities):
            urls = [(str(u), True) for u in e.properties.get("resources") or []]
            d = e.designations[0]
            key_of_entry = natural_key(d.registry, d.listed_on, e.caption)
            entry = curated.get(key_of_entry)
            if entry:
                urls += [(str(u), (key_of_entry, str(u)) in evidence)
                         for u in list(entry.get("domains") or []) + list(entry.get("accounts") or [])]
            for url, verified in urls:
                key = link_key(url)
                if key is None:
                    continue
                target = self.domains if key[0] == "domain" else self.accounts
                target.setdefault(key[1], set()).add(i)
                if verified:
                    self.verified.add(key)

    def lookup(self, url: str) -> tuple[str, set[int], bool]:
        """("domain"|"account", entities, verified) for a URL; an empty set when it is no entity's."""
        key = link_key(url)
        if key is None:
            return "domain", set(), False
        kind, value = key
        if kind == "account":
            return kind, self.accounts.get(value, set()), key in self.verified
        host = value
        while "." in host:  # news.example.org → example.org
            found = self.domains.get(host)
            if found:
                return kind, found, (kind, host) in self.verified
            host = host.split(".", 1)[1]
        return kind, set(), False
