"""The extractor's word lists (``resources/news_terms.yml``), compiled once and validated on load."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..exc import DataError

__all__ = ["Lexicon", "lexicon", "STATUSES"]

STATUSES = ("undesirable", "foreign_agent", "extremist", "terrorist")


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    status: dict[str, re.Pattern[str]]
    any_status: re.Pattern[str]
    verbs: re.Pattern[str]
    background: re.Pattern[str]
    background_after_news: re.Pattern[str]
    not_designation: re.Pattern[str]
    authority: dict[str, re.Pattern[str]]
    jurisdiction: dict[str, re.Pattern[str]]
    russia: re.Pattern[str]
    enumeration: re.Pattern[str]
    counted: re.Pattern[str]
    alias_cues: re.Pattern[str]
    not_org: frozenset[str]
    demonyms: frozenset[str]
    quoted_heads: re.Pattern[str]
    legal_forms: re.Pattern[str]
    state_bodies: re.Pattern[str]
    decision_dated: re.Pattern[str]
    listing_acts: re.Pattern[str]


def _check(data: Any) -> dict[str, Any]:
    keys = ("status", "designation_verbs", "background", "background_after_news", "not_designation", "authority",
            "jurisdiction", "russia", "enumeration", "counted", "alias_cues", "not_org", "demonyms", "quoted_heads",
            "legal_forms", "state_bodies", "decision_dated", "listing_acts", "source")
    if not isinstance(data, dict) or any(k not in data for k in keys):
        raise DataError("resources/news_terms.yml lacks a required section")
    if set(data["status"]) != set(STATUSES):
        raise DataError(f"resources/news_terms.yml: status must list exactly {', '.join(STATUSES)}")
    return data


@functools.cache
def lexicon() -> Lexicon:
    text = resources.files("proscribed").joinpath("resources/news_terms.yml").read_text("utf-8")
    d = _check(yaml.safe_load(text))
    try:
        status = {k: _any(v) for k, v in d["status"].items()}
        return Lexicon(
            status=status,
            any_status=_any([p for v in d["status"].values() for p in v]),
            verbs=_any(d["designation_verbs"]),
            background=_any(d["background"]),
            background_after_news=_any(d["background_after_news"]),
            not_designation=_any(d["not_designation"]),
            authority={k: _any(v) for k, v in d["authority"].items()},
            jurisdiction={k: _any(v) for k, v in d["jurisdiction"].items()},
            russia=_any(d["russia"]),
            enumeration=_any(d["enumeration"]),
            counted=_any(d["counted"]),
            alias_cues=_any(d["alias_cues"]),
            not_org=frozenset(str(w).casefold() for w in d["not_org"]),
            demonyms=frozenset(str(w).casefold() for w in d["demonyms"]),
            quoted_heads=_any(d["quoted_heads"]),
            legal_forms=re.compile("|".join(d["legal_forms"])),
            state_bodies=_any(d["state_bodies"]),
            decision_dated=_any(d["decision_dated"]),
            listing_acts=_any(d["listing_acts"]),
        )
    except re.error as err:
        raise DataError(f"resources/news_terms.yml: bad pattern: {err}") from None
