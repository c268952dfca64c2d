"""Evidence for curated names and links (``resources/evidence.yml``): validated on load.

A curated alias (``resources/aliases/*.yml``) or link (``resources/links.yml``) is verified when
a checkable record ties it to its entry: a URL and the words found there, which must contain the
alias or link itself. The official record (a registry's own name string) counts as such a page.
Whatever has no record is ``unverified``: screening and scanning weigh it less, and it is shown
as such. The file is written by ``scripts/find_alias_evidence.py``; its ``reviewed`` records
(pages read by hand) are kept when it runs again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from ..exc import DataError

__all__ = ["Evidence", "EVIDENCE_FILE", "alias_evidence", "link_evidence", "evidence_text", "quote_contains",
           "parse_evidence", "on_domain"]

EVIDENCE_FILE = "evidence.yml"
Basis = Literal["official record", "public page"]
FoundBy = Literal["official record", "decision report", "entity link", "reviewed"]
_BASES = ("official record", "public page")
_FOUND_BY = ("official record", "decision report", "entity link", "reviewed")
_QUOTES = str.maketrans("", "", "«»“”„\"'’‘`")


@dataclass(frozen=True)
class Evidence:
    """Where an alias or link is tied to its entry: the page and the words found there."""

    url: str
    quote: str
    basis: Basis
    found_by: FoundBy


def _fold(text: str) -> str:
    """Case, ё, quotation marks and spacing folded: how a quote is compared with a name."""
    return " ".join(text.casefold().replace("ё", "е").translate(_QUOTES).split())


def quote_contains(quote: str, words: str) -> bool:
    """True when ``words`` stand in ``quote`` as whole words ("OSF" is not found in "Bosfor")."""
    needle = _fold(words)
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", _fold(quote)) is not None


def on_domain(url: str, link: str) -> bool:
    """True when ``url`` is a page of the domain ``link`` (or of its subdomains); never for an account."""
    if "/" in link:
        return False
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host == link.lower() or host.endswith("." + link.lower())


def evidence_text() -> str:
    return resources.files("proscribed").joinpath(f"resources/{EVIDENCE_FILE}").read_text("utf-8")


def _record(where: str, raw: Any, subject: str) -> tuple[str, str, Evidence]:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: expected a mapping")
    for field in ("key", subject, "url", "quote", "basis", "found_by"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise DataError(f"{where}: needs a non-empty {field!r}")
    if raw["basis"] not in _BASES or raw["found_by"] not in _FOUND_BY:
        raise DataError(f"{where}: basis must be one of {_BASES}, found_by one of {_FOUND_BY}")
    if not raw["url"].startswith(("https://", "http://")):
        raise DataError(f"{where}: url must be an http(s) address")
    # A link's handle in the organization's name ("Bellingcat") says nothing of whose account
    # x.com/bellingcat is: the words found must hold the link itself, or, for a domain, be the
    # organization speaking as itself on a page of that domain.
    if not (quote_contains(raw["quote"], raw[subject]) or subject == "link" and on_domain(raw["url"], raw[subject])):
        raise DataError(f"{where}: the quote does not contain {raw[subject]!r}, so it is no evidence for it")
    return raw["key"], raw[subject], Evidence(raw["url"], raw["quote"], raw["basis"], raw["found_by"])


def parse_evidence(text: str) -> tuple[dict[tuple[str, str], Evidence], dict[tuple[str, str], Evidence]]:
    """The alias and link records of an evidence file's ``text``, validated (a quote must contain its subject).

    Raises:
        DataError: a malformed record, or a quote that does not contain its alias or link.
    """
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(f"{EVIDENCE_FILE}: invalid YAML: {err}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("aliases"), list) or not isinstance(doc.get("links"), list):
        raise DataError(f"{EVIDENCE_FILE}: expected a mapping with 'aliases' and 'links' lists")
    aliases: dict[tuple[str, str], Evidence] = {}
    for i, raw in enumerate(doc["aliases"]):
        key, name, ev = _record(f"{EVIDENCE_FILE} aliases {i}", raw, "name")
        aliases[(key, name)] = ev
    links: dict[tuple[str, str], Evidence] = {}
    for i, raw in enumerate(doc["links"]):
        key, value, ev = _record(f"{EVIDENCE_FILE} links {i}", raw, "link")
        links[(key, value)] = ev
    return aliases, links


@lru_cache(maxsize=1)
def _load() -> tuple[dict[tuple[str, str], Evidence], dict[tuple[str, str], Evidence]]:
    return parse_evidence(evidence_text())


def alias_evidence() -> dict[tuple[str, str], Evidence]:
    """(entry key, curated name) → its evidence; a curated name missing here is unverified."""
    return _load()[0]


def link_evidence() -> dict[tuple[str, str], Evidence]:
    """(entry key, domain or account as ``links.yml`` writes it) → its evidence; missing: unverified."""
    return _load()[1]
