"""The size of the list an article states ("a growing list of 223", "будет 31-й", "в списке 14")."""

from __future__ import annotations

import re

__all__ = ["list_size"]

_PATTERNS = [
    re.compile(r"\blist of (\d{1,4}) (?:\"|“|')?(?:undesirable|foreign|organi[sz]ations|NGOs|entities|groups)", re.I),
    re.compile(r"\b(?:become|becomes|became|is now|will be) the (\d{1,4})(?:st|nd|rd|th)\b", re.I),
    re.compile(r"\bthe (\d{1,4})(?:st|nd|rd|th) (?:organi[sz]ation|NGO|entry|group|name) (?:on|in|added to) the (?:list|register)", re.I),
    re.compile(r"\b(?:list|register) (?:now )?(?:has|contains|includes|numbers|comprises) (\d{1,4})\b", re.I),
    re.compile(r"\b(?:перечне|списке|реестре)\s+(?:она |он |оно )?(?:будет|станет|стала|стал)\s+(\d{1,4})-(?:й|ой|ей|м)", re.I),
    re.compile(r"\b(?:будет|станет|стала|стал)\s+(\d{1,4})-(?:й|ой|ей|м)\s+(?:в|по)", re.I),
    re.compile(r"\b(?:в|во) (?:этом )?(?:списке|перечне|реестре)\s+(?:уже |теперь |сейчас |всего )?(\d{1,4})\b", re.I),
    re.compile(r"\b(?:теперь|сейчас|всего) в (?:списке|перечне|реестре)\s+(\d{1,4})\b", re.I),
    re.compile(r"\b(?:список|перечень|реестр) (?:теперь |сейчас |уже )?(?:насчитывает|включает|содержит) (\d{1,4})\b", re.I),
    # The list's count as a verb's object or complement: "the list now holds 223", "stands at 62".
    re.compile(r"\b(?:list|register|tally|total) (?:now )?(?:holds|stands at|totals|reached|rose to|rises to|grew to|"
               r"grows to|increased to) (\d{1,4})\b", re.I),
    re.compile(r"\bbringing (?:the|its) (?:number|total|tally|list|count)\b[^.;]{0,50}? to (\d{1,4})\b", re.I),
    re.compile(r"\b(?:now )?(?:holds|lists|includes) (\d{1,4}) (?:\"|“|')?(?:undesirable |foreign )?"
               r"(?:organi[sz]ations|NGOs|entities|groups)", re.I),
    # "в перечне нежелательных 223 организации", "в списке уже 14 НКО": up to three words before the count.
    re.compile(r"\b(?:в|во) (?:этом )?(?:перечне|списке|реестре)\s+(?:[а-яё]+\s+){0,3}(\d{1,4})\s+"
               r"(?:организац|НКО|НПО|структур|иностранн|объединени)", re.I),
    re.compile(r"\b(?:число|количество) (?:[а-яё]+\s+){0,2}(?:достигло|выросло до|составляет|составило|увеличилось до) "
               r"(\d{1,4})\b", re.I),
]
_VAGUE = re.compile(r"(?:more than|over|about|nearly|almost|around|более|свыше|около|почти|больше)\s*$", re.I)


def list_size(text: str) -> int | None:
    """The first exact list size stated in ``text``; vague amounts ("more than 30") do not count."""
    best: tuple[int, int] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if _VAGUE.search(text[max(0, m.start(1) - 15):m.start(1)]):
                continue
            value = int(m.group(1))
            if 1 <= value <= 5000 and (best is None or m.start() < best[0]):
                best = (m.start(), value)
    return None if best is None else best[1]
