#!/usr/bin/env python3
"""Decision dates of undesirable entries from collected news reports, through the product's news pipeline.

Usage: python scripts/collect_decision_dates.py [--reports eval/decisions/reports.jsonl]
                                                [--review eval/decisions/review.yml]
                                                [--out proscribed/resources/decision_dates.yml]

Steps (see eval/decisions/README.md):

1. every report (a close rendition of one public news page: url, publication date, the
   sentences that state the decision) goes through ``service.news.extract_articles``, the
   same code as ``proscribed news extract``: its events are linked to registry entries by the
   product's screening;
2. each undesirable event with a date is a piece of evidence (``how_obtained: pipeline``);
3. the hand review (``review.yml``) adds what the pipeline missed (``review``), corrects a
   date or entry it got wrong (``pipeline+review``) and rejects wrong links; every
   correction says why;
4. evidence that dates the listing (on or after the Ministry's listing day) or that only a third
   party announced is set aside with its reason (rules R1, R5, R6 in eval/decisions/README.md);
5. per entry, a ``stated`` date (the text gives the decision's own date) wins over an
   ``announced`` one (only the day the decision was made public); among dates of one basis the
   day most publishers give wins (R4); sources that disagree are all kept and the
   disagreement is written out.

The store it reads is a throw-away SQLite file filled from the bundled dataset, so the
result depends only on the committed data.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from proscribed.config import Config  # noqa: E402  (path set above)
from proscribed.news.dates import find_cues, resolve  # noqa: E402
from proscribed.news.ingest import read_jsonl  # noqa: E402
from proscribed.news.model import INFERRED_DATE_BASES  # noqa: E402
from proscribed.service.news import extract_articles  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402

REGISTRY = "ru-undesirable"
_MONTH = (r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр|січн|лют|берез|квітн|"
          r"травн|червн|липн|серпн|верес|жовтн|листопад|грудн|яну|фев|мар|апр|юни|юли|авг|сеп|окт|ное|дек|"
          r"january|february|march|april|may|june|july|august|september|october|november|december|"
          r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
          r"januar|februar|märz|juni|juli|oktober|dezember|"
          r"ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie|"
          r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[sś]nia|pa[zź]dziernika|listopada|grudnia)")
_DAY_MONTH = rf"(?:\b\d{{1,2}}\.?\s+{_MONTH}|{_MONTH}\w*\s+\d{{1,2}}\b|\b\d{{1,2}}\.\d{{1,2}}\.\d{{4}}\b)"
# A sentence that dates the decision itself, not only the day it was reported: a decision word with a
# day in the same sentence ("решение ... от 11 сентября", "решение было принято 3 июня", "30 июня ...
# принято решение", "рішення ... прийняте 24 червня", "decision of 7 February", "a decision ... from
# July 1", "sur décision du parquet général datant du 4 août", "решението е било взето ... на 1
# декември"), or a date the text takes from the register ("датировано 16 октября", "according to the
# entries"). Decision words: ru решени/решил, uk рішенн/ухвалил, en decision/decided, fr décision,
# de Entscheidung/Beschluss, bg решение(то), ro decizia ("decizia a fost semnata in 30 iunie"), pl decyzja
# ("decyzja, która zapadła 11 stycznia").
_DECISION = r"(?:решени|решил|рішенн|ухвалил|decision|decided|décision|entscheidung|beschluss|decizi|decyzj)"
STATED = re.compile(
    rf"{_DECISION}[^.]{{0,120}}?{_DAY_MONTH}|{_DAY_MONTH}[^.]{{0,80}}?{_DECISION}|датирован|"
    r"according\s+to\s+the\s+(?:document\s+)?(?:entr|record|regist|ministry's\s+materials)",
    re.IGNORECASE)
# The text says it read the date off the Ministry's register ("следует из реестра", "согласно
# перечню", "как следует из реестра"): the register's column is the decision's own date.
REGISTER = re.compile(r"(?:из|согласно|по данным)\s+(?:этому\s+|его\s+)?(?:реестр|перечн)|"
                      r"according\s+to\s+the\s+(?:register|registry|entries|list)", re.IGNORECASE)


# "announced the decision on April 18", "сообщила о решении 5 мая": the day is the announcement's.
_ANNOUNCED = re.compile(r"(?:announced|reported|said|сообщил\w*|объявил\w*|заявил\w*)\s+(?:the\s+|о\s+)?"
                        r"(?:decision|решени)", re.IGNORECASE)


def dates_a_decision(quote: str) -> bool:
    """Whether a quote gives the decision's own date (basis ``stated``), by the cues above."""
    if _ANNOUNCED.search(quote):
        return bool(REGISTER.search(quote)) and bool(re.search(_DAY_MONTH, quote, re.I))
    return bool(STATED.search(quote)) or (bool(REGISTER.search(quote)) and bool(re.search(_DAY_MONTH, quote, re.I)))


