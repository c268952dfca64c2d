"""Designation events from one article, English or Russian, by rules (no network, no hosted model).

The steps: sentences → for each, the status words and the designation verb,
minus requests, claims, laws, fines and delistings, minus background
("earlier", "in 2021", label clauses) → the organization names of the sentence
(or of the next one, when it only counts them: "four organizations") → one
event per organization, dated by the nearest date cue (explicit date, weekday,
"накануне", the dateline) resolved against the publication date → linked to a
registry entity by the screening of the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from ..exc import InvalidInput
from ..matching import ScreeningIndex, screen
from ..model import Designation
from .analysis import Info, infos_of, label_mentions
from .classifier import Model, model
from .features import Occurrence, OrgMention, list_groups, org_mentions, same_org
from .dates import DateCue, dateline, find_cues, reference_date, resolve
from .lexicon import lexicon
from .model import REGISTRY_OF_STATUS, Article, Event, Extraction
from .names import Candidate, nominative, norm_name, plausible_name
from .size import list_size

__all__ = ["extract", "analyse", "decide", "Analysis", "REGISTRY_OF_STATUS", "MAX_TEXT"]

AUTHORITY_NAMES = {"prosecutor_general": "Prosecutor General", "ministry_of_justice": "Ministry of Justice",
                   "court": "court", "other_government": "other government"}
MAX_TEXT = 2_000_000  # characters of article text we analyse


@dataclass
class _Cluster:
    status: str
    sentences: list[int]
    cands: list[Candidate] = field(default_factory=list)


def _cluster_events(article: Article, infos: list[Info]) -> tuple[list[_Cluster], list[tuple[str, str | None]]]:
    lex = lexicon()
    clusters: list[_Cluster] = []
    mentioned: list[tuple[str, str | None]] = []
    used: set[int] = set()
    have_news = False
    for i, info in enumerate(infos):
        mentioned.extend(label_mentions(info))
        if i in used:
            continue
        text = info.masked.text
        last = clusters[-1] if clusters else None
        adjacent = last is not None and last.sentences[-1] >= i - (2 if last.cands else 3)
        status = info.status
        inherited = False
        # A sentence that says it continues ("Кроме того, в перечень вошли ...", "also") reaches back
        # over a sentence more than any other: a remark on the first event often stands between.
        if status is None and info.verb and not info.negative and last is not None \
                and last.sentences[-1] >= i - 3 \
                and info.cands and (lex.enumeration.search(text) or re.search(
                    r"\b(?:also|туда же|кроме)\b", text, re.IGNORECASE)):
            status, inherited = last.status, True
        if status is None or not (info.verb or inherited) or info.negative:
            if last is not None and adjacent and info.cands and not info.negative and not info.background \
                    and lex.enumeration.search(text):
                last.cands.extend(c for c in info.cands if not c.labels)
                last.sentences.append(i)
            elif status is not None and (info.background or info.negative):
                mentioned.extend((c.name, status) for c in info.cands)
            continue
        old = [d for c in find_cues(text) if c.kind == "explicit" and (d := resolve(c, article.published))
               and article.published is not None and d < article.published - timedelta(days=45)]
        if info.background or old or (have_news and lex.background_after_news.search(text)):
            mentioned.extend((c.name, status) for c in info.cands)
            continue
        cands = [c for c in info.cands if status not in c.labels]
        mentioned.extend((c.name, status) for c in info.cands if status in c.labels)
        sentences = [i]
        if not cands and last is not None and not last.cands and last.status == status and adjacent:
            last.sentences.append(i)
            continue
        if not cands:
            for j in (i + 1, i + 2):
                if j >= len(infos):
                    break
                nxt = infos[j]
                if nxt.negative or nxt.background or (nxt.status is not None and nxt.status != status):
                    break
                if not (nxt.verb or lex.enumeration.search(nxt.sentence.text)):
                    continue
                found = [c for c in nxt.cands if status not in c.labels]
                if found:
                    cands.extend(found)
                    sentences.append(j)
                    used.add(j)
                    if not lex.enumeration.search(infos[j + 1].sentence.text if j + 1 < len(infos) else ""):
                        break
        if last is not None and not last.cands and last.status == status and adjacent:
            last.cands.extend(cands)
            last.sentences.extend(sentences)
        else:
            clusters.append(_Cluster(status, sentences, cands))
        have_news = have_news or bool(cands)
    return [c for c in clusters if c.cands], mentioned


def _date(infos: list[Info], cluster: _Cluster, article: Article,
          line_date: date | None, own: tuple[int, ...] = ()) -> tuple[date | None, str | None]:
    """The event's decision date and how it was known. ``own``: the other sentences that name the
    organization (after the event's own, before the neighbours)."""
    published = article.published
    first = cluster.sentences[0]
    # The event's sentences, then the next three, then the two before: a date cue often sits in a
    # neighbouring sentence ("On Friday the ministry updated the register. It added X and Y.").
    order = list(dict.fromkeys(cluster.sentences + sorted(own) + list(range(first + 1, min(first + 4, len(infos))))
                               + [k for k in (first - 1, first - 2) if k >= 0]))
    lex = lexicon()
    usable: list[tuple[list[DateCue], bool]] = []
    for k in order:
        info = infos[k]
        # A sentence that names the organization dates its event even when it reads as a claim or
        # a case: a ruling that granted the claim ("суд 5 июня удовлетворил иск о признании X").
        negative = info.negative and k not in own
        if k not in cluster.sentences and (info.background or negative
                                            or (info.status is not None and info.status != cluster.status)):
            continue
        text = info.masked.text
        cues = find_cues(text)
        # A date the decision noun governs ("решения ... от 12 марта") dates the decision before any
        # other date of its sentence (the listing's, the statement's).
        decided = [c for c in cues if lex.decision_dated.search(text[max(0, c.start - 80):c.start])]
        listing = cluster.status != "foreign_agent" and not decided and bool(lex.listing_acts.search(text))
        usable.append(([*decided, *(c for c in cues if c not in decided)], listing))
    # The ministry lists others' decisions (the Prosecutor General's, the courts'): a sentence that
    # reports the listing gives the listing's date, so the sentences that do not date the event
    # first; the ministry's own foreign-agent decisions are dated by its listing.
    for cues, _ in sorted(usable, key=lambda u: u[1]):
        for kind in ("explicit", "weekday", "relative"):
            for cue in (c for c in cues if c.kind == kind):
                day = resolve(cue, published)
                if day is None:
                    if kind == "explicit" and cue.year is None and published is None:
                        # A date without its year on an undated page takes the year of the day the
                        # page speaks from (its dateline, else the latest full date it names), as it
                        # would take the publication's.
                        anchor = reference_date(article.text, None)
                        day = None if anchor is None else resolve(cue, anchor)
                        return (None, "no_year") if day is None else (day, kind)
                    continue
                if published is not None and (day > published + timedelta(days=1)
                                              or (kind == "explicit" and day < published - timedelta(days=45))):
                    continue
                return day, kind
        if any(c.kind == "weekday" for c in cues) and published is None:
            return None, "weekday_unresolvable"
    if line_date is not None:
        return line_date, "dateline"
    if published is not None:
        return published, "published"
    return None, None


def _authority(infos: list[Info], cluster: _Cluster, jurisdiction: str | None) -> str:
    if jurisdiction not in (None, "RU"):
        return "other_government"
    lex = lexicon()
    text = " ".join(infos[k].masked.text for k in cluster.sentences)
    if cluster.status in ("extremist", "terrorist"):
        return "court" if lex.authority["court"].search(text) or cluster.status == "extremist" else "court"
    if cluster.status == "foreign_agent":
        return "ministry_of_justice"
    if lex.authority["prosecutor_general"].search(text):
        return "prosecutor_general"
    if lex.authority["ministry_of_justice"].search(text):
        return "ministry_of_justice"
    return "prosecutor_general"


def _jurisdiction(article: Article, infos: list[Info], cluster: _Cluster) -> str | None:
    lex = lexicon()
    text = " ".join(infos[k].sentence.text for k in cluster.sentences)
    head = " ".join([article.title or ""] + [i.sentence.text for i in infos[:2]])
    for scope in (text, head):
        foreign = [code for code, p in lex.jurisdiction.items() if p.search(scope)]
        if foreign and not lex.russia.search(scope):
            return foreign[0]
        if lex.russia.search(scope):
            return "RU"
    if article.language == "ru" or lex.russia.search(article.text):
        return "RU"
    return None


def _contains(short: str, long: str) -> bool:
    s, l_ = norm_name(short).split(), norm_name(long).split()
    if not s or len(s) >= len(l_):
        return False
    it = iter(l_)
    return all(w in it for w in s)  # the shorter name's words, in order, inside the longer one


def _link(index: ScreeningIndex | None, names: list[str], status: str | None,
          threshold: float) -> tuple[dict[str, Any] | None, bool, Designation | None]:
    """The registry entry the names point to (scores summed over the names), whether it is ambiguous,
    and its designation."""
    if index is None:
        return None, False, None
    registry = REGISTRY_OF_STATUS.get(status or "")
    totals: dict[str, float] = {}
    found: dict[str, tuple[Any, Any]] = {}
    for name in dict.fromkeys(names):
        if not name.strip() or len(name) > 300:
            continue
        for m in screen(index, name, threshold=threshold, limit=5):
            if m.entity.schema != "organization":
                continue
            d = next((d for d in m.entity.designations if registry is None or d.registry == registry), None)
            if d is None:
                continue
            totals[m.entity.id] = totals.get(m.entity.id, 0.0) + m.score
            found[m.entity.id] = (m.entity, d)
    if not totals:
        return None, False, None
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    ambiguous = len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.05
    entity, d = found[ranked[0][0]]
    return ({"id": entity.id, "registry": d.registry, "name": entity.caption,
             "listed_on": d.listed_on.isoformat() if d.listed_on else None}, ambiguous, d)


def _registry_year(event: Event, designation: Designation) -> date | None:
    """The day of a year-less date on an undated page ("5 июня Генпрокуратура признала …") when the
    linked registry entry records its decision or listing on that very day and month: the registry
    then gives the year the page leaves out."""
    days = {d for d in (designation.decision_date, designation.listed_on) if d is not None}
    cues = [c for c in find_cues(event.evidence) if c.kind == "explicit" and c.year is None]
    found = {d for d in days for c in cues if (d.month, d.day) == (c.month, c.day)}
    return found.pop() if len(found) == 1 else None


def _title_names(title: str) -> list[str]:
    """Names a headline lists ("Russia Bans Bellingcat, Insider as 'Undesirable' Orgs")."""
    lex = lexicon()
    if not lex.any_status.search(title):
        return []
    out = []
    for piece in re.split(lex.verbs.pattern + r"|\bas\b|\bin\b|:|'", title, flags=re.IGNORECASE):
        if not piece or ("," not in piece and " and " not in piece):
            continue
        for part in re.split(r",|\band\b|&", piece):
            part = part.strip()
            if part and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s?){1,4}", part) and not re.search(r"-\w+ed\b", part) \
                    and plausible_name(part):
                words = part.split()
                if all(w.casefold() not in lex.not_org and w.casefold() not in lex.demonyms for w in words):
                    out.append(part)
    return out if len(out) >= 2 else []


