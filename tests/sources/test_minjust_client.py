"""Client settings and protocol edge cases, with httpx's mock transport (no sockets)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date

import httpx
import pytest

from proscribed import exc, settings
from proscribed.sources import minjust
from proscribed.updates.validate import row_problems

INFO = {"title": "T", "lastModified": 1, "columns": [
    {"name": "field_1_i", "title": "№ п/п", "hidden": False},
    {"name": "field_2_s", "title": "Дата распоряжения Минюста России о включении в перечень", "hidden": False},
    {"name": "field_5_s", "title": "Наименование организации", "hidden": False},
]}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for s in settings.SETTINGS:
        if s.name.startswith(("PROSCRIBED_MINJUST_", "PROSCRIBED_UUID_")):
            monkeypatch.delenv(s.name, raising=False)
    monkeypatch.setenv("PROSCRIBED_MINJUST_URL", "https://minjust.test")
    monkeypatch.setenv("PROSCRIBED_MINJUST_RETRIES", "2")
    monkeypatch.setattr(minjust, "BACKOFF", 0.001)
    yield


def records(n: int, start: int = 0) -> list[dict[str, object]]:
    return [{"field_1_i": i, "field_2_s": "01.01.2020", "field_5_s": f"Org {i}", "id": str(i)}
            for i in range(start + 1, start + n + 1)]


def serve(values: Callable[[dict[str, int]], httpx.Response]) -> tuple[httpx.Client, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/info"):
            return httpx.Response(200, json=INFO)
        return values(json.loads(request.content))

    return minjust.make_client(transport=httpx.MockTransport(handler)), seen


def test_429_is_retried() -> None:
    calls = iter([httpx.Response(429), httpx.Response(200, json={"values": records(3), "size": 3})])
    client, seen = serve(lambda body: next(calls))
    assert [r["name"] for r in minjust.fetch_registry("ru-undesirable", client=client).rows] == ["Org 1", "Org 2", "Org 3"]
    assert len(seen) == 3


def test_retry_after_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(minjust.time, "sleep", slept.append)
    calls = iter([httpx.Response(503, headers={"Retry-After": "7"}),
                  httpx.Response(200, json={"values": records(1), "size": 1})])
    client, _ = serve(lambda body: next(calls))
    minjust.fetch_registry("ru-undesirable", client=client)
    assert slept == [7.0]


def test_registry_changing_during_the_fetch() -> None:
    client, _ = serve(lambda b: httpx.Response(200, json={"values": records(2, b["offset"]), "size": 4 + b["offset"]}))
    with pytest.raises(exc.DataError, match="changed during the fetch"):
        minjust.fetch_registry("ru-undesirable", client=client)


def test_repeated_records_across_pages_are_kept_and_reported() -> None:
    # Kept as served (the payload is what a person inspects); validation names each repeat,
    # which quarantines the version instead of failing every update with nothing to look at.
    client, _ = serve(lambda b: httpx.Response(200, json={"values": records(2), "size": 4}))
    table = minjust.fetch_registry("ru-undesirable", client=client)
    assert len(table.raw_records) == 4
    problems = row_problems(table.rows, table.raw_records, date(2026, 1, 1))
    assert problems == ["record 3 (№ 1) (id 1): repeats record 1",
                        "record 4 (№ 2) (id 2): repeats record 2"]


@pytest.mark.parametrize("answer", [
    httpx.Response(200, json={"values": "x", "size": 1}),
    httpx.Response(200, json={"values": [], "size": "1"}),
    httpx.Response(200, json=[]),
    httpx.Response(200, text="<html>captcha</html>"),
    httpx.Response(200, text="[" * 5000 + "]" * 5000),  # nested past the JSON decoder's recursion
    httpx.Response(301, headers={"location": "https://elsewhere/"}),
    httpx.Response(403),
])
def test_bad_answers_are_data_errors(answer: httpx.Response) -> None:
    client, seen = serve(lambda body: answer)
    with pytest.raises(exc.DataError):
        minjust.fetch_registry("ru-undesirable", client=client)
    assert len(seen) == 2  # no retry


def test_empty_registry() -> None:
    client, _ = serve(lambda body: httpx.Response(200, json={"values": [], "size": 0}))
    assert minjust.fetch_registry("ru-undesirable", client=client).rows == []


def test_tls_failure_is_not_retried() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] unable to get local issuer certificate")

    client = minjust.make_client(transport=httpx.MockTransport(handler))
    with pytest.raises(exc.SourceUnavailable, match="PROSCRIBED_MINJUST_CA_BUNDLE"):
        minjust.fetch_registry("ru-undesirable", client=client)
    assert len(seen) == 1


def test_settings_defaults() -> None:
    assert settings.minjust_url() == "https://minjust.test"
    assert settings.minjust_proxy() is None and settings.minjust_ca_bundle() is None
    assert (settings.minjust_timeout(), settings.minjust_retries(), settings.minjust_page_size()) == (30.0, 2, 500)
    assert settings.registry_uuid("ru-undesirable") == "c2d1692e-a9f6-5a79-13ee-5da5b42980df"
    assert settings.registry_uuid("ru-terrorist") is None


@pytest.mark.parametrize(("name", "value", "read"), [
    ("PROSCRIBED_MINJUST_TIMEOUT", "abc", settings.minjust_timeout),
    ("PROSCRIBED_MINJUST_TIMEOUT", "0", settings.minjust_timeout),
    ("PROSCRIBED_MINJUST_TIMEOUT", "inf", settings.minjust_timeout),
    ("PROSCRIBED_MINJUST_RETRIES", "-1", settings.minjust_retries),
    ("PROSCRIBED_MINJUST_RETRIES", "1.5", settings.minjust_retries),
    ("PROSCRIBED_MINJUST_PAGE_SIZE", "0", settings.minjust_page_size),
    ("PROSCRIBED_MINJUST_PAGE_SIZE", "many", settings.minjust_page_size),
    ("PROSCRIBED_MINJUST_URL", "reestrs.minjust.gov.ru", settings.minjust_url),
    ("PROSCRIBED_MINJUST_PROXY", "socks5://127.0.0.1:1080", settings.minjust_proxy),
    ("PROSCRIBED_MINJUST_CA_BUNDLE", "/nonexistent/ca.pem", settings.minjust_ca_bundle),
    ("PROSCRIBED_UUID_RU_UNDESIRABLE", "c2d1692e", lambda: settings.registry_uuid("ru-undesirable")),
])
def test_bad_settings_are_invalid_input(monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                        read: Callable[[], object]) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(exc.InvalidInput, match=name):
        read()


def test_page_size_is_capped_like_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBED_MINJUST_PAGE_SIZE", "5000")
    assert settings.minjust_page_size() == 1000