def publisher(url: str) -> str:
    """The site that published a report: the URL's host without ``www.``/``amp.``/``m.``."""
    host = urlsplit(url).hostname or url
    return re.sub(r"^(?:www\.|amp\.|m\.)", "", host).rstrip(".")


def publisher_family(url: str) -> str:
    """The publisher behind a site, so that its editions count once: interfax.ru and interfax.com
    are one agency, francais.news-pravda.com and news-pravda.com one network.

    The registrable name's first label: the label before the top-level domain, or before a
    second-level one such as ``co.uk`` or ``com.ua``.
    """
    labels = publisher(url).split(".")
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "gov", "ac"}:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


# R5: a report that gives a third party as its source, not the Prosecutor General's office or the
# Ministry: a Duma commission or a deputy ("об этом сообщили в комиссии Госдумы", "the State Duma
# commission ... reported"), the organization itself or its people ("said the foundation",
# "организация узнала"), or a decision reported as granting a commission's request ("поддержал
# обращение комиссии", "a soutenu l'appel de la Commission"). Such a source publishes when it
# chooses, often weeks after the decision, so its day is not the decision's announcement.
_BODY = r"(?:комисси\w*\s+(?:Гос)?[Дд]ум\w*|депутат\w*)"
_ITSELF = r"(?:в\s+(?:сам\w+\s+)?(?:организаци|фонд|НКО|НПО)\w*)"
_SAID = r"(?:сообщил|заявил|рассказал|написал)\w*"
_THIRD_PARTY = re.compile(
    rf"{_SAID}\s+(?:\S+\s+){{0,4}}?(?:{_BODY}|{_ITSELF})|{_BODY}[^.]{{0,160}}?{_SAID}|"
    rf"{_ITSELF}\s+(?:\S+\s+){{0,2}}?{_SAID}|"
    r"(?:Duma|parliamentary)\s+(?:commission|committee)[^.]{0,160}?(?:reported|said|announced|wrote)|"
    r"(?:reported|said|announced|wrote)\s+(?:by\s+)?(?:the\s+)?(?:State\s+)?Duma|"
    r"(?:организаци\w*|фонд\w*)\s+(?:узнал|сообщил\w*\s+о\s+том,\s+что\s+узнал)|"
    r"the\s+(?:organization|group|foundation|NGO)\s+(?:said|learned|wrote)|"
    r"(?:обращени\w*|запрос\w*|request|appel|Antrag)\s+(?:\S+\s+){0,3}?(?:комисси|commission|Kommission)",
    re.IGNORECASE)