def _merge(events: list[Event], c: Candidate) -> bool:
    """Fold ``c`` into an event of the same organization; False when it is a new one.

    Another name of an event (same name, or a shared parenthetical name) merges; a
    shorter name inside an event's name merges (``Amnesty`` into ``Amnesty
    International``); a longer name containing an event's name replaces it (the
    legal-entity name wins: ``Bellingcat`` → ``Bellingcat Ltd.``), once.
    """
    names = {norm_name(c.name)} | {norm_name(a) for a in c.aliases}
    for e in events:
        if names & ({norm_name(e.org)} | {norm_name(a) for a in e.aliases}):
            e.aliases.extend([c.name] + c.aliases)
            return True
    for e in events:
        if _contains(c.name, e.org) or any(_contains(c.name, a) for a in e.aliases if len(a) > 3):
            return True
    for e in events:
        if _contains(e.org, c.name) and not getattr(e, "_upgraded", False):
            e.aliases.append(e.org)
            e.aliases.extend(c.aliases)
            e.org = c.name
            setattr(e, "_upgraded", True)
            return True
    return False


def _rule_events(article: Article, infos: list[Info], line_date: date | None) -> tuple[list[Event], list[tuple[str, str | None]]]:
    """The events the rules find (status and verb in a sentence, lists, headline names) and the background names."""
    clusters, mentioned_raw = _cluster_events(article, infos)
    events: list[Event] = []
    for cluster in clusters:
        jurisdiction = _jurisdiction(article, infos, cluster)
        day, basis = _date(infos, cluster, article, line_date)
        authority = _authority(infos, cluster, jurisdiction)
        evidence = " ".join(infos[k].sentence.text.strip() for k in cluster.sentences)
        for c in cluster.cands:
            if _merge(events, c):
                continue
            confidence = 0.55 + (0.15 if day is not None else 0.0) + (0.1 if len(cluster.sentences) == 1 else 0.0)
            events.append(Event(
                org=c.name, status=cluster.status, jurisdiction=jurisdiction,
                authority=AUTHORITY_NAMES[authority], authority_type=authority, decision_date=day,
                listing_date=None, evidence=evidence, confidence=round(confidence, 2), aliases=list(c.aliases),
                date_basis=basis))
    if article.title and events:
        names = _title_names(article.title)
        if names and any(any(norm_name(n) == norm_name(e.org) or norm_name(n) in map(norm_name, e.aliases)
                             for e in events) for n in names):
            first = events[0]
            for n in names:
                known = any(norm_name(n) == norm_name(e.org) or norm_name(n) in map(norm_name, e.aliases)
                            or _contains(n, e.org) for e in events)
                if not known:
                    events.append(Event(n, first.status, first.jurisdiction, first.authority, first.authority_type,
                                        first.decision_date, None, article.title, round(first.confidence - 0.2, 2),
                                        date_basis=first.date_basis))
    return events, mentioned_raw


