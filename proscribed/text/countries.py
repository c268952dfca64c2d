"""Country names in Russian and other languages, resolved to ISO 3166-1 codes.

Lookups compare lemmatised token tuples, so ``в Латвийской Республике`` finds LV.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pycountry
import yaml

from .morph import lemmas
from .normalize import tokens

__all__ = ["country_code", "country_keys", "country_token_keys"]


def _key(text: str) -> tuple[str, ...]:
    out = []
    for tok in tokens(text):
        forms = lemmas(tok)
        out.append(min(forms) if forms else tok)
    return tuple(out)


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, ...], str]:
    raw = yaml.safe_load(resources.files("proscribed").joinpath("resources/countries.yml").read_text("utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("countries.yml must map ISO codes to lists of names")
    table: dict[tuple[str, ...], str] = {}
    for code, names in raw.items():
        country = pycountry.countries.get(alpha_2=str(code))
        if country is None:
            raise ValueError(f"countries.yml: unknown ISO code {code!r}")
        forms = list(names)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                forms.append(value)
        for form in forms:
            key = _key(str(form))
            if key:
                table.setdefault(key, str(code))
    return table


def country_code(text: str) -> str | None:
    """ISO code when the whole of ``text`` names a country, else None."""
    return _table().get(_key(text))


def country_keys() -> dict[tuple[str, ...], str]:
    """Every known country name as a lemmatised token tuple → ISO code."""
    return _table()


@lru_cache(maxsize=1)
def country_token_keys() -> dict[str, str]:
    """One-word country names (lemmatised) → ISO code, for query tokens."""
    return {k[0]: v for k, v in _table().items() if len(k) == 1}