# The report names the Prosecutor General's office or the Ministry as its own source: then the day is
# theirs, whatever third party is named beside it ("по запросу комиссии Госдумы ..., сообщили в ведомстве").
_FIRST_PARTY = re.compile(
    r"(?:сообщил\w*|сообщает\w*|сообщается|говорится|заявил\w*)\s+(?:в\s+)?(?:на\s+сайте\s+)?"
    r"(?:пресс-служб\w*|в?\s*ведомств|надзорно\w*\s+ведомств|Генпрокуратур|Генеральн\w*\s+прокуратур|Минюст)|"
    r"(?:на\s+сайте|в\s+сообщении|пресс-служб\w*)\s+(?:надзорного\s+)?(?:ведомства|Генпрокуратуры|Генеральной\s+прокуратуры)|"
    r"(?:prosecutor\w*['’]s?\s+(?:general['’]s\s+)?(?:office\s+|press\s+service\s+)(?:said|told|reported|announced|stated))|"
    r"(?:said|told|reported|according\s+to)\s+(?:the\s+)?(?:Russian\s+)?(?:Prosecutor|oversight\s+agency|agency['’]s\s+press)",
    re.IGNORECASE)


def announced_by_third_party(text: str) -> bool:
    """R5: whether a report's source for the decision is a third party rather than the deciding office."""
    return bool(_THIRD_PARTY.search(text)) and not _FIRST_PARTY.search(text)


# A sentence ends at . ! ? (a closing quote may follow) before the next one's capital, digit or opening
# quote; a closing guillemet inside a sentence ("фонд «Альфа» в перечень") does not end it.
_SENTENCE_END = re.compile(r'(?<=[.!?][»"”])\s+|(?<=[.!?])\s+(?=[«"“A-ZА-ЯЁІЇЄҐ0-9])')


def _basis_and_quote(text: str, evidence: str, day: date, published: date | None) -> tuple[str, str]:
    """The basis of a pipeline date, and the quote: the event's sentence, plus the one that dates the decision.

    ``stated`` only when a sentence that dates a decision names the event's own day: a report can
    date another entry's decision, or the Ministry's listing, in the sentence beside the event's.
    """
    for sentence in _SENTENCE_END.split(text):
        if dates_a_decision(sentence) and day in _days(sentence, published or day):
            dating = sentence.strip()
            return "stated", evidence if dating in evidence else f"{evidence} … {dating}"
    return "announced", evidence


def _days(sentence: str, reference: date) -> set[date]:
    """The calendar days a sentence names, a day without a year taken in the reference's year."""
    return {d for d in (resolve(c, reference) for c in find_cues(sentence) if c.kind == "explicit") if d}


def dates_the_listing(item: dict[str, Any], listed: date) -> bool:
    """Whether a piece of evidence dates the Ministry's listing, or a later day, rather than the decision.

    The Ministry lists an entry after the Prosecutor General's decision reaches it, so a report
    whose date is the listing day dates the listing (a report of the Ministry's update, or a
    page dated that day), unless its quote gives that day as the decision's own date (R1); and a
    date after the listing day cannot be the decision's at all, whatever the quote says (R6: an
    office answering a question days after the Ministry listed the entry).
    """
    day = date.fromisoformat(str(item["decision_date"]))
    return day > listed or (day == listed and not dates_a_decision(item["quote"]))


def _row_of(entity_id: str | None) -> int | None:
    if entity_id is None or not entity_id.startswith(REGISTRY + "-"):
        return None
    return int(entity_id.rsplit("-", 1)[1])