def _rules_agree(org: OrgMention, cls: str, rule_events: list[Event]) -> bool:
    """The rules found this organization with this class (a status, or another state's act)."""
    return any(any(same_org(n, x) for n in org.names for x in [e.org, *e.aliases])
               and ((e.jurisdiction not in (None, "RU")) if cls == "foreign" else e.status == cls)
               for e in rule_events)


def _accepted(infos: list[Info], orgs: list[OrgMention], rule_events: list[Event], classifier: Model,
              index: ScreeningIndex | None, threshold: float) -> list[tuple[OrgMention, str, float]]:
    """The organizations that are events, with their class and probability, in the article's order.

    An organization whose best status reaches the threshold is one (the rules' threshold when
    the rules found it too). A list names several organizations of one act: a name listed
    beside an accepted organization of the same class needs only the list threshold.
    """
    verdicts = []
    for org in orgs:
        if _unknown_place(org, index, threshold):
            continue
        proba = classifier.proba(org.features)
        cls, p = max(((c, q) for c, q in proba.items() if c != "none"), key=lambda cq: cq[1])
        verdicts.append((org, cls, p))
    taken = [p >= (classifier.rule_threshold if _rules_agree(org, cls, rule_events) else classifier.threshold)
             for org, cls, p in verdicts]
    if classifier.list_threshold is not None:
        groups = list_groups(infos)
        lists = {(groups[o.sentence], cls) for (org, cls, _p), ok in zip(verdicts, taken) if ok
                 for o in org.occurrences}
        taken = [ok or (p >= classifier.list_threshold and any((groups[o.sentence], cls) in lists
                                                                for o in org.occurrences))
                 for (org, cls, p), ok in zip(verdicts, taken)]
    return [v for v, ok in zip(verdicts, taken) if ok]


