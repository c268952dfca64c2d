"""Organization mentions of an article and the features the event classifier reads.

Each occurrence of an organization candidate in a sentence is one example. Its
features are the word lists' cues in its sentence, the neighbouring sentences
and the headline (status, designation verb, request/claim/fine, background,
another state, an authority), the name itself (quoted, script, length, a
parenthetical label), what the rules concluded for it, and what the registries
know of it relative to the article's date. No word of the text is a feature by
itself: with a few hundred articles, word features learned the publishers and
topics of the training split rather than how a designation is reported
(grouped cross-validation by publisher: F1 0.65 with them, 0.68 without, with
trees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..matching import ScreeningIndex, screen
from .analysis import Info, status_of
from .dates import find_cues, reference_date, resolve
from .lexicon import lexicon
from .model import REGISTRY_OF_STATUS, Article, Event
from .names import Candidate, generic_only, nominative, norm_name
from .places import is_place

__all__ = ["Occurrence", "OrgMention", "occurrences", "features", "list_groups", "org_mentions", "same_org",
           "registry_features"]

_LIST_LINE = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)]|[«\"“])")
# A name glued to what precedes it ("TASS/. The Russian"), or cut before its end ("Fund of the"): not a name.
_FRAGMENT = re.compile(r"/\.|\s(?:of|the|and|for|и|в|по|на|для)$|^(?:of|the|and|и|в|по|на)\s", re.IGNORECASE)

def list_groups(infos: list[Info]) -> list[int]:
    """Each sentence's list: a line that opens with a bullet, a number or a quote continues the list
    of the sentence before it (its lead-in and earlier items); any other sentence starts its own."""
    out: list[int] = []
    for k, info in enumerate(infos):
        continues = k > 0 and len(info.sentence.text) < 200 and bool(_LIST_LINE.match(info.sentence.text))
        out.append(out[-1] if continues else k)
    return out


@dataclass
class Occurrence:
    """One mention of an organization candidate: the sentence it is in and the candidate."""

    sentence: int
    cand: Candidate
    label_clause: bool = False  # found inside a label clause ("признанные иноагентами ...")


def occurrences(infos: list[Info], label_names: list[list[str]]) -> list[Occurrence]:
    """Every candidate of every sentence, and the names found in its label clauses."""
    out: list[Occurrence] = []
    for i, info in enumerate(infos):
        out.extend(Occurrence(i, c) for c in info.cands)
        out.extend(Occurrence(i, Candidate(name, 0, 0), label_clause=True) for name in label_names[i])
    return out


def _nominative_form(name: str) -> str:
    """The comparison form of a Russian name put in the nominative ("Омского гражданского
    объединения" → "омское гражданское объединение"); a name in other scripts as it is."""
    return norm_name(nominative(name))


def _inside(x: str, y: str) -> bool:
    """Equal, or the shorter's words in order inside the longer's."""
    if x == y:
        return True
    short, long_ = (x.split(), y.split()) if len(x) < len(y) else (y.split(), x.split())
    it = iter(long_)
    return len(short) >= 1 and all(w in it for w in short) and len(" ".join(short)) >= 3


def same_org(a: str, b: str) -> bool:
    """The same organization by name: equal comparison forms, or one's words in order inside the
    other's, as written or (Russian names) in the nominative: one name in two cases is one organization."""
    x, y = norm_name(a), norm_name(b)
    if not x or not y:
        return False
    return _inside(x, y) or _inside(_nominative_form(a), _nominative_form(b))


def _distinct(a: str, b: str) -> bool:
    """Two several-word names, neither inside the other: two entities sharing a brand
    ("Bellingcat Ltd." and "Stichting Bellingcat"), even when a short name joins both."""
    return len(a.split()) > 1 and len(b.split()) > 1 and not same_org(a, b)


def _cues(text: str, prefix: str, out: dict[str, float]) -> None:
    lex = lexicon()
    for status, pattern in lex.status.items():
        if pattern.search(text):
            out[f"{prefix}status:{status}"] = 1.0
    for name, pattern in (("verb", lex.verbs), ("neg", lex.not_designation), ("bg", lex.background),
                          ("enum", lex.enumeration), ("russia", lex.russia)):
        if pattern.search(text):
            out[f"{prefix}{name}"] = 1.0
    for code, pattern in lex.jurisdiction.items():
        if pattern.search(text):
            out[f"{prefix}state:{code}"] = 1.0
    for kind, pattern in lex.authority.items():
        if pattern.search(text):
            out[f"{prefix}auth:{kind}"] = 1.0


# The words before a name that make it the reporter of the news, not its subject ("передает РБК",
# "according to Interfax").
_REPORTER_BEFORE = re.compile(r"(?:переда[её]т|сообщ\w+|пиш\w+|по данным|по информации|according to|told|cited by)"
                              r"\s*[«\"“]?\s*$", re.IGNORECASE)

# A person's occupation right before a name makes the name that person's employer or project,
# not the one designated: a persons-only foreign-agent update names where each person works
# ("журналист «Радио Свобода»", "основатель проекта «X»", "chief editor of X", "a reporter for X").
# Up to three words may stand between (a kind, an adjective, a preposition).
_EMPLOYER_BEFORE = re.compile(
    r"\b(?:журналист\w*|корреспондент\w*|редактор\w*|главред\w*|ведущ(?:ий|ая|его|ей|ему|им)\b|"
    r"сотрудни\w*|основател\w*|соосновател\w*|руководител\w*|директор\w*|автор\w*|"
    r"journalists?|correspondents?|reporters?|editors?|founders?|co-?founders?|directors?|hosts?|contributors?|"
    r"employees?|staffers?|columnists?|anchors?)"
    r"(?:\s+[\w.-]+){0,3}?\s*[«\"“„(]?\s*$", re.IGNORECASE)


def _role(masked: str, c: Candidate, out: dict[str, float]) -> None:
    """Where a name stands against its sentence's designation verb and status word, and what it names.

    The designated organization is the verb's object, often between the verb and the status word
    ("суд признал «X» экстремистской", "declared X an undesirable organization"); the court or
    ministry that acts stands before the verb, the outlet that reports it after a reporting verb.
    Which side of the status word a name stands on alone is no such cue ("внес в реестр
    иноагентов «X»" puts the object after it): as a feature it taught the classifier to reject
    the plainest foreign-agent report.
    """
    lex = lexicon()
    verb = lex.verbs.search(masked)
    if verb is not None:
        out["v:after" if c.start >= verb.end() else "v:before"] = 1.0
    status = min((m.start() for p in lex.status.values() if (m := p.search(masked))), default=None)
    if status is not None and verb is not None and verb.end() <= c.start and c.stop <= status:
        out["v_st:between"] = 1.0
    if any(p.search(c.name) for p in lex.authority.values()) or lex.state_bodies.search(c.name):
        out["name:authority"] = 1.0
    if _REPORTER_BEFORE.search(masked[:c.start]):
        out["name:reporter"] = 1.0
    if _EMPLOYER_BEFORE.search(masked[max(0, c.start - 80):c.start]):
        out["name:employer"] = 1.0


_LATIN_WORD = re.compile(r"\b[A-Za-z][\w'’-]*")


def _title_case(sentence: str) -> bool:
    """An English headline in title case ("New Law Enables Russia to Declare Foreign NGOs"): its
    capitals mark no names, so the spans cut from it by capitals are weak."""
    words = _LATIN_WORD.findall(sentence)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _old_date(text: str, published: date | None) -> bool:
    """An explicit date more than 45 days before publication: the sentence tells of the past."""
    if published is None:
        return False
    for cue in find_cues(text):
        if cue.kind == "explicit" and cue.year is not None:
            day = resolve(cue, published)
            if day is not None and day < published - timedelta(days=45):
                return True
    return False


def registry_features(index: ScreeningIndex | None, name: str, anchor: date | None,
                      threshold: float) -> dict[str, float]:
    """What the registries knew of an organization of this name on the article's date.

    Only designations listed by ``anchor`` count: a listing that came after the article is
    what the article may be the first news of, and a fresh article about a new designation
    finds nothing listed yet. Reading later listings would teach the classifier that a
    designation's news names an organization already in the registry, which is false exactly
    when the news matters. A listing long before the article makes it background; a recent one
    (within 30 days) is often the listing the article reports. Without a date, undated or not,
    every designation counts.

    Most extremist and all terrorist entries carry no listing date, only their court decision's;
    they count on every date. Counting them only from a month after the decision (when a ban can
    have taken effect) is the honest rule for fresh news, but a model trained with it on this
    corpus rejected plain reports of new designations and fell below the shared dev set's F1 0.90:
    the corpus's extremist and terrorist events are nearly all of organizations listed now.
    """
    if index is None or len(name) > 300 or not name.strip():
        return {}
    out: dict[str, float] = {}
    for m in screen(index, name, threshold=threshold, limit=3):
        for d in m.entity.designations:
            if anchor is not None and d.listed_on is not None and d.listed_on > anchor:
                continue
            out[f"linked:{m.entity.schema}"] = 1.0
            out[f"linked:{d.registry}"] = 1.0
            if anchor is not None and d.listed_on is not None:
                when = "before" if (anchor - d.listed_on).days > 30 else "recently"
                out[f"listed_{when}:{d.registry}"] = 1.0
    return out


def features(article: Article, infos: list[Info], occ: Occurrence, rule_status: str | None,
             registry: dict[str, float]) -> dict[str, float]:
    """The features of one occurrence (a sparse vector by name)."""
    f: dict[str, float] = {"bias": 1.0}
    info = infos[occ.sentence]
    text = info.sentence.text
    c = occ.cand
    if occ.label_clause or c.stop <= c.start:
        f["in_label_clause"] = 1.0
    _cues(info.masked.text, "s.", f)
    if occ.sentence > 0:
        _cues(infos[occ.sentence - 1].masked.text, "p.", f)
    if occ.sentence + 1 < len(infos):
        _cues(infos[occ.sentence + 1].masked.text, "n.", f)
    if article.title:
        _cues(article.title, "t.", f)
        if norm_name(c.name) and norm_name(c.name) in norm_name(article.title):
            f["in_title"] = 1.0
    if _title_case(text):
        f["title_case"] = 1.0
    f[f"pos:{min(occ.sentence, 4)}"] = 1.0
    f[f"cands:{min(len(info.cands), 4)}"] = 1.0
    # The status that governs this mention: its own sentence's, else (for a line or sentence that
    # continues a list) the previous sentence's, else the headline's.
    listing = bool(_LIST_LINE.match(text) or lexicon().enumeration.search(info.masked.text) or len(info.cands) >= 3)
    if listing:
        f["list_line"] = 1.0
    governing = info.status
    if governing is None and listing:
        governing = next((infos[k].status for k in range(occ.sentence - 1, max(-1, occ.sentence - 4), -1)
                          if infos[k].status), None)
        if governing is not None:
            f["status_from_before"] = 1.0
    if governing is None and article.title:
        governing = status_of(article.title)
        if governing is not None:
            f["status_from_title"] = 1.0
    if governing is not None:
        f[f"gov:{governing}"] = 1.0
        for cue in ("verb", "neg", "bg"):
            if f.get(f"s.{cue}"):
                f[f"gov:{governing}&{cue}"] = 1.0
    else:
        f["gov:none"] = 1.0
    if generic_only(c.name):
        f["generic_only"] = 1.0
    if is_place(c.name):
        f["place"] = 1.0
    if _FRAGMENT.search(c.name) or c.name[:1].islower():
        f["fragment"] = 1.0
    f[f"lang:{article.language or '?'}"] = 1.0
    if _old_date(info.masked.text, article.published):
        f["old_date"] = 1.0
    if article.published is None:
        f["no_published"] = 1.0
    for status in c.labels:
        f[f"label:{status}"] = 1.0
    words = c.name.split()
    f[f"words:{min(len(words), 6)}"] = 1.0
    if re.search("[«»\"“”„]", c.name) or text[max(0, c.start - 1):c.start] in ("«", "\"", "“", "„"):
        f["quoted"] = 1.0
    f["cyrillic" if re.search("[а-яё]", c.name, re.IGNORECASE) else "latin"] = 1.0
    if c.name.isupper():
        f["caps"] = 1.0
    if c.aliases:
        f["has_alias"] = 1.0
    mentions = sum(1 for i in infos if norm_name(c.name) and norm_name(c.name) in norm_name(i.sentence.text))
    f[f"mentions:{min(mentions, 3)}"] = 1.0
    f[f"rule:{rule_status or 'none'}"] = 1.0
    if c.stop > c.start:
        _role(info.masked.text, c, f)
    f.update(registry)
    if governing is not None and f.get(f"linked:{REGISTRY_OF_STATUS.get(governing)}"):
        f["linked:governing_registry"] = 1.0
    return f


@dataclass
class OrgMention:
    """One organization of an article: its names, its occurrences, and their features joined (any occurrence's)."""

    names: list[str]
    occurrences: list[Occurrence]
    features: dict[str, float]


def org_mentions(article: Article, infos: list[Info], label_names: list[list[str]], rule_events: list[Event],
                 index: ScreeningIndex | None, threshold: float) -> list[OrgMention]:
    """The organizations of the article with their features: what the classifier is trained on and applied to.

    An event is a fact about an organization, not about one sentence: the
    occurrences of one organization (same name, or one name inside another) are
    one example whose features are those of any of its occurrences.
    """
    out: list[OrgMention] = []
    registry_cache: dict[str, dict[str, float]] = {}
    anchor = reference_date(article.text, article.published)
    for occ in occurrences(infos, label_names):
        name = occ.cand.name
        rule = next((e for e in rule_events if same_org(name, e.org) or any(same_org(name, a) for a in e.aliases)),
                    None)
        rule_status = None if rule is None else rule.status if rule.jurisdiction == "RU" else "foreign"
        key = norm_name(name)
        if key not in registry_cache:
            registry_cache[key] = registry_features(index, name, anchor, threshold)
        found = features(article, infos, occ, rule_status, registry_cache[key])
        org = next((m for m in out if any(same_org(name, n) for n in m.names)
                    and not any(_distinct(name, n) for n in m.names)), None)
        if org is None:
            org = OrgMention([], [], {})
            out.append(org)
        org.names.extend([name, *occ.cand.aliases])
        org.occurrences.append(occ)
        for k, v in found.items():
            org.features[k] = max(org.features.get(k, 0.0), v)
    for org in out:
        org.features[f"occurrences:{min(len(org.occurrences), 4)}"] = 1.0
    return out
