#!/usr/bin/env python3
"""Build the screening evaluation set of eval/names/ (queries.jsonl) from the bundled registries.

Usage: python eval/names/build.py [--out eval/names/queries.jsonl]

Positive queries are derived from the names of registry entities by the same
kinds of change the shared dev set tests (transliteration, inflection, typos,
look-alike letters, legal forms, person name orders, acronyms, brands and
translations); negatives are the real names listed in negatives.txt beside
this script plus person names made of common name parts. Every query carries
its split, fixed by a hash of its gold entity (or of the query for negatives)
before any tuning: ``train`` (60 %) or ``heldout`` (40 %). The build is
deterministic (one seeded random generator); see README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import icu
import pymorphy3

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from proscribed.matching import ScreeningIndex  # noqa: E402
from proscribed.matching.tokens import analyse  # noqa: E402
from proscribed.model import Entity  # noqa: E402
from proscribed.service.store import open_store  # noqa: E402
from proscribed.text.lexicon import is_english_word  # noqa: E402
from proscribed.text.morph import is_common_word, is_cyrillic_word  # noqa: E402
from proscribed.text.normalize import norm  # noqa: E402

PER_KIND = 190  # positives per kind (9 kinds: about 1,700)
KINDS = ("translit", "translation", "brand", "acronym", "inflected", "typo", "legal_form", "homoglyph", "person")
_TO_LATIN = icu.Transliterator.createInstance("Russian-Latin/BGN; Latin-ASCII")
_SCIENTIFIC = icu.Transliterator.createInstance("Cyrillic-Latin")
_TO_CYRILLIC = icu.Transliterator.createInstance("Latin-Cyrillic")
_GERMAN = {"ж": "sch", "ш": "sch", "щ": "schtsch", "ч": "tsch", "в": "w", "й": "i", "х": "ch", "ц": "z",
           "я": "ja", "ю": "ju", "е": "e", "ё": "jo", "ы": "y", "ь": "", "ъ": "", "з": "s", "с": "s", "у": "u",
           "э": "e", "и": "i"}
_POLISH = {"ж": "ż", "ш": "sz", "щ": "szcz", "ч": "cz", "в": "w", "й": "j", "х": "ch", "ц": "c", "я": "ja",
           "ю": "ju", "ё": "jo", "ы": "y", "ь": "", "ъ": "", "у": "u", "э": "e", "и": "i", "л": "ł"}
_HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "а": "a", "е": "e", "о": "o",
         "р": "p", "с": "c", "х": "x", "у": "y", "i": "і", "k": "к", "к": "k", "м": "m", "т": "t"}
# Invisible inside a word (a no-break space or hyphen would be a visible break there).
_INVISIBLE = ("\u200b", "\u00ad", "\ufeff", "\u2060")
_LEGAL_LATIN = ("Ltd", "Inc.", "LLC", "gGmbH", "e.V.", "Limited", "GmbH", "B.V.", "z.s.")
_LEGAL_CYRILLIC = ("ООО", "АНО", "АО", "НКО", "РОО", "Автономная некоммерческая организация")
_KIND_WORDS = {"фонд", "foundation", "fund", "stiftung", "комитет", "committee", "партия", "party", "союз", "union",
               "центр", "center", "centre", "институт", "institute", "университет", "university"}


def split_of(key: str) -> str:
    return "heldout" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 >= 6 else "train"


def _translit_table(word: str, table: dict[str, str]) -> str:
    out = "".join(table.get(c, table.get(c.lower(), None) or _TO_LATIN.transliterate(c)) if c.lower() in table
                  else _TO_LATIN.transliterate(c) for c in word.lower())
    return out.capitalize()


def translit(text: str, rng: random.Random) -> str:
    if any("а" <= c.lower() <= "я" for c in text):
        system = rng.choice(("bgn", "scientific", "german", "polish"))
        if system == "bgn":
            return str(_TO_LATIN.transliterate(text))
        if system == "scientific":
            return str(_SCIENTIFIC.transliterate(text))
        table = _GERMAN if system == "german" else _POLISH
        return " ".join(_translit_table(w, table) for w in text.split())
    out = str(_TO_CYRILLIC.transliterate(text))
    # Letters ICU leaves in Latin (w, h in some words) would make a mixed-script string, not a spelling.
    return out if not any("a" <= c.lower() <= "z" for c in out) else ""


_MORPH = pymorphy3.MorphAnalyzer(lang="ru")


def inflect(text: str, case: str, person: bool = False) -> str | None:
    words = text.split()
    out = []
    changed = False
    for w in words:
        core = w.strip("«»\"(),.")
        if not is_cyrillic_word(core.lower()) or len(core) < 3:
            out.append(w)
            continue
        parse = _MORPH.parse(core)[0]
        form = parse.inflect({case, "sing"} if person else {case})
        if form is None or "NOUN" not in parse.tag and "ADJF" not in parse.tag and "Surn" not in parse.tag:
            out.append(w)
            continue
        new = form.word
        if core[0].isupper():
            new = new.capitalize()
        if core.isupper():
            new = new.upper()
        changed |= new.lower() != core.lower()
        out.append(w.replace(core, new))
    return " ".join(out) if changed else None


def _generic_only(text: str) -> bool:
    """Every word is a dictionary word with no capital inside a quote: a description, not a name to screen."""
    words = [w for w in re.findall(r"\w+", text) if len(w) > 2]
    return all(is_common_word(w.lower()) or is_english_word(w) for w in words)


def typo(text: str, rng: random.Random) -> str | None:
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    if len(w) < 6:
        return None
    i = rng.randrange(1, len(w) - 1)
    op = rng.choice(("drop", "double", "swap", "sub"))
    if op == "drop":
        w = w[:i] + w[i + 1:]
    elif op == "double":
        w = w[:i] + w[i] + w[i:]
    elif op == "swap":
        w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    else:
        alphabet = "абвгдеиклмнопрстуя" if is_cyrillic_word(w.lower()) else "abcdeiklmnoprstu"
        w = w[:i] + rng.choice(alphabet) + w[i + 1:]
    words[longest] = w
    return " ".join(words)


def homoglyph(text: str, rng: random.Random) -> str | None:
    spots = [i for i, c in enumerate(text) if c in _HOMO]
    if len(spots) < 2 or rng.random() < 0.3:
        j = rng.randrange(1, max(2, len(text) - 1))
        if " " in text[j - 1:j + 1]:
            return text.replace(" ", "\u00a0")
        return text[:j] + rng.choice(_INVISIBLE) + text[j:]
    chars = list(text)
    for i in rng.sample(spots, min(2, len(spots))):
        chars[i] = _HOMO[chars[i]]
    return "".join(chars)


def legal_form(text: str, rng: random.Random, seat: str | None) -> str:
    cyr = any("а" <= c.lower() <= "я" for c in text)
    # A legal form that names a kind would contradict a name that already has one ("АО «Фонд …»").
    has_kind = bool(set(text.lower().replace("«", " ").replace("»", " ").split()) & _KIND_WORDS)
    if rng.random() < 0.5 and not has_kind:
        return f"{rng.choice(_LEGAL_CYRILLIC)} «{text}»" if cyr else f"{text} {rng.choice(_LEGAL_LATIN)}"
    # The seat a user would add is the entity's own, as the registry writes it.
    return f"{text}, {seat}" if seat else f"{text} {rng.choice(_LEGAL_LATIN)}"


def person_forms(entity: Entity, rng: random.Random) -> str | None:
    official = next((n.value for n in entity.names if n.kind == "official"), entity.caption)
    parts = [p for p in re.split(r"\s+", official.strip()) if p]
    if len(parts) < 2 or not all(is_cyrillic_word(p.lower().replace("ё", "е")) for p in parts):
        return None
    surname, given = parts[0], parts[1]
    patronymic = parts[2] if len(parts) > 2 else None
    style = rng.choice(("given_surname", "initials", "latin", "latin_full", "comma", "inflected"))
    if style == "given_surname":
        return f"{given} {surname}"
    if style == "initials":
        return f"{surname} {given[0]}." + (f" {patronymic[0]}." if patronymic else "")
    if style == "latin":
        return str(_TO_LATIN.transliterate(f"{given} {surname}"))
    if style == "latin_full":
        return translit(f"{given} {surname}", rng)
    if style == "comma":
        return f"{surname}, {given}" + (f" {patronymic}" if patronymic else "")
    return inflect(f"{given} {surname}", rng.choice(("gent", "datv", "ablt")), person=True)


def short_names(entity: Entity, kinds: tuple[str, ...], skip: Callable[[str], bool]) -> list[str]:
    return [n.value for n in entity.names if n.kind in kinds and 1 <= len(n.value.split()) <= 6
            and len(n.value) >= 4 and not n.weak and not skip(n.value)]


def build(entities: list[Entity], negatives: list[tuple[str, str]], rng: random.Random) -> list[dict[str, object]]:
    index = ScreeningIndex(entities)

    def generic_only(value: str) -> bool:
        # A name made only of generic words ("Объединение", "Общественное объединение") names no one
        # entity; screening answers nothing for it by design, so it is no source of positives.
        return all(index.is_generic(t) for t in analyse(value))

    by_norm: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        for n in e.names:
            by_norm[norm(n.value)].add(e.id)
    listed_norms = set(by_norm)

    def gold_of(entity: Entity, source: str) -> list[str]:
        # Duplicate entries (the extremist file's two copies, an organization on two lists) share a name.
        return sorted({entity.id} | by_norm.get(norm(source), set()))

    orgs = [e for e in entities if e.schema == "organization"]
    persons = [e for e in entities if e.schema == "person"]
    out: list[dict[str, object]] = []
    seen: set[str] = set()

    def add(query: str | None, kind: str, gold: list[str], note: str) -> bool:
        if not query or norm(query) in seen or not norm(query):
            return False
        # Lookups of a visible string are not tests (homoglyph, brand and translation vary the string themselves).
        if kind not in ("homoglyph",) and norm(query) in listed_norms and kind not in ("brand", "translation"):
            return False
        seen.add(norm(query))
        out.append({"query": query, "kind": kind, "gold": gold, "note": note})
        return True

    def fill(kind: str, pool: list[Entity], make: object) -> None:
        order = pool[:]
        rng.shuffle(order)
        made = 0
        for e in order:
            if made >= PER_KIND:
                break
            got = make(e)  # type: ignore[operator]
            if got is None:
                continue
            query, source, note = got
            made += add(query, kind, gold_of(e, source), note)

    def pick(e: Entity, kinds: tuple[str, ...], cyrillic: bool | None = None) -> str | None:
        names = short_names(e, kinds, generic_only)
        if cyrillic is not None:
            names = [n for n in names if any("а" <= c.lower() <= "я" for c in n) == cyrillic]
        return rng.choice(names) if names else None

    def mk_translit(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("official", "variant", "brand", "translation") if e.schema == "organization" else ("official",))
        q = translit(n, rng) if n else None
        return (q, n, f"transliteration of {n}") if q and n else None

    def mk_translation(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("translation",))
        if not n:
            return None
        variant = re.sub(r"^(The|the)\s+", "", n)
        variant = variant.lower() if variant == n else variant
        return variant, n, f"curated translation {n}, case or article changed"

    def mk_brand(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("brand",))
        if not n:
            return None
        return (n.upper() if rng.random() < 0.5 else n.lower()), n, f"brand {n}, case changed"

    def mk_acronym(e: Entity) -> tuple[str, str, str] | None:
        names = [n.value for n in e.names if n.kind == "acronym" and " " not in n.value.strip()
                 and 2 <= len(re.sub(r"\W", "", n.value)) <= 8]
        if not names:
            return None
        n = rng.choice(names)
        letters = re.sub(r"\W", "", n)
        cyr = any("а" <= c.lower() <= "я" for c in letters)
        # Letter for letter in the other script (ФБК ~ FBK, NED ~ НЕД), dotted or not, or with the seat
        # or a legal form after it: a bare acronym as written is a look-up, not a test.
        # Only Cyrillic acronyms change script (ФБК ~ FBK in the foreign press); Latin ones stay Latin in Russian.
        other = str(_TO_LATIN.transliterate(letters)).upper() if cyr else ""
        if any(c.isalpha() and not c.isascii() for c in other):
            other = ""
        style = rng.choice(("other script", "other script dotted", "seat or legal form"))
        if style == "seat or legal form" or not other:
            q = legal_form(letters, rng, e.country)
        elif style == "other script dotted":
            q = ".".join(other) + "."
        else:
            q = other
        return q, n, f"acronym {n}: {style}"

    def mk_inflected(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("official", "variant", "brand"), cyrillic=True)
        if not n or not 2 <= len(n.split()) <= 5:
            return None
        case = rng.choice(("gent", "datv", "ablt", "loct"))
        q = inflect(n, case)
        return (q, n, f"{n} in case {case}") if q else None

    def mk_typo(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("official", "variant", "brand", "translation"))
        q = typo(n, rng) if n else None
        return (q, n, f"one-letter slip in {n}") if q and n else None

    def mk_homoglyph(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("official", "variant", "brand", "translation"))
        q = homoglyph(n, rng) if n else None
        return (q, n, f"look-alike or invisible characters in {n}") if q and n else None

    def mk_legal(e: Entity) -> tuple[str, str, str] | None:
        n = pick(e, ("variant", "brand", "translation"))
        if not n or not 2 <= len(n.split()) <= 4 or _generic_only(n):
            return None
        return legal_form(n, rng, e.country), n, f"legal form or seat added to {n}"

    def mk_person(e: Entity) -> tuple[str, str, str] | None:
        q = person_forms(e, rng)
        official = next((n.value for n in e.names if n.kind == "official"), e.caption)
        return (q, official, f"person {official}") if q else None

    fill("translit", orgs + persons, mk_translit)
    fill("translation", orgs, mk_translation)
    fill("brand", orgs, mk_brand)
    fill("acronym", orgs, mk_acronym)
    fill("inflected", orgs, mk_inflected)
    fill("typo", orgs + persons, mk_typo)
    fill("legal_form", orgs, mk_legal)
    fill("homoglyph", orgs + persons, mk_homoglyph)
    fill("person", persons, mk_person)

    for query, note in negatives:
        if norm(query) in listed_norms:
            continue  # a negative must not be a listed name
        add(query, "negative", [], note)
    for rec in out:
        gold = rec["gold"]
        rec["split"] = split_of(str(gold[0]) if isinstance(gold, list) and gold else f"neg:{rec['query']}")
    for i, rec in enumerate(out):
        rec["id"] = f"pn{i + 1:05d}"
    return [{k: r[k] for k in ("id", "query", "kind", "gold", "split", "note")} for r in out]


def person_negatives(entities: list[Entity], rng: random.Random) -> list[tuple[str, str]]:
    """Common given names and surnames paired, and listed persons' given name and patronymic with another surname."""
    lines = (HERE / "name_parts.txt").read_text("utf-8").split("\n")
    parts: dict[str, list[str]] = defaultdict(list)
    section = ""
    for line in lines:
        if line.startswith("# "):
            section = line[2:].strip()
        elif line.strip():
            parts[section].append(line.strip())
    listed_pairs = set()
    for e in entities:
        if e.schema != "person":
            continue
        for n in e.names:
            words = norm(n.value).split()
            listed_pairs.update((a, b) for a in words for b in words if a != b)
    out: list[tuple[str, str]] = []
    for given_key, surname_key, n in (("ru given", "ru surnames", 130), ("en given", "en surnames", 70)):
        pairs = {(g, s) for g in parts[given_key] for s in parts[surname_key]}
        for g, s in rng.sample(sorted(pairs), n):
            if (norm(g), norm(s)) in listed_pairs or (norm(g), norm(s) + "а") in listed_pairs:
                continue
            if given_key == "ru given" and g.endswith(("а", "я")) and s.endswith(("ов", "ев", "ин", "ёв")):
                s += "а"  # a woman's surname agrees with her given name
            out.append((f"{g} {s}" if rng.random() < 0.6 else f"{s} {g}", "common given name and surname pair"))
    listed = [e for e in entities if e.schema == "person"]
    rng.shuffle(listed)
    made = 0
    for e in listed:
        words = e.caption.split()
        if len(words) != 3 or not words[2].endswith(("ич", "вна")):
            continue
        female = words[2].endswith("вна")
        surname = rng.choice(parts["ru surnames"])
        if female:
            surname = surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname
        if norm(surname) == norm(words[0]):
            continue
        out.append((f"{surname} {words[1]} {words[2]}", f"same given name and patronymic as listed {e.caption}"))
        made += 1
        if made >= 80:
            break
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(HERE / "queries.jsonl"))
    ap.add_argument("--db", default=None, help="store to read (default: a fresh one from the bundled data)")
    args = ap.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(args.db) if args.db else Path(tmp) / "eval.sqlite3")
        entities = sorted(store.entities(), key=lambda e: e.id)
        store.close()
    rng = random.Random(11)
    negatives: list[tuple[str, str]] = []
    section = ""
    for line in (HERE / "negatives.txt").read_text("utf-8").splitlines():
        if line.startswith("# "):
            section = line[2:].strip()
        elif line.strip():
            negatives.append((line.strip(), f"not listed: {section}"))
    negatives += person_negatives(entities, rng)
    rows = build(entities, negatives, rng)
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = defaultdict(int)
    for r in rows:
        kinds[f"{r['kind']}/{r['split']}"] += 1
    print(f"{len(rows)} queries -> {args.out}")
    for k in sorted(kinds):
        print(f"  {k:24} {kinds[k]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
