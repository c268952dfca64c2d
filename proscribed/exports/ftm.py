"""FollowTheMoney entities: an Organization or Person per entity, a Sanction per designation.

Built with the ``followthemoney`` library and checked value by value: a value the
library would clean away (a malformed date, an unknown country) is an error, not
a silent loss. ``load_ftm`` reads an export back into proxies.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from ..exc import DataError
from ..model import Designation, Entity, Registry

__all__ = ["ftm_schema", "entity_properties", "entity_proxies", "store_proxies", "validate_proxy", "load_ftm",
           "DATASET"]

DATASET = "proscribed"

_NAME_PROPS = {
    "official": "name", "variant": "alias", "translation": "alias", "brand": "alias", "acronym": "abbreviation",
    "former": "previousName", "later": "alias", "pseudonym": "alias", "weak": "weakAlias",
}
_ID_PROPS = {"inn": "innCode", "ogrn": "ogrnCode", "registration_number": "registrationNumber"}


def ftm_schema(entity: Entity) -> str:
    return "Person" if entity.schema == "person" else "Organization"


def _country(entity: Entity) -> list[str]:
    out = []
    code = entity.properties.get("country_code")
    for raw in (code, entity.country):
        if isinstance(raw, str) and raw:
            prop = model.get("Organization").get("country")  # type: ignore[union-attr]
            cleaned = prop.type.clean(raw) if prop is not None else None
            if cleaned:
                out.append(cleaned)
    return list(dict.fromkeys(out))


def _clean(schema: str, prop: str, value: str) -> str | None:
    """``value`` as FollowTheMoney accepts it for ``prop`` (a bare domain gets a scheme), or None."""
    found = model.get(schema)
    prop_obj = found.get(prop) if found is not None else None
    if prop_obj is None:
        return None
    cleaned = prop_obj.type.clean(value)
    if cleaned is None and prop == "website" and "://" not in value:
        cleaned = prop_obj.type.clean("http://" + value)
    return cleaned if cleaned is None else str(cleaned)


_TYPED = {"website", "birthDate", "innCode", "ogrnCode"}


def entity_properties(entity: Entity, titles: dict[str, str] | None = None) -> dict[str, list[Any]]:
    """The entity's facts as FollowTheMoney properties (names by kind, identifiers, country, topics).

    A value the library would reject for its property (a web resource written
    as ``channel/x``, a partial date it cannot read) goes to ``notes`` instead,
    so nothing is lost and the export stays valid.
    """
    props: dict[str, list[Any]] = {}
    schema = ftm_schema(entity)

    def add(prop: str, value: Any) -> None:
        if value is None or value == "":
            return
        if prop in _TYPED:
            cleaned = _clean(schema, prop, str(value))
            if cleaned is None:
                prop, value = "notes", f"{prop}: {value}"
            else:
                value = cleaned
        values = props.setdefault(prop, [])
        if value not in values:
            values.append(value)

    add("name", entity.caption)
    for n in entity.names:
        if n.kind == "member":
            continue  # a person named inside an association entry is not this entity's name
        add("weakAlias" if n.weak and n.kind != "weak" else _NAME_PROPS.get(n.kind, "alias"), n.value)
    for code in _country(entity):
        add("country", code)
    for key, prop in _ID_PROPS.items():
        add(prop, entity.properties.get(key))
    if entity.schema == "person":
        add("birthDate", entity.properties.get("birth_date"))
    else:
        add("address", entity.properties.get("address"))
    resources = entity.properties.get("resources")
    if isinstance(resources, list):
        for url in resources:
            add("website", url)
    add("topics", "sanction")
    for d in entity.designations:
        add("program", (titles or {}).get(d.registry, d.registry))
    return props


def _sanction(entity: Entity, d: Designation, registry: Registry | None) -> dict[str, Any]:
    props: dict[str, list[Any]] = {"entity": [entity.id]}

    def add(prop: str, value: Any) -> None:
        if value is not None and value != "":
            props.setdefault(prop, []).append(value.isoformat() if hasattr(value, "isoformat") else value)

    add("authority", registry.listing_authority if registry else None)
    if d.decision_date is not None or d.decision_authority is not None:
        add("authority", d.decision_authority or (registry.deciding_authority if registry else None))
    add("program", registry.title_en if registry else d.registry)
    add("programId", d.registry)
    add("provisions", d.legal_basis or (registry.legal_basis if registry else None))
    add("listingDate", d.listed_on)
    add("startDate", d.decision_date or d.listed_on)
    add("endDate", d.excluded_on)
    add("status", d.status)
    add("sourceUrl", registry.source_url if registry else None)
    add("country", "ru")
    add("publisher", registry.listing_authority if registry else None)
    reasons = [x for x in (f"decision {d.decision_number}" if d.decision_number else None,
                           f"listing order {d.listing_order}" if d.listing_order else None,
                           f"exclusion order {d.exclusion_order}" if d.exclusion_order else None) if x]
    add("summary", "; ".join(reasons) or None)
    for p in d.provenance:
        add("retrievedAt", p.retrieved_at[:19])
    return {"id": f"{entity.id}-{d.registry}-sanction", "schema": "Sanction", "properties": props,
            "datasets": [DATASET]}


def validate_proxy(data: dict[str, Any]) -> EntityProxy:
    """The proxy of ``data``, or DataError when any schema, property or value is invalid."""
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except InvalidData as err:
        raise DataError(f"FollowTheMoney entity {data.get('id')!r}: {err}") from None
    for name, values in data.get("properties", {}).items():
        prop = proxy.schema.get(name)
        if prop is None:
            raise DataError(f"FollowTheMoney entity {data.get('id')!r}: no property {name!r} "
                            f"in schema {proxy.schema.name}")
        for value in values:
            if prop.type.clean(value, proxy=proxy) is None:
                raise DataError(f"FollowTheMoney entity {data.get('id')!r}: invalid {name} value {value!r}")
    return proxy


def entity_proxies(entity: Entity, registries: dict[str, Registry]) -> list[dict[str, Any]]:
    """The entity and one Sanction per designation, as FollowTheMoney entity dicts (validated)."""
    titles = {k: r.title_en for k, r in registries.items()}
    main = {"id": entity.id, "schema": ftm_schema(entity), "properties": entity_properties(entity, titles),
            "datasets": [DATASET]}
    out = [main] + [_sanction(entity, d, registries.get(d.registry)) for d in entity.designations]
    for data in out:
        validate_proxy(data)
    return out


def store_proxies(entities: Iterable[Entity], registries: Iterable[Registry]) -> Iterator[dict[str, Any]]:
    by_id = {r.id: r for r in registries}
    for entity in entities:
        yield from entity_proxies(entity, by_id)


def load_ftm(fh: IO[str]) -> list[EntityProxy]:
    """Read an FtM JSON Lines export back into proxies, checking that every Sanction's entity is there."""
    proxies = [validate_proxy(json.loads(line)) for line in fh if line.strip()]
    ids = {p.id for p in proxies}
    for p in proxies:
        if p.schema.name == "Sanction":
            for target in p.get("entity"):
                if target not in ids:
                    raise DataError(f"Sanction {p.id!r} points at a missing entity {target!r}")
    return proxies
