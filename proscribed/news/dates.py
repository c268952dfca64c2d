"""Date cues in news text: explicit dates, weekdays, relative days, datelines.

Pure functions. A cue is resolved against the article's publication date: a
weekday is the most recent such day on or before it, "накануне"/"yesterday"
the day before, and a date without a year takes the publication year. Without
a publication date, only dates that carry their own year resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateCue", "find_cues", "dateline", "resolve", "reference_date", "VAGUE_PAST"]

_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december"]
_EN_MON = "|".join(m.capitalize() for m in _EN_MONTHS) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# Russian months in the genitive (15 октября) or abbreviated as agencies' datelines write them
# ("МОСКВА, 17 авг - РИА Новости", "5 дек."); every form starts with its month's three letters.
_RU_MONTH_BY_PREFIX = {"янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "мае": 5, "май": 5, "июн": 6,
                       "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12}
_RU_GEN = (r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
           r"|(?:янв|фев|мар|апр|июн|июл|авг|сент|сен|окт|нояб|ноя|дек)\b\.?)")
_RU_PREP = r"(январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)"
_EN_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RU_DAYS = {"понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6}

_EN_MD = re.compile(rf"\b({_EN_MON})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?")
_EN_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_EN_MON})\b,?(?: (\d{{4}}))?")
# A page's machine-made stamp: the month in the nominative, then day and year ("июль 23, 2025").
_RU_MDY = re.compile(r"\b(январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь)"
                     r" (\d{1,2}),? (\d{4})\b", re.IGNORECASE)
_RU_DM = re.compile(rf"\b(\d{{1,2}}) {_RU_GEN}(?: (\d{{4}}))?", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{2})\.(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_EN_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RU_WEEKDAY = re.compile(r"\bв(?:о)? (понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(today|yesterday|сегодня|вчера|накануне)\b", re.IGNORECASE)
_OFFSETS = {"today": 0, "сегодня": 0, "yesterday": -1, "вчера": -1, "накануне": -1}

# A month or year alone marks an earlier, undated fact ("in May", "в 2021 году", "last summer").
VAGUE_PAST = re.compile(
    rf"\b(?:in|since|earlier this|last|in early|in late) (?:{_EN_MON}|\d{{4}}|year|month|summer|spring|autumn|fall|winter)\b"
    rf"|\b(?:в|с) {_RU_PREP}\b|\b(?:в|с) \d{{4}} год|\b(?:в|с) {_RU_PREP} \d{{4}}|\bin ({_EN_MON}) \d{{4}}\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class DateCue:
    kind: str  # explicit | weekday | relative
    start: int
    month: int = 0
    day: int = 0
    year: int | None = None
    weekday: int = -1
    offset: int = 0


def _month_en(name: str) -> int:
    low = name.lower()[:3]
    return [m[:3] for m in _EN_MONTHS].index(low) + 1


def _month_ru(name: str) -> int:
    return _RU_MONTH_BY_PREFIX.get(name.lower()[:3], 0)


def find_cues(text: str) -> list[DateCue]:
    """Every date cue of ``text`` in order of position."""
    cues: list[DateCue] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], cue: DateCue) -> None:
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        cues.append(cue)

    for m in _ISO.finditer(text):
        add(m, DateCue("explicit", m.start(), int(m.group(2)), int(m.group(3)), int(m.group(1))))
    for m in _NUMERIC.finditer(text):
        add(m, DateCue("explicit", m.start(), int(m.group(2)), int(m.group(1)), int(m.group(3))))
    for m in _EN_MD.finditer(text):
        add(m, DateCue("explicit", m.start(), _month_en(m.group(1)), int(m.group(2)),
                       int(m.group(3)) if m.group(3) else None))
    for m in _EN_DM.finditer(text):
        add(m, DateCue("explicit", m.start(), _month_en(m.group(2)), int(m.group(1)),
                       int(m.group(3)) if m.group(3) else None))
    for m in _RU_MDY.finditer(text):
        add(m, DateCue("explicit", m.start(), _month_ru(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _RU_DM.finditer(text):
        add(m, DateCue("explicit", m.start(), _month_ru(m.group(2)), int(m.group(1)),
                       int(m.group(3)) if m.group(3) else None))
    for m in _EN_WEEKDAY.finditer(text):
        add(m, DateCue("weekday", m.start(), weekday=_EN_DAYS.index(m.group(1).lower())))
    for m in _RU_WEEKDAY.finditer(text):
        word = m.group(1).lower()
        add(m, DateCue("weekday", m.start(), weekday=next(v for k, v in _RU_DAYS.items() if word.startswith(k))))
    for m in _RELATIVE.finditer(text):
        add(m, DateCue("relative", m.start(), offset=_OFFSETS[m.group(1).lower()]))
    return sorted((c for c in cues if c.kind != "explicit" or (1 <= c.month <= 12 and 1 <= c.day <= 31)),
                  key=lambda c: c.start)


def resolve(cue: DateCue, published: date | None) -> date | None:
    """The calendar day of a cue, or None when it cannot be known."""
    if cue.kind == "explicit":
        year = cue.year if cue.year is not None else (published.year if published else None)
        if year is None:
            return None
        try:
            day = date(year, cue.month, cue.day)
        except ValueError:
            return None
        if cue.year is None and published is not None and day > published + timedelta(days=2):
            # "December 30" in a January article: last year.
            try:
                day = date(year - 1, cue.month, cue.day)
            except ValueError:
                return None
        return day
    if published is None:
        return None
    if cue.kind == "weekday":
        return published - timedelta(days=(published.weekday() - cue.weekday) % 7)
    return published + timedelta(days=cue.offset)


_DATELINE = re.compile(
    rf"^\s*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ\- ]{{2,}}[,.]\s*)?(?:(?:{_EN_MON})\.? \d{{1,2}}|\d{{1,2}} {_RU_GEN}|\d{{1,2}} (?:{_EN_MON}))"
    r"(?:,? \d{4})?\s*(?:[./(]|\s[-–—]\s|,\s*\d{1,2}:\d{2}|\s*$)",
    re.MULTILINE | re.IGNORECASE)
_DATELINE_WEEKDAY = re.compile(
    rf"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?:{_EN_MON}) \d{{1,2}}, \d{{4}}\s*$",
    re.MULTILINE)
_STAMP = re.compile(r"^\s*(?:\d{1,2}:\d{2}\s+)?\d{2}\.\d{2}\.\d{4}(?:,?\s+\d{1,2}:\d{2})?\s*$", re.MULTILINE)


_NUMERIC_STAMP = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")


def dateline(text: str, published: date | None) -> date | None:
    """The date of the article's own dateline or time stamp near its top ("MOSCOW, July 8. /TASS/.").

    Beside the usual dateline forms, a page's own stamp is any full date near the top
    that is the publication day or the day before ("12:27 30 ноября 2015",
    "26/10/2017 - 13:06", "июль 23, 2025"): a stamp, not a date the story tells of.
    """
    head = text[:400]
    for pattern in (_DATELINE, _DATELINE_WEEKDAY, _STAMP):
        m = pattern.search(head)
        if m:
            cues = [c for c in find_cues(m.group(0)) if c.kind == "explicit"]
            if cues:
                return resolve(cues[0], published)
    if published is None:
        return None
    days = [d for c in find_cues(head[:200]) if c.kind == "explicit" and c.year is not None
            and (d := resolve(c, published)) is not None]
    for m in _NUMERIC_STAMP.finditer(head[:200]):
        try:
            days.append(date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    return next((d for d in days if timedelta(0) <= published - d <= timedelta(days=1)), None)


def reference_date(text: str, published: date | None) -> date | None:
    """The day an article speaks from: its publication date, else its dateline, else the latest full date it names.

    Pages kept without their publication date still tell when they were
    written: a story reports the newest dated fact it knows, so the latest
    explicit date with a year is a fair stand-in (callers flag it as estimated).
    """
    if published is not None:
        return published
    found = dateline(text, None)
    if found is not None:
        return found
    days = [d for c in find_cues(text) if c.kind == "explicit" and c.year is not None
            and (d := resolve(c, None)) is not None]
    return max(days, default=None)