def collect(reports: list[dict[str, Any]], review: dict[str, Any], db: Path) -> dict[int, list[dict[str, Any]]]:
    """Entry row → every piece of evidence of its decision date, pipeline first, then the review."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reports)
    articles = list(read_jsonl(io.StringIO(lines), "eval/decisions/reports.jsonl"))
    store = open_store(db)
    try:
        results = extract_articles(store, Config.from_env(db_path=db), articles)
    finally:
        store.close()
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for report, result in zip(reports, results):
        fixes = review.get(report["id"], {}) or {}
        rejected = set(fixes.get("reject", []))
        corrections = {c["row"]: c for c in fixes.get("entries", [])}
        base = {"report": report["id"], "url": report["url"], "publisher": publisher(report["url"]),
                "published": report["published"], "split": report["split"]}
        seen: set[int] = set()
        for event in result["events"]:
            row = _row_of((event.get("linked") or {}).get("id"))
            if row is None or row in rejected or row in seen or event["status"] != "undesirable":
                continue
            seen.add(row)
            fix = corrections.pop(row, None)
            if fix is not None:
                evidence[row].append({**base, **_reviewed(fix, "pipeline+review")})
            elif event["decision_date"] and event["date_basis"] not in INFERRED_DATE_BASES:
                day = date.fromisoformat(event["decision_date"])
                published = date.fromisoformat(report["published"]) if report["published"] else None
                basis, quote = _basis_and_quote(report["text"], event["evidence"], day, published)
                evidence[row].append({**base, "decision_date": event["decision_date"], "basis": basis,
                                      "quote": quote, "how_obtained": "pipeline"})
        for row, fix in corrections.items():
            evidence[row].append({**base, **_reviewed(fix, "review")})
        for fix in fixes.get("entries", []):
            check_review_entry(report, fix)
    return evidence


def _reviewed(fix: dict[str, Any], how: str) -> dict[str, Any]:
    return {"decision_date": str(fix["decision_date"]), "basis": fix["basis"], "quote": fix["quote"],
            "how_obtained": how, "review_note": fix["note"]}


def _squash(text: str) -> str:
    return " ".join(text.split())


def check_review_entry(report: dict[str, Any], fix: dict[str, Any]) -> None:
    """A reviewed date must quote the report's own words and earn its basis.

    Raises:
        SystemExit: a part of the quote (parts are joined by " … " or "...") is not in the report's
            title or text, or the basis is ``stated`` while the quote gives no decision date.
    """
    where = f"review.yml {report['id']} row {fix['row']}"
    page = _squash(f"{report['title']} {report['text']}")
    for part in re.split(r"\s*(?:…|\.\.\.)\s*", fix["quote"]):
        if part.strip() and _squash(part) not in page:
            raise SystemExit(f"{where}: the quote is not the report's words: {part!r}")
    if fix["basis"] == "stated" and not dates_a_decision(fix["quote"]):
        raise SystemExit(f"{where}: basis 'stated' but the quote gives no decision date: {fix['quote']!r}")


def decide(items: list[dict[str, Any]]) -> tuple[str, str, str | None]:
    """The entry's decision date and basis from its evidence, and a note when sources disagree.

    A stated date wins over an announced one (an announcement comes on the day or days after).
    R4: among dates of the same basis, the date the most publishers give wins (a publisher's
    editions count once, ``publisher_family``), so that one outlet a day off does not outvote the
    others; on a tie the earliest wins, since an announcement can lag the decision but not precede it.
    """
    stated = _by_support([e for e in items if e["basis"] == "stated"])
    announced = _by_support([e for e in items if e["basis"] == "announced"])
    basis, chosen = ("stated", stated[0]) if stated else ("announced", announced[0])
    note = None
    if len(stated) > 1 or len(announced) > 1 or (stated and announced and max(announced) < stated[0]):
        parts = [f"{d} ({b}: " + ", ".join(e["publisher"] for e in items if e["decision_date"] == d and e["basis"] == b)
                 + ")" for b, ds in (("stated", stated), ("announced", announced)) for d in sorted(ds)]
        note = f"sources disagree, {chosen} taken: " + "; ".join(parts)
    elif stated and announced and any(d != stated[0] for d in announced):
        lag = max((date.fromisoformat(d) - date.fromisoformat(stated[0])).days for d in announced)
        note = f"announced {lag} day(s) after the stated decision date"
    return chosen, basis, note


def _by_support(items: list[dict[str, Any]]) -> list[str]:
    """The distinct dates of some evidence, the one most publishers give first, ties by the earliest."""
    support: dict[str, set[str]] = defaultdict(set)
    for e in items:
        support[e["decision_date"]].add(publisher_family(e["url"]))
    return sorted(support, key=lambda d: (-len(support[d]), d))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=ROOT / "eval" / "decisions" / "reports.jsonl")
    parser.add_argument("--review", type=Path, default=ROOT / "eval" / "decisions" / "review.yml")
    parser.add_argument("--registry", type=Path, default=ROOT.parent / "shared" / "data" / "registries"
                        / "ru_undesirable.itsalt-2026-09-24.json")
    parser.add_argument("--out", type=Path, default=ROOT / "proscribed" / "resources" / "decision_dates.yml")
    args = parser.parse_args(argv)
    reports = [json.loads(line) for line in args.reports.read_text(encoding="utf-8").splitlines() if line.strip()]
    review = yaml.safe_load(args.review.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(review) - {r["id"] for r in reports})
    if unknown:
        raise SystemExit(f"review.yml names reports that do not exist: {unknown}")
    rows = {int(e["id"].removeprefix("row-")): e for e in json.loads(args.registry.read_text(encoding="utf-8"))["entries"]}
    texts = {r["id"]: f"{r['title']} {r['text']}" for r in reports}
    with tempfile.TemporaryDirectory() as tmp:
        evidence = collect(reports, review, Path(tmp) / "store.sqlite3")
    entries, aside = [], []
    for row in sorted(evidence):
        entry = rows[row]
        listed = "-".join(reversed(entry["included_at"].split(".")))
        items = sorted(evidence[row], key=lambda e: (e["decision_date"], e["report"]))
        for item in items:
            if dates_the_listing(item, date.fromisoformat(listed)):
                aside.append({"row": row, "report": item["report"], "url": item["url"],
                              "decision_date": item["decision_date"], "split": item["split"],
                              "reason": (f"the date is after the Ministry's listing day ({listed}): the decision "
                                         "came before the listing (R6)")
                              if item["decision_date"] > listed else
                              (f"the report's date is the Ministry's listing day ({listed}) and its "
                               "quote does not give it as the decision's date")})
        items = [i for i in items if not dates_the_listing(i, date.fromisoformat(listed))]
        for item in items:
            if item["basis"] == "announced" and announced_by_third_party(texts[item["report"]]):
                aside.append({"row": row, "report": item["report"], "url": item["url"],
                              "decision_date": item["decision_date"], "split": item["split"],
                              "reason": "a third party announced it (R5): the decision may be weeks earlier"})
        items = [i for i in items
                 if i["basis"] != "announced" or not announced_by_third_party(texts[i["report"]])]
        if not items:
            continue
        chosen, basis, note = decide(items)
        entries.append({"row": row, "key": f"ru_undesirable|{listed}|{entry['name']}", "decision_date": chosen,
                        "decision_date_basis": basis, "note": note, "evidence": items})
    header = ("# Prosecutor General decision dates of undesirable entries, from public news reports.\n"
              "# GENERATED by scripts/collect_decision_dates.py from eval/decisions/reports.jsonl (the reports)\n"
              "# and eval/decisions/review.yml (the hand review); do not edit: edit those and rerun.\n"
              "# basis: stated = the report gives the decision's own date; announced = only the day it was\n"
              "# made public. how_obtained: pipeline (news extractor, unchanged), pipeline+review (the\n"
              "# extractor linked the entry, the review set the date), review (the extractor missed it).\n"
              "# set_aside: evidence that dates the Ministry's listing, not the decision, or that only a third\n"
              "# party announced (not used).\n")
    doc = {"source": "decision-dates", "method": "eval/decisions/README.md", "entries": entries, "set_aside": aside}
    args.out.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000),
                        encoding="utf-8")
    how: dict[str, int] = defaultdict(int)
    for items in evidence.values():
        for e in items:
            how[e["how_obtained"]] += 1
    print(f"wrote {args.out}: {len(entries)} entries with a decision date from "
          f"{len(reports)} reports; evidence " + ", ".join(f"{k} {v}" for k, v in sorted(how.items()))
          + f"; {len(aside)} set aside (they date the listing, or a third party announced them)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