def _unknown_place(org: OrgMention, index: ScreeningIndex | None, threshold: float) -> bool:
    """A place's name ("Florida", "ST. PETERSBURG": news/places.py) that no registry entry bears
    as a name of its own: where an act happened or an organization sits, never the organization
    designated. A listed organization named like a place ("Azov", "Republic") stays; an entry that
    merely holds the place in a longer name ("… Свидетелей Иеговы г. Калининград") does not count."""
    if not org.features.get("place"):
        return False
    if index is None:
        return True
    for name in org.names:
        key = norm_name(name)
        if any(norm_name(n.value) == key for m in screen(index, name, threshold=threshold, limit=3)
               for n in m.entity.names):
            return False
    return True


def _anchor(infos: list[Info], org: OrgMention, cls: str) -> Occurrence:
    """The occurrence that carries the event: the first in a sentence of its status, else the first outside a label."""
    return next((o for o in org.occurrences if not o.label_clause and infos[o.sentence].status == cls),
                next((o for o in org.occurrences if not o.label_clause), org.occurrences[0]))


# Words before a quoted name that end the name: a kind of body or a legal form ("НКО «Будущее»",
# "объединение «Северный ветер»", "the group “Women's Voice”").
_QUOTED_CORE = re.compile(r"^\S[^«\"“]*?\s([«\"“][^«»\"“”]+[»\"”])$")


