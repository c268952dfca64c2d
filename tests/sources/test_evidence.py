"""Evidence for curated aliases and links: checked records, and everything else unverified."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from proscribed.exc import DataError
from proscribed.sources.curated import curated_names
from proscribed.sources.evidence import alias_evidence, link_evidence, parse_evidence, quote_contains
from proscribed.store import Store

ROOT = Path(__file__).resolve().parents[2]
AMNESTY = "ru-undesirable-226"


def test_the_evidence_file_is_what_the_script_writes_and_counts_add_up() -> None:
    out = subprocess.run([sys.executable, "scripts/find_alias_evidence.py", "--check", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    total = json.loads(out.stdout)["total"]
    assert total["aliases_verified"] == len(alias_evidence()) > 0
    assert total["aliases_verified"] + total["aliases_unverified"] == len(curated_names())
    assert total["links_verified"] == len(link_evidence()) > 0 and total["links_unverified"] > 0


@pytest.mark.parametrize(("quote", "words", "found"), [
    ("Amnesty International Ltd («Международная Амнистия Лимитед»)", "Международная амнистия", True),
    ("Open Society Foundations (OSF)", "OSF", True),
    ("the Bosfor fund", "OSF", False),  # inside a word is not the name
    ("https://t.me/bellingcat", "t.me/bellingcat", True),
    ("Stichting Bellingcat (Нидерланды)", "x.com/bellingcat", False),  # a handle in a name is no account
])
def test_a_quote_holds_the_words_whole(quote: str, words: str, found: bool) -> None:
    assert quote_contains(quote, words) is found


def _file(**record: str) -> str:
    base = {"key": "ru_undesirable||X", "name": "Soros Foundation", "url": "https://example.org/osf",
            "quote": "the Soros Foundation, as it is known", "basis": "public page", "found_by": "reviewed"}
    return json.dumps({"aliases": [{**base, **record}], "links": []})  # JSON is YAML


@pytest.mark.parametrize(("record", "error"), [
    ({"quote": "Open Society Foundations"}, "does not contain 'Soros Foundation'"),
    ({"url": "example.org/osf"}, "http"),
    ({"basis": "hearsay"}, "basis must be one of"),
    ({"quote": ""}, "non-empty 'quote'"),
])
def test_a_record_that_proves_nothing_is_refused(record: dict[str, str], error: str) -> None:
    assert parse_evidence(_file())[0]  # the base record stands
    with pytest.raises(DataError, match=error):
        parse_evidence(_file(**record))


def test_the_store_marks_curated_names_without_evidence(store: Store) -> None:
    entity = store.entity(AMNESTY)
    assert entity is not None
    names = {n.value: n for n in entity.names}
    # In the registry's own string («Международная Амнистия Лимитед»): verified.
    assert names["Международная амнистия"].unverified is False
    assert names["Эмнести Интернешнл"].unverified is True  # curated, no page found yet
    assert not any(n.unverified for n in entity.names if not n.source.startswith("curated:"))


@pytest.mark.parametrize(("link", "url", "stands"), [
    ("krymsos.com", "https://krymsos.com/en/statement/", True),  # the organization speaking on its own domain
    ("krymsos.com", "https://news.krymsos.com/a", True),
    ("krymsos.com", "https://notkrymsos.com/a", False),
    ("krymsos.com", "https://example.org/krymsos", False),
    ("x.com/crimeasos", "https://x.com/crimeasos", False),  # an account needs its link in the words
])
def test_a_domain_is_shown_by_the_words_or_by_a_page_of_it(link: str, url: str, stands: bool) -> None:
    text = json.dumps({"aliases": [], "links": [{"key": "ru_undesirable||X", "link": link, "url": url,
                                                 "quote": "CrimeaSOS is recognized an undesirable organization",
                                                 "basis": "public page", "found_by": "reviewed"}]})
    if stands:
        assert parse_evidence(text)[1][("ru_undesirable||X", link)].url == url
    else:
        with pytest.raises(DataError, match="does not contain"):
            parse_evidence(text)
