#!/usr/bin/env python3
"""Evidence for curated aliases and links: writes ``proscribed/resources/evidence.yml``, prints the counts.

Usage: python scripts/find_alias_evidence.py [--check] [--json]

A curated alias or link is verified when a text already in the data, with its address,
contains it, tied to the same entry:
  * official record: a registry's own name string for the entry (the registry's address),
    or, for links, the foreign-agent register's list of the entry's information resources;
  * decision report: the quoted sentence of a public report of the entry's decision
    (``resources/decision_dates.yml``);
  * entity link: the quoted words of an entity link's evidence (``resources/entity_links.yml``).
Records found by reading a page by hand (``found_by: reviewed``) are kept as they are.
What remains is unverified. ``--check``: write nothing, fail when the file is not what this
script would write (CI can tell a stale file). Prints verified/unverified counts per registry.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.sources.curated import curated_names  # noqa: E402  (path set above)
from proscribed.sources.evidence import EVIDENCE_FILE, quote_contains  # noqa: E402
from proscribed.sources.loader import _date, bundled_document, natural_key  # noqa: E402

RESOURCES = ROOT / "proscribed" / "resources"
# The registries' own strings; en-names (ours) and the mirrors' generated aliases are not records.
_OFFICIAL_FIELDS = ("name", "fullName")
_OFFICIAL_SOURCES = ("itsalt-", "lem-", "fz255-")


def _texts() -> dict[str, list[tuple[str, str, str, str]]]:
    """Entry key → (found_by, basis, url, text) of every text that may tie a name or link to it."""
    registries = {r["id"]: r for r in yaml.safe_load((RESOURCES / "registries.yml").read_text("utf-8"))}
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for rec in bundled_document()["entities"]:
        first = rec["designations"][0]
        key = natural_key(first["registry"], _date(first.get("listed_on")), rec["caption"])
        texts = out.setdefault(key, [])
        for d in rec["designations"]:
            url = registries[d["registry"]]["source_url"]
            for p in d["provenance"]:
                if not p["source"].startswith(_OFFICIAL_SOURCES):
                    continue
                raw = p["raw"]
                for field in _OFFICIAL_FIELDS:
                    if isinstance(raw.get(field), str):
                        texts.append(("official record", "official record", url, raw[field]))
                for resource in raw.get("resources") or []:
                    texts.append(("official record", "official record", url, str(resource)))
    dates = yaml.safe_load((RESOURCES / "decision_dates.yml").read_text("utf-8"))
    for entry in dates["entries"]:
        for ev in entry["evidence"]:
            out.setdefault(entry["key"], []).append(("decision report", "public page", ev["url"], ev["quote"]))
    links = yaml.safe_load((RESOURCES / "entity_links.yml").read_text("utf-8"))
    for group in links["groups"]:
        for m in group["members"]:
            if m.get("evidence"):
                out.setdefault(m["key"], []).append(("entity link", "public page", m["evidence"]["url"],
                                                     m["evidence"]["quote"]))
    return out


def _found(texts: list[tuple[str, str, str, str]], words: str) -> dict[str, str] | None:
    for found_by, basis, url, text in texts:
        if quote_contains(text, words):
            return {"url": url, "quote": text, "basis": basis, "found_by": found_by}
    return None


def _curated_links() -> list[tuple[str, str, str]]:
    """(registry, entry key, domain or account) of every curated link."""
    doc = yaml.safe_load((RESOURCES / "links.yml").read_text("utf-8"))
    return [(e["key"].split("|", 1)[0], e["key"], str(v)) for e in doc["entries"]
            for v in list(e.get("domains") or []) + list(e.get("accounts") or [])]


def build(previous: dict[str, Any]) -> dict[str, Any]:
    texts = _texts()
    reviewed_aliases = {(r["key"], r["name"]): r for r in previous.get("aliases", []) if r["found_by"] == "reviewed"}
    reviewed_links = {(r["key"], r["link"]): r for r in previous.get("links", []) if r["found_by"] == "reviewed"}
    aliases = []
    for c in curated_names(with_evidence=False):
        found = reviewed_aliases.get((c.key, c.value)) or _found(texts.get(c.key, []), c.value)
        if found is not None:
            aliases.append({"key": c.key, "name": c.value, **{k: found[k] for k in ("url", "quote", "basis", "found_by")}})
    links = []
    for _, key, link in _curated_links():
        found = reviewed_links.get((key, link)) or _found(texts.get(key, []), link)
        if found is not None:
            links.append({"key": key, "link": link, **{k: found[k] for k in ("url", "quote", "basis", "found_by")}})
    return {"aliases": aliases, "links": links}


def counts(doc: dict[str, Any]) -> dict[str, Any]:
    """Verified and unverified aliases and links per registry, and how the verified were found."""
    verified_aliases = {(r["key"], r["name"]) for r in doc["aliases"]}
    verified_links = {(r["key"], r["link"]) for r in doc["links"]}
    table: dict[str, Counter[str]] = {}
    for c in curated_names(with_evidence=False):
        table.setdefault(c.key.split("|", 1)[0], Counter())[
            "aliases_verified" if (c.key, c.value) in verified_aliases else "aliases_unverified"] += 1
    for registry, key, link in _curated_links():
        table.setdefault(registry, Counter())[
            "links_verified" if (key, link) in verified_links else "links_unverified"] += 1
    fields = ("aliases_verified", "aliases_unverified", "links_verified", "links_unverified")
    rows = [{"registry": r.replace("_", "-"), **{f: table[r][f] for f in fields}} for r in sorted(table)]
    total = {f: sum(row[f] for row in rows) for f in fields}
    found_by = Counter(r["found_by"] for r in doc["aliases"] + doc["links"])
    return {"registries": rows, "total": total, "found_by": dict(sorted(found_by.items()))}


HEADER = """\
# Evidence for curated aliases (resources/aliases/*.yml) and links (resources/links.yml).
# GENERATED by scripts/find_alias_evidence.py; records with found_by: reviewed (a page read by
# hand, its words copied) are kept when it runs again: add those by hand. Every quote must
# contain the alias (the link itself: domain, or platform/handle); a name or link without a record is unverified.
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is stale")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = ap.parse_args()
    path = RESOURCES / EVIDENCE_FILE
    previous = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {}
    doc = build(previous or {})
    text = HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
    if args.check:
        if not path.exists() or path.read_text("utf-8") != text:
            print(f"{path} is stale: run scripts/find_alias_evidence.py", file=sys.stderr)
            return 1
    else:
        path.write_text(text, "utf-8")
    report = counts(doc)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{'registry':18} {'aliases ok':>10} {'unverified':>10} {'links ok':>9} {'unverified':>10}")
    for row in [*report["registries"], {"registry": "total", **report["total"]}]:
        print(f"{row['registry']:18} {row['aliases_verified']:>10} {row['aliases_unverified']:>10} "
              f"{row['links_verified']:>9} {row['links_unverified']:>10}")
    print("verified by: " + ", ".join(f"{k} {v}" for k, v in report["found_by"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