def _quoted_core(name: str) -> str | None:
    """The quoted name at the end of a longer name, another name of the same organization."""
    m = _QUOTED_CORE.match(name)
    return m.group(1) if m else None


def _event_of(article: Article, infos: list[Info], org_mention: OrgMention, cls: str, p: float,
              rule_events: list[Event], line_date: date | None) -> tuple[Event | None, Event | None]:
    """The event of an organization the classifier accepted: the rules' facts when they found it, else its sentence's."""
    occ = _anchor(infos, org_mention, cls)
    names = list(dict.fromkeys(n for n in org_mention.names if n.strip()))
    # The longest name that contains the others is the legal-entity name ("Bellingcat" → "Bellingcat Ltd."),
    # written in the nominative where one of its names is ("Омское …", not "Омского …").
    org = max(names, key=lambda n: (all(same_org(n, m) for m in names), nominative(n) == n, len(n)))
    aliases = [n for n in names if n != org]
    aliases += [q for q in (_quoted_core(n) for n in names) if q is not None and q not in names and q not in aliases]
    own = tuple(o.sentence for o in org_mention.occurrences if not o.label_clause and o.sentence != occ.sentence)
    for e in rule_events:
        if not any(same_org(n, x) for n in names for x in [e.org, *e.aliases]):
            continue
        if (cls == "foreign") == (e.jurisdiction not in (None, "RU")) and (cls == "foreign" or e.status == cls):
            merged = [x for x in dict.fromkeys([*aliases, e.org, *e.aliases]) if x != org]
            event = replace(e, org=org, aliases=merged, confidence=round(p, 2))
            if event.decision_date is None and own:
                # The rules dated the event from its cluster only; another sentence naming the
                # organization may give the date ("суд 5 июня удовлетворил иск о признании …").
                day, basis = _date(infos, _Cluster(e.status, [occ.sentence], [occ.cand]), article, line_date, own)
                if day is not None:
                    event = replace(event, decision_date=day, date_basis=basis)
            return event, e
    status = cls if cls != "foreign" else (infos[occ.sentence].status or next(
        (infos[k].status for k in (occ.sentence - 1, occ.sentence + 1) if 0 <= k < len(infos) and infos[k].status),
        None))
    if status is None:
        return None, None
    cluster = _Cluster(status, [occ.sentence], [occ.cand])
    jurisdiction = "RU" if cls != "foreign" else _jurisdiction(article, infos, cluster)
    if cls == "foreign" and jurisdiction == "RU":
        jurisdiction = None
    day, basis = _date(infos, cluster, article, line_date, own)
    authority = _authority(infos, cluster, jurisdiction)
    return Event(org=org, status=status, jurisdiction=jurisdiction, authority=AUTHORITY_NAMES[authority],
                 authority_type=authority, decision_date=day, listing_date=None,
                 evidence=infos[occ.sentence].sentence.text.strip(), confidence=round(p, 2), aliases=aliases,
                 date_basis=basis), None


