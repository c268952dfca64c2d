"""One settings module: every environment variable, its default and its help.

Settings are read when asked for (not at import), so tests can set the
environment per test. ``SETTINGS`` is the documented list; a test checks that
each one appears in the README.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Setting",
    "SETTINGS",
    "db_path",
    "match_threshold",
    "minjust_url",
    "minjust_proxy",
    "minjust_ca_bundle",
    "minjust_timeout",
    "minjust_retries",
    "minjust_deadline",
    "minjust_page_size",
    "registry_uuid",
    "max_drop",
    "webhook_timeout",
    "news_feeds",
    "news_max_bytes",
    "news_timeout",
    "api_token",
    "api_max_body",
    "api_timeout",
    "api_connections",
    "webhook_allow_private",
]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        value = os.environ.get(self.name)
        return self.default if value is None or value == "" else value


def _default_db() -> str:
    # XDG data dir: the store is user data, not cache (it will hold history).
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "proscribed" / "proscribed.sqlite3")


DB = Setting(
    "PROSCRIBED_DB",
    _default_db(),
    "Path of the SQLite store, or a postgresql://user:password@host:port/dbname URL of a PostgreSQL database "
    "(which must exist); created and filled from the bundled data on first use.",
)
MATCH_THRESHOLD = Setting(
    "PROSCRIBED_MATCH_THRESHOLD",
    "0.50",
    "Screening score in [0, 1] below which a match is not returned; scores are calibrated "
    "probabilities that the query names the entity.",
)

MINJUST_URL = Setting(
    "PROSCRIBED_MINJUST_URL",
    "https://reestrs.minjust.gov.ru",
    "Base URL of the Ministry of Justice registry API (point it at a mirror or a test server).",
)
MINJUST_PROXY = Setting(
    "PROSCRIBED_MINJUST_PROXY",
    "",
    "Proxy URL for the registry API (the host answers only from Russian addresses); empty: none.",
)
MINJUST_CA_BUNDLE = Setting(
    "PROSCRIBED_MINJUST_CA_BUNDLE",
    "",
    "PEM file of extra CA certificates trusted besides the system ones (the host's TLS chain "
    "lacks an intermediate); empty: system CAs only.",
)
MINJUST_TIMEOUT = Setting(
    "PROSCRIBED_MINJUST_TIMEOUT",
    "30",
    "Seconds to wait for the registry API to connect or answer before retrying.",
)
MINJUST_RETRIES = Setting(
    "PROSCRIBED_MINJUST_RETRIES",
    "4",
    "Retries (with exponential backoff) after a timeout, connection error or 5xx answer.",
)
MINJUST_DEADLINE = Setting(
    "PROSCRIBED_MINJUST_DEADLINE",
    "900",
    "Seconds one registry's whole fetch (every page, retry and wait) may take; past it the update fails (exit 6).",
)
MINJUST_PAGE_SIZE = Setting(
    "PROSCRIBED_MINJUST_PAGE_SIZE",
    "500",
    "Records asked for per page of the registry API, 1 to 1000 (the server caps at 1000).",
)
UUID_RU_UNDESIRABLE = Setting(
    "PROSCRIBED_UUID_RU_UNDESIRABLE",
    "c2d1692e-a9f6-5a79-13ee-5da5b42980df",
    "Registry UUID of the undesirable-organizations list on the registry API.",
)
UUID_RU_FOREIGN_AGENTS = Setting(
    "PROSCRIBED_UUID_RU_FOREIGN_AGENTS",
    "39b95df9-9a68-6b6d-e1e3-e6388507067e",
    "Registry UUID of the foreign-agent register on the registry API.",
)
UUID_RU_EXTREMIST = Setting(
    "PROSCRIBED_UUID_RU_EXTREMIST",
    "59961ebb-9f0e-d885-7ebc-b90399923b03",
    "Registry UUID of the extremist-organizations list on the registry API (less certain).",
)
UUID_RU_TERRORIST = Setting(
    "PROSCRIBED_UUID_RU_TERRORIST",
    "",
    "Registry UUID of the terrorist list; empty: not on this host (the FSB publishes it).",
)

MAX_DROP = Setting(
    "PROSCRIBED_MAX_DROP",
    "0.2",
    "Share (0-1) of listed entries a new version may drop without exclusion before it is quarantined.",
)
WEBHOOK_TIMEOUT = Setting(
    "PROSCRIBED_WEBHOOK_TIMEOUT",
    "10",
    "Seconds to wait for a webhook receiver before counting the attempt as failed.",
)

API_TOKEN = Setting(
    "PROSCRIBED_API_TOKEN",
    "",
    "Token the HTTP API requires (header `Authorization: Bearer <token>`) for write operations; "
    "empty: writes are refused.",
)
API_MAX_BODY = Setting(
    "PROSCRIBED_API_MAX_BODY",
    "1000000",
    "Largest request body the HTTP server accepts, in bytes (larger: 413).",
)
API_TIMEOUT = Setting(
    "PROSCRIBED_API_TIMEOUT",
    "20",
    "Seconds the HTTP server spends on one request before answering 504.",
)

API_CONNECTIONS = Setting(
    "PROSCRIBED_API_CONNECTIONS",
    "8",
    "Store connections each server process keeps at most (a pool; a request borrows one while it runs "
    "and waits for a free one within its PROSCRIBED_API_TIMEOUT, else answers 504).",
)
WEBHOOK_ALLOW_PRIVATE = Setting(
    "PROSCRIBED_WEBHOOK_ALLOW_PRIVATE",
    "0",
    "1: deliver webhooks to private, loopback and link-local addresses too (receivers inside your own "
    "network); 0: only to public addresses, checked after DNS resolution.",
)

NEWS_FEEDS = Setting(
    "PROSCRIBED_NEWS_FEEDS",
    "",
    "Comma-separated RSS/Atom feed URLs that `news fetch` reads besides those added with `news add`; empty: none.",
)
NEWS_MAX_BYTES = Setting(
    "PROSCRIBED_NEWS_MAX_BYTES",
    "10000000",
    "Largest news page, feed or file read, in bytes, and largest article text analysed, in characters (larger: refused with exit code 2).",
)
NEWS_TIMEOUT = Setting(
    "PROSCRIBED_NEWS_TIMEOUT",
    "20",
    "Seconds to wait for a news feed or page to connect or answer; a whole fetch (redirects and body) "
    "gets three times that.",
)

SETTINGS: tuple[Setting, ...] = (
    DB,
    MATCH_THRESHOLD,
    MINJUST_URL,
    MINJUST_PROXY,
    MINJUST_CA_BUNDLE,
    MINJUST_TIMEOUT,
    MINJUST_RETRIES,
    MINJUST_DEADLINE,
    MINJUST_PAGE_SIZE,
    UUID_RU_UNDESIRABLE,
    UUID_RU_FOREIGN_AGENTS,
    UUID_RU_EXTREMIST,
    UUID_RU_TERRORIST,
    MAX_DROP,
    WEBHOOK_TIMEOUT,
    NEWS_FEEDS,
    NEWS_MAX_BYTES,
    NEWS_TIMEOUT,
    API_TOKEN,
    API_MAX_BODY,
    API_TIMEOUT,
    API_CONNECTIONS,
    WEBHOOK_ALLOW_PRIVATE,
)

_UUIDS = {
    "ru-undesirable": UUID_RU_UNDESIRABLE,
    "ru-foreign-agents": UUID_RU_FOREIGN_AGENTS,
    "ru-extremist": UUID_RU_EXTREMIST,
    "ru-terrorist": UUID_RU_TERRORIST,
}
_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The server caps a page at 1000 records without saying so (see the registries README, §8).
MAX_PAGE_SIZE = 1000


def db_path() -> Path | str:
    """The SQLite file's path, or a database URL kept as written (a Path would fold its ``//``)."""
    value = DB.get()
    return value if "://" in value else Path(value).expanduser()


