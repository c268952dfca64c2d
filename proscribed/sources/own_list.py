"""Own lists: a user's entities (a bank's clients or its internal list) read from a JSON Lines file.

Each line of the file is one entity::

    {"id": "C-1042", "schema": "person", "names": ["Иванов Иван Иванович", "Ivan Ivanov"],
     "birth_date": "1971-03-02", "country": "RU"}

``id`` (unique in the file) and ``names`` (or one ``name``) are required; ``schema`` is
``person`` or ``organization`` (the default); ``birth_date`` (YYYY, YYYY-MM or
YYYY-MM-DD) and ``country`` (ISO 3166 alpha-2) are evidence for or against a match,
as for registry entries. A ``.gz`` file is read through gzip. Every entity keeps its
provenance: the list, the file with its SHA-256, the load time and its line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..exc import InvalidInput
from ..model import Designation, Entity, Name, Provenance

__all__ = ["LIST_ID", "file_digest", "read_own_list", "own_entity", "registry_of"]

LIST_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_KEYS = frozenset({"id", "schema", "name", "names", "birth_date", "country"})
_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MAX_NAME = 1000  # characters, as for a screened name


def registry_of(list_id: str) -> str:
    """The registry field of an own list's designations (``own:clients``), apart from every registry id."""
    return f"own:{list_id}"


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _record(line: str, where: str) -> dict[str, Any]:
    """One line checked and reduced to what screening uses (``id`` apart)."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise InvalidInput(f"{where}: not JSON ({err.msg})") from None
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where}: a JSON object is expected")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise InvalidInput(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(sorted(_KEYS))})")
    entity_id = raw.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise InvalidInput(f"{where}: 'id' must be a non-empty string")
    names = raw.get("names", [raw["name"]] if "name" in raw else [])
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise InvalidInput(f"{where}: give 'names' (a list of non-empty strings) or 'name'")
    if any(len(n) > _MAX_NAME for n in names):
        raise InvalidInput(f"{where}: a name longer than {_MAX_NAME} characters")
    schema = raw.get("schema", "organization")
    if schema not in ("person", "organization"):
        raise InvalidInput(f"{where}: 'schema' must be 'person' or 'organization', not {schema!r}")
    out: dict[str, Any] = {"id": entity_id.strip(), "schema": schema, "names": [n.strip() for n in names]}
    birth = raw.get("birth_date")
    if birth is not None:
        if not isinstance(birth, str) or not _BIRTH.match(birth):
            raise InvalidInput(f"{where}: 'birth_date' must be YYYY, YYYY-MM or YYYY-MM-DD")
        out["birth_date"] = birth
    country = raw.get("country")
    if country is not None:
        if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country):
            raise InvalidInput(f"{where}: 'country' must be a two-letter ISO 3166 code")
        out["country"] = country.upper()
    return out


def read_own_list(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, record) of each line of ``path``, checked; a bad line stops the read with its line number.

    Each record keeps its ``line`` (provenance). ``progress`` gets the number of lines read, every 10,000.
    """
    seen: set[str] = set()
    try:
        with _open(path) as fh:
            for n, line in enumerate(fh, 1):
                if progress is not None and n % 10_000 == 0:
                    progress(n)
                if not line.strip():
                    continue
                rec = _record(line, f"{path.name} line {n}")
                entity_id = rec.pop("id")
                if entity_id in seen:
                    raise InvalidInput(f"{path.name} line {n}: id {entity_id!r} given twice")
                seen.add(entity_id)
                rec["line"] = n
                yield entity_id, rec
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{path.name} is not UTF-8 text (byte {err.start})") from None
    except (OSError, EOFError) as err:  # gzip.BadGzipFile is an OSError
        raise InvalidInput(f"cannot read {path}: {err}") from None


def own_entity(list_record: dict[str, Any], entity_id: str, rec: dict[str, Any]) -> Entity:
    """The entity screening sees for one stored record of an own list.

    The list's record (file, SHA-256, load time) is the provenance's raw record, one
    object shared by every entity of the list; the entity's own line is the note.
    """
    list_id = list_record["id"]
    source = f"own-list:{list_id}"
    names = tuple(Name(value=v, kind="official" if i == 0 else "variant", lang=None, script=None, source=source)
                  for i, v in enumerate(rec["names"]))
    provenance = Provenance(source=source, retrieved_at=list_record["loaded_at"], raw=list_record,
                            note=f"{list_record['file']} line {rec['line']}")
    properties: dict[str, Any] = {}
    if "birth_date" in rec:
        properties["birth_date"] = rec["birth_date"]
    if "country" in rec:
        properties["country_code"] = rec["country"]
    return Entity(id=f"{registry_of(list_id)}:{entity_id}", schema=rec["schema"], caption=rec["names"][0], names=names,
                  designations=(Designation(registry=registry_of(list_id), status="listed", listed_on=None,
                                            provenance=(provenance,)),),
                  country=rec.get("country"), properties=properties)
