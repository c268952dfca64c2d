"""FollowTheMoney entities: an Organization or Person per entity, a Sanction per designation.

Entries linked as one organization (``resources/entity_links.yml``) are one target with a
Sanction per designation of each of them, under the id of the group's first entry.

Built with the ``followthemoney`` library: every value is written in the form the
library's own cleaning gives it (with the property's format, e.g. the INN
checksum), so a consumer that cleans the export changes nothing; a value the
library would drop goes to ``notes``. ``validate_proxy`` checks exactly that.
``load_ftm`` reads an export back into proxies.

Dataset names follow FollowTheMoney's rule (lower case, digits, ``_``): a
registry ``ru-undesirable`` is the dataset ``ru_undesirable``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from followthemoney import EntityProxy, model
from followthemoney.exc import InvalidData

from ..exc import DataError
from ..model import Designation, Entity, EntityLink, Registry, merge_members

__all__ = ["ftm_schema", "entity_properties", "ftm_dicts", "entity_proxies", "store_proxies", "validate_proxy", "load_ftm",
           "REGISTRY_TOPICS", "dataset_name", "registry_of_dataset", "entity_datasets", "clean_value"]

# What each list is, in FollowTheMoney's topic vocabulary; never ``sanction``: a
# consumer screening for sanctions targets would otherwise flag newsrooms and
# human-rights groups. See docs/data.md ("Topics") for the reasoning.
REGISTRY_TOPICS: dict[str, tuple[str, ...]] = {
    "ru-undesirable": ("sanction.counter",),
    "ru-foreign-agents": ("sanction.counter",),
    "ru-extremist": ("sanction.counter",),
    "ru-terrorist": ("crime.terror",),
}


def dataset_name(registry: str) -> str:
    """The FollowTheMoney dataset name of a registry id (``ru-undesirable`` -> ``ru_undesirable``)."""
    return registry.replace("-", "_")


def registry_of_dataset(name: str) -> str:
    """The registry id a dataset name stands for; a registry id itself is accepted as written."""
    return name.replace("_", "-")


def entity_datasets(entity: Entity) -> list[str]:
    """The datasets (one per registry) that list an entity, sorted."""
    return sorted({dataset_name(d.registry) for d in entity.designations})

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


def clean_value(schema: str, prop: str, value: str) -> str | None:
    """``value`` as FollowTheMoney's cleaning writes it for ``prop`` (with the property's format), or None.

    A bare domain as a website gets a scheme first: the library refuses it otherwise.
    """
    found = model.get(schema)
    prop_obj = found.get(prop) if found is not None else None
    if prop_obj is None:
        return None
    cleaned = prop_obj.type.clean(value, format=prop_obj.format)
    if cleaned is None and prop == "website" and "://" not in value:
        cleaned = prop_obj.type.clean("http://" + value, format=prop_obj.format)
    return cleaned


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
        cleaned = clean_value(schema, prop, str(value))
        if cleaned is None:
            prop, cleaned = "notes", clean_value(schema, "notes", f"{prop}: {value}")
        values = props.setdefault(prop, [])
        if cleaned is not None and cleaned not in values:
            values.append(cleaned)

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
    for d in entity.designations:
        for topic in REGISTRY_TOPICS.get(d.registry, ()):
            add("topics", topic)
    for d in entity.designations:
        add("program", (titles or {}).get(d.registry, d.registry))
    return props


def _sanction(target: str, entity: Entity, d: Designation, registry: Registry | None) -> dict[str, Any]:
    """The Sanction of ``entity``'s designation ``d``, pointing at ``target`` (the entity, or the group it is merged into)."""
    props: dict[str, list[Any]] = {"entity": [target]}

    def add(prop: str, value: Any) -> None:
        if value is None or value == "":
            return
        cleaned = clean_value("Sanction", prop, value.isoformat() if hasattr(value, "isoformat") else str(value))
        if cleaned is not None and cleaned not in props.setdefault(prop, []):
            props[prop].append(cleaned)

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
            "datasets": [dataset_name(d.registry)]}


def validate_proxy(data: dict[str, Any]) -> EntityProxy:
    """The proxy of ``data``, or DataError when any schema or property is unknown or any value is
    not exactly what FollowTheMoney's cleaning (with the property's format) makes of it."""
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
            cleaned = prop.type.clean(value, proxy=proxy, format=prop.format)
            if cleaned is None:
                raise DataError(f"FollowTheMoney entity {data.get('id')!r}: invalid {name} value {value!r}")
            if cleaned != value:
                raise DataError(f"FollowTheMoney entity {data.get('id')!r}: {name} value {value!r} "
                                f"would be cleaned to {cleaned!r}")
    return proxy


def ftm_dicts(entity: Entity, registries: dict[str, Registry],
              members: Sequence[Entity] = ()) -> list[dict[str, Any]]:
    """The entity and one Sanction per designation, as FollowTheMoney entity dicts (not re-validated).

    ``members``: the entries linked to ``entity`` as one organization (``entity`` first): one
    target with every member's names, and a Sanction for every member's designation.
    """
    titles = {k: r.title_en for k, r in registries.items()}
    group = list(members) or [entity]
    target = merge_members(group)
    main = {"id": target.id, "schema": ftm_schema(target), "properties": entity_properties(target, titles),
            "datasets": entity_datasets(target)}
    return [main] + [_sanction(target.id, e, d, registries.get(d.registry)) for e in group for d in e.designations]


def entity_proxies(entity: Entity, registries: dict[str, Registry],
                   members: Sequence[Entity] = ()) -> list[dict[str, Any]]:
    """The entity (with its linked ``members``) and one Sanction per designation, validated."""
    out = ftm_dicts(entity, registries, members)
    for data in out:
        validate_proxy(data)
    return out


def store_proxies(entities: Iterable[Entity], registries: Iterable[Registry],
                  links: Iterable[EntityLink] = ()) -> Iterator[dict[str, Any]]:
    """Every entity's proxies; the entries of one linked group are one target, under its first entry's id."""
    by_id = {r.id: r for r in registries}
    listed = list(entities)
    present = {e.id: e for e in listed}
    groups: dict[str, list[Entity]] = {}
    for k in sorted(links, key=lambda k: (k.group, k.position)):
        if k.entity_id in present:
            groups.setdefault(k.group, []).append(present[k.entity_id])
    group_of = {e.id: members for members in groups.values() for e in members}
    for entity in listed:
        members = group_of.get(entity.id, [entity])
        if members[0].id != entity.id:
            continue  # merged into its group's first entry
        yield from entity_proxies(entity, by_id, members)


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