def match_threshold() -> float:
    from .exc import InvalidInput

    raw = MATCH_THRESHOLD.get()
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInput(f"{MATCH_THRESHOLD.name} must be a number, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise InvalidInput(f"{MATCH_THRESHOLD.name} must be within [0, 1], got {value}")
    return value


def _number(setting: Setting, kind: type[int] | type[float], low: float, high: float | None = None) -> float:
    from .exc import InvalidInput

    raw = setting.get().strip()
    try:
        value = kind(raw)
    except ValueError:
        raise InvalidInput(f"{setting.name} must be {'an integer' if kind is int else 'a number'}, got {raw!r}") from None
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        bound = f"within [{low:g}, {high:g}]" if high is not None else f"at least {low:g}"
        raise InvalidInput(f"{setting.name} must be {bound}, got {raw!r}")
    return value


def max_drop() -> float:
    return float(_number(MAX_DROP, float, 0.0, 1.0))


def webhook_timeout() -> float:
    return float(_number(WEBHOOK_TIMEOUT, float, 0.1, 600.0))


def api_token() -> str | None:
    """The API token, or None when none is set (write operations are then refused)."""
    raw = API_TOKEN.get().strip()
    return raw or None


def api_max_body() -> int:
    return int(_number(API_MAX_BODY, int, 1024))


def api_timeout() -> float:
    return float(_number(API_TIMEOUT, float, 0.1, 3600.0))


def api_connections() -> int:
    return int(_number(API_CONNECTIONS, int, 1, 1000))


def webhook_allow_private() -> bool:
    from .exc import InvalidInput

    raw = WEBHOOK_ALLOW_PRIVATE.get().strip().lower()
    if raw not in ("0", "1", "false", "true", "no", "yes"):
        raise InvalidInput(f"{WEBHOOK_ALLOW_PRIVATE.name} must be 0 or 1, got {raw!r}")
    return raw in ("1", "true", "yes")


def minjust_url() -> str:
    from .exc import InvalidInput

    raw = MINJUST_URL.get().strip()
    if not re.match(r"https?://[^/\s]+", raw):
        raise InvalidInput(f"{MINJUST_URL.name} must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def minjust_proxy() -> str | None:
    from .exc import InvalidInput

    raw = MINJUST_PROXY.get().strip()
    if raw == "":
        return None
    # SOCKS would need the optional socksio package: HTTP(S) proxies only.
    if not re.match(r"https?://[^/\s]+", raw):
        raise InvalidInput(f"{MINJUST_PROXY.name} must be an http:// or https:// URL, got {raw!r}")
    return raw


def minjust_ca_bundle() -> Path | None:
    from .exc import InvalidInput

    raw = MINJUST_CA_BUNDLE.get().strip()
    if raw == "":
        return None
    path = Path(raw).expanduser()
    if not path.is_file():
        raise InvalidInput(f"{MINJUST_CA_BUNDLE.name} must name a PEM file, {str(path)!r} is not a file")
    return path


def minjust_timeout() -> float:
    return _number(MINJUST_TIMEOUT, float, 0.001)


def minjust_retries() -> int:
    return int(_number(MINJUST_RETRIES, int, 0, 100))


def minjust_deadline() -> float:
    return _number(MINJUST_DEADLINE, float, 0.001)


def minjust_page_size() -> int:
    # Asking for more than the cap is harmless (the server answers 1000), but capping
    # here keeps the short-page check meaningful.
    return int(min(_number(MINJUST_PAGE_SIZE, int, 1), MAX_PAGE_SIZE))


def registry_uuid(registry: str) -> str | None:
    """The registry's UUID on the API, or None when it is not published there.

    Raises:
        InvalidInput: unknown registry id, or a value that is not a UUID.
    """
    from .exc import InvalidInput

    setting = _UUIDS.get(registry)
    if setting is None:
        raise InvalidInput(f"unknown registry {registry!r}; expected one of {', '.join(_UUIDS)}")
    raw = setting.get().strip().lower()
    if raw == "":
        return None
    if not _UUID_RE.fullmatch(raw):
        raise InvalidInput(f"{setting.name} must be a UUID, got {raw!r}")
    return raw


def news_feeds() -> list[str]:
    """Feed URLs from the setting (comma-separated), without blanks."""
    return [u.strip() for u in NEWS_FEEDS.get().split(",") if u.strip()]


def news_max_bytes() -> int:
    return int(_number(NEWS_MAX_BYTES, int, 1000))


def news_timeout() -> float:
    return float(_number(NEWS_TIMEOUT, float, 0.05, 600.0))