Analysis = tuple[list[Info], list[Event], list[tuple[str, str | None]], list[OrgMention], date | None]


def analyse(article: Article, index: ScreeningIndex | None, threshold: float) -> Analysis:
    """The article read: sentences, the rules' events and background names, every mention with its features."""
    infos = infos_of(article)
    line_date = dateline(article.text, article.published)
    rule_events, mentioned_raw = _rule_events(article, infos, line_date)
    label_names = [[n for n, _ in label_mentions(info)] for info in infos]
    return infos, rule_events, mentioned_raw, org_mentions(article, infos, label_names, rule_events, index,
                                                           threshold), line_date


def extract(article: Article, index: ScreeningIndex | None = None, *, threshold: float = 0.5,
            classifier: Model | None = None, max_text: int = MAX_TEXT) -> Extraction:
    """The designation events, the stated list size and the already-listed organizations of one article.

    The rules propose, the classifier (``classifier.py``) decides: every mention of
    an organization is scored; an organization whose best probability of a status
    reaches the model's threshold is an event, dated and attributed from its
    sentence and neighbours.

    Args:
        article: the article; ``published`` resolves weekdays and year-less dates.
        index: the screening index used to link organizations to registry entities (None: no linking).
        threshold: screening score needed for a link.
        classifier: the event classifier (default: the shipped one; training scripts pass candidates).
        max_text: the most characters of text analysed (the commands pass PROSCRIBED_NEWS_MAX_BYTES,
            so a text read within that limit is never refused for its length).

    Raises:
        InvalidInput: the article has no text, or more than ``max_text`` characters.
    """
    if not article.text.strip():
        raise InvalidInput(f"article {article.id!r} has no text")
    if len(article.text) > max_text:
        raise InvalidInput(f"article {article.id!r} is too long ({len(article.text)} characters; "
                           f"at most {max_text}, PROSCRIBED_NEWS_MAX_BYTES)")
    return decide(article, analyse(article, index, threshold), index, threshold, classifier or model())


def decide(article: Article, analysis: Analysis, index: ScreeningIndex | None, threshold: float,
           classifier: Model) -> Extraction:
    """The extraction from an analysed article: the classifier's verdicts, dated, linked, merged."""
    infos, rule_events, mentioned_found, orgs, line_date = analysis
    mentioned_raw = list(mentioned_found)
    events: list[Event] = []
    used: set[int] = set()
    for org, cls, p in _accepted(infos, orgs, rule_events, classifier, index, threshold):
        event, source = _event_of(article, infos, org, cls, p, rule_events, line_date)
        if event is not None:
            events.append(event)
        if source is not None:
            used.add(id(source))
    # What the rules took for a designation and the classifier did not is kept as a mention.
    mentioned_raw.extend((e.org, e.status) for e in rule_events if id(e) not in used)
    # Link, and merge events that link to the same entity.
    merged: list[Event] = []
    for e in events:
        e.linked, ambiguous, designation = _link(index, [e.org] + e.aliases, e.status, threshold) \
            if e.jurisdiction == "RU" else (None, False, None)
        if e.linked is not None:
            e.confidence = round(min(0.95, e.confidence + 0.1), 2)
            if e.decision_date is None and e.date_basis == "no_year" and designation is not None:
                e.decision_date = _registry_year(e, designation)
                e.date_basis = "registry_year" if e.decision_date else e.date_basis
            twin = None if ambiguous else next(
                (x for x in merged if x.linked and x.linked["id"] == e.linked["id"]), None)
            if twin is not None:
                twin.aliases.append(e.org)
                continue
        merged.append(e)
    event_names = {norm_name(n) for e in merged for n in [e.org] + e.aliases}
    mentioned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name, status in mentioned_raw:
        key = norm_name(name)
        if key in seen or key in event_names or any(_contains(key, n) for n in event_names):
            continue
        seen.add(key)
        mentioned.append({"name": name, "status": status,
                          "linked": _link(index, [name], status, threshold)[0]})
    return Extraction(article, merged, list_size(article.text), mentioned)
