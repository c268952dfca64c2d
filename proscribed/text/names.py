"""Split a registry's one-line name string into structured names.

The official strings pack a legal name, translations, acronyms, a country and
sometimes a rename into one line::

    Amnesty International Ltd (AMNESTY INTERNATIONAL LIMITED) («Международная Амнистия
    Лимитед», «МЕЖДУНАРОДНАЯ АМНИСТИЯ ЛИМИТЕД»), Великобритания
    OR (Otkrytaya Rossia) («Открытая Россия») (Великобритания) (с 08.11.2017 – HUMAN
    RIGHTS PROJECT MANAGEMENT)

The parser walks the string once, keeping parentheses and «guillemets» balanced,
so commas and brackets inside quotes never split a name. The raw string is always
kept by the caller; this only adds structure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rigour.names import remove_org_types

from .countries import country_code
from .lexicon import is_english_word
from .normalize import clean, script_of

__all__ = ["ParsedName", "is_acronym", "is_branch", "parse_org_name", "parse_person_name", "member_names"]


@dataclass
class ParsedName:
    names: list[tuple[str, str]] = field(default_factory=list)  # (value, kind)
    country: str | None = None  # as written
    country_code: str | None = None
    renames: list[tuple[str, str, str]] = field(default_factory=list)  # (date, value, kind)

    def add(self, value: str, kind: str) -> None:
        value = _strip(value)
        if not value or not any(c.isalpha() for c in value):
            return
        if any(v.casefold() == value.casefold() for v, _ in self.names):
            return
        self.names.append((value, kind))


_RENAME = re.compile(
    r"\(\s*(?:с|c)\s+(\d{1,2}\.\d{1,2}\.\d{4})(?:\s*г\.?)?\s*[-–—]\s*(.+?)\)\s*(?=$|[,(])", re.IGNORECASE
)
_FORMER = re.compile(
    r"\(\s*(?:ранее|бывш(?:ее|ий|ая)?\.?|прежнее наименование|до\s+\d{1,2}\.\d{1,2}\.\d{4})[\s:–-]+(.+?)\)", re.IGNORECASE
)
_LABEL = re.compile(
    r"^(?:(?:иные|другие|другое|иное|также)\s+)?(?:используем\w*\s+)?(?:наименовани\w*|названи\w*|известн\w*(?:\s+как)?)\s*[:–-]?\s*"
    r"|^(?:a\.?k\.?a\.?|also known as|formerly)\s*[:–-]?\s*",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"регистрационн|дата регистрации|\bИНН\b|\bОГРН\b|года рождения|г\.\s*р\.|\d{2}\.\d{2}\.\d{4}|зарегистрированн",
    re.IGNORECASE,
)
_REGISTERED_IN = re.compile(r"зарегистрированн\w*\s+в\s+(.+)$", re.IGNORECASE)
_BRANCH = re.compile(r"отделени|филиал|представительств|ячейк|подразделени|\bbranch\b|\boffice\b|\bchapter\b", re.IGNORECASE)


def is_branch(raw: str) -> bool:
    """The string names a branch, office or cell of another body."""
    return bool(_BRANCH.search(raw))


# Latin letters with diacritics belong to the run: "Förderstiftung Amnesty International"
# is one name, not "Amnesty International" (the name of another entity).
_LATIN_RUN = re.compile(r"\b[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ɏ0-9&'’.-]*(?:[ ][A-Za-zÀ-ÖØ-öø-ɏ0-9&'’.-]+)*")
_DASH_SPLIT = re.compile(r"\s[-–—]\s")
_QUOTED = re.compile(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»|\"([^\"]+)\"")
_OPEN = "(«"
_CLOSE = {")": "(", "»": "«"}


def _strip(value: str) -> str:
    value = " ".join(value.split()).strip(" ,;:.-–—")
    # Drop one pair of enclosing quotes, and an unbalanced leading/trailing one.
    while len(value) >= 2 and value[0] in "«\"“" and value[-1] in "»\"”" and _balanced(value[1:-1]):
        value = value[1:-1].strip()
    if value.count("«") < value.count("»") and value.endswith("»"):
        value = value[:-1]
    if value.count("«") > value.count("»") and value.startswith("«"):
        value = value[1:]
    return value.strip(" ,;:.\u00a0")


def _balanced(value: str) -> bool:
    depth = 0
    for ch in value:
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _split_top(text: str) -> tuple[list[str], list[str]]:
    """Text outside parentheses (as segments) and each top-level (group)."""
    outside: list[str] = []
    groups: list[str] = []
    buf: list[str] = []
    stack: list[str] = []
    group_start = 0
    for i, ch in enumerate(text):
        if ch == "«":
            stack.append(ch)
        elif ch == "»" and stack and stack[-1] == "«":
            stack.pop()
        elif ch == "(" and "«" not in stack:
            if not stack:
                outside.append("".join(buf))
                buf = []
                group_start = i + 1
            stack.append(ch)
            continue
        elif ch == ")" and stack and stack[-1] == "(":
            stack.pop()
            if not stack:
                groups.append(text[group_start:i])
            continue
        if not any(s == "(" for s in stack):
            buf.append(ch)
    outside.append("".join(buf))
    if stack and "(" in stack:  # unbalanced: the rest of the string is one group
        groups.append(text[group_start:])
    return [s for s in outside if s.strip()], groups


def _split_commas(text: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in ",;" and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return [p for p in (x.strip() for x in parts) if p]


def is_acronym(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    if not letters or " " in value.strip() or len(letters) > 8:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= max(2, len(letters) - 1) or "/" in value


def _prepare(raw: str) -> str:
    # Keep guillemets for structure; unify the other quote styles and spaces.
    text = unicodedata.normalize("NFKC", raw)
    text = text.replace("„", "«").replace("“", "»").replace("”", "»")
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Co"))
    text = " ".join(text.split())
    # A quote opened at the very start (or closed at the very end) and never matched.
    if text.count("«") > text.count("»") and text.startswith("«"):
        text = text[1:]
    if text.count("»") > text.count("«") and text.endswith("»"):
        text = text[:-1]
    return text


def parse_org_name(raw: str) -> ParsedName:
    """Structured names, country and renames of an organization's registry string."""
    text = _prepare(raw)
    out = ParsedName()
    for m in _RENAME.finditer(text):
        out.renames.append((m.group(1), _strip(m.group(2)), "later"))
    text = _RENAME.sub(" ", text)
    for m in _FORMER.finditer(text):
        out.renames.append(("", _strip(m.group(1)), "former"))
    text = _FORMER.sub(" ", text)

    outside, groups = _split_top(text)
    # Segments around a (group) belong to one name: "Limited liability company (SIA) «Medusa Project»".
    main_parts = _split_commas(" ".join(outside))
    # A trailing ", Country" or a "(Country)" group is the seat, not a name.
    if len(main_parts) > 1 and country_code(_strip(main_parts[-1])):
        out.country = _strip(main_parts.pop())
    candidates: list[str] = []
    for part in main_parts:
        reg = _REGISTERED_IN.search(part)
        if reg and out.country is None and country_code(reg.group(1)):
            out.country = _strip(reg.group(1))
        candidates.append(part)
    for group in groups:
        g = _strip(group)
        if out.country is None and country_code(g):
            out.country = g
            continue
        if country_code(g):
            continue
        candidates.extend(_split_commas(group))

    first = True
    for part in candidates:
        part = _LABEL.sub("", part.strip())
        if _NOISE.search(part):
            continue
        value = _strip(part)
        if not value or country_code(value) or not remove_org_types(value.casefold(), replacement="").strip(" .,"):
            continue  # a bare country or legal form ("Inc") is not a name
        kind = "acronym" if is_acronym(value) else ("official" if first else "variant")
        out.add(value, kind)
        # "ККК - Stop Occupation of Karelia", "… – Fond 19/29": a dash between words
        # joins an acronym or a descriptor to a name; each side is a name too.
        if _DASH_SPLIT.search(value):
            for side in _DASH_SPLIT.split(value):
                side = _strip(side)
                if side and not country_code(side):
                    out.add(side, "acronym" if is_acronym(side) else "variant")
        if kind != "acronym":
            first = False
        # «Quoted» names inside a descriptor ("Некоммерческая организация «Фонд ...»"),
        # except where the descriptor says the entry is a branch of the quoted body.
        for q in _QUOTED.finditer(value):
            if _BRANCH.search(value[: q.start()]):
                continue
            inner = _strip(q.group(1) or q.group(2) or "")
            if inner and inner != value:
                out.add(inner, "acronym" if is_acronym(inner) else "variant")
    for _date, value, kind in out.renames:
        out.add(value, kind)
    # Latin-script names inside a Russian string ("… Meta Platforms Inc. по реализации
    # продуктов ‒ социальных сетей Facebook и Instagram"): each run is a name.
    if script_of(text) == "Zyyy" and sum(c.isalpha() and c < "ɏ" for c in text) < len(text) / 2:
        for m in _LATIN_RUN.finditer(text):
            value = m.group(0).strip(" .,")
            if " " not in value and is_english_word(value):
                continue  # a lone dictionary word ("International") is not a name
            if len(value) >= 3 and not country_code(value) and remove_org_types(value.casefold(), replacement="").strip():
                out.add(value, "acronym" if is_acronym(value) else "variant")
    if out.country:
        out.country_code = country_code(out.country)
    if not out.names:
        out.add(clean(raw), "official")
    return out


_PERSON_PSEUDONYM = re.compile(r"[\"«]([^\"«»]+)[\"»]")


def parse_person_name(raw: str) -> ParsedName:
    """A person's ФИО (surname first, as the registers write it) and quoted pseudonyms."""
    text = _prepare(raw)
    out = ParsedName()
    for m in _PERSON_PSEUDONYM.finditer(text):
        out.add(m.group(1), "pseudonym")
    base = _PERSON_PSEUDONYM.sub(" ", text)
    base = re.sub(r"\(.*?\)", " ", base)
    main = _split_commas(base)
    if main:
        out.names.insert(0, (_strip(main[0]), "official"))
    for extra in main[1:]:
        if not _NOISE.search(extra):
            out.add(extra, "variant")
    return out


_FIO = re.compile(
    r"\b([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ][а-яё]+)\s+([А-ЯЁ][а-яё]+(?:вич|вна|ич|ична|инична|оглы|кызы))\b"
)


def member_names(raw: str) -> list[str]:
    """Full names (Фамилия Имя Отчество) of persons listed inside an entry's string."""
    return [" ".join(m.groups()) for m in _FIO.finditer(_prepare(raw))]
