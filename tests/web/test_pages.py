"""Server-rendered pages, in process: content, no scripts from elsewhere, every name escaped."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from proscribed.app import create_app
from proscribed.config import Config

from .conftest import HOSTILE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def web(hostile_db: Path) -> Iterator[TestClient]:
    # A browser asks for HTML: /entities/{id} answers programs (Accept: */*) with yente's JSON.
    # The first scan builds the scanner (seconds, more on a loaded machine): a generous timeout keeps
    # that from becoming a 504 here; tests/api/test_security.py covers the 504 itself.
    with TestClient(create_app(Config(db_path=hostile_db, api_timeout=300.0)), headers={"accept": "text/html"}) as c:
        yield c


def _hostile_id(web: TestClient) -> str:
    found = web.get("/api/entities", params={"q": "Partners", "registry": "ru-terrorist"}).json()
    return str(found["results"][0]["id"])


def test_home(web: TestClient) -> None:
    r = web.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'id="chart-data"' in html and "/static/vendor/chart.umd.min.js" in html
    assert 'name="q"' in html and "ru-undesirable" in html


def test_search_page_without_js(web: TestClient) -> None:
    html = web.get("/search", params={"q": "Amnesty"}).text
    assert 'href="/entities/ru-undesirable-226"' in html


def test_entity_page(web: TestClient) -> None:
    html = web.get("/entities/ru-undesirable-226").text
    for text in ("Amnesty International", "Международная амнистия", "2025-05-28", "itsalt-undesirable-2026-09-24",
                 "/api/feeds/entities/ru-undesirable-226.atom"):
        assert text in html
    # Both dates, which basis the decision date has, and the reports it comes from.
    decision = html[html.index("<dt>decision</dt>"):html.index("<dt>listed on</dt>")]
    assert "2025-05-19" in decision and "per public reports" in decision
    assert 'href="https://www.themoscowtimes.com/2025/05/19/' in decision and "<blockquote>" in decision


def test_entity_page_of_a_linked_organization(web: TestClient) -> None:
    # Meduza: foreign agent (2021) and undesirable (2023), two entries linked as one organization.
    html = web.get("/entities/ru-undesirable-073").text
    linked = html[html.index('<section class="linked">'):html.index("<h2>Names</h2>")]
    assert "One organization on several lists: Meduza" in linked
    assert 'href="/entities/ru-foreign-agents-ce06cef221"' in linked
    assert "2021-04-23" in linked and "2023-02-07" in linked  # every designation of the group
    assert linked.count('class="evidence"') == 2 and 'href="https://' in linked
    timeline = html[html.index("<h2>Timeline</h2>"):html.index("<h2>News events</h2>")]
    assert timeline.index("2021-04-23") < timeline.index("2023-02-07")
    assert "(<a href=\"/entities/ru-foreign-agents-ce06cef221\">" in timeline  # the other entry's events say whose


def test_entity_page_without_a_decision_date(web: TestClient) -> None:
    html = web.get("/entities/ru-undesirable-418").text
    assert "decision date not found in public sources" in html


def test_registry_page_as_of(web: TestClient) -> None:
    html = web.get("/registries/ru-undesirable", params={"as_of": "2025-05-19"}).text
    assert "223 entries on 2025-05-19" in html
    assert "/api/exports/csv?registry=ru-undesirable" in html


def test_diff_page(web: TestClient) -> None:
    html = web.get("/diff", params={"from": "2025-05-01", "to": "2025-05-31"}).text
    assert "ru-undesirable-226" in html


def test_errors_render_as_pages_for_browsers(web: TestClient) -> None:
    r = web.get("/entities/nope", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<h1>Error 404</h1>" in r.text
    bad = web.get("/registries/ru-undesirable", params={"as_of": "nope"}, headers={"accept": "text/html"})
    assert bad.status_code == 400


@pytest.mark.parametrize("path", ["/", "/search?q=Partners", "/registries/ru-terrorist", "ENTITY",
                                  "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27"])
def test_hostile_names_render_inert(web: TestClient, path: str) -> None:
    if path == "ENTITY":
        path = f"/entities/{_hostile_id(web)}"
    html = web.get(path).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "alert(1)</script>\"'" not in html
    if "Partners" in path or "ENTITY" in path or "entities" in path or "terrorist" in path:
        assert "&lt;script&gt;alert(" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pages_load_nothing_from_elsewhere(web: TestClient) -> None:
    for path in ("/", "/search?q=Amnesty", "/entities/ru-undesirable-226", "/registries/ru-terrorist", "/diff"):
        html = web.get(path).text
        for ref in re.findall(r'(?:src|href)="([^"]*)"', html):
            if ref.startswith(("http://", "https://", "//")):
                # Links out (the official source) are fine; nothing is loaded from elsewhere.
                assert not re.search(rf'(?:<script|<link|<img)[^>]*"{re.escape(ref)}"', html), ref
    assert "default-src 'self'" in web.get("/").headers["content-security-policy"]


def test_static_files(web: TestClient) -> None:
    assert web.get("/static/vendor/chart.umd.min.js").status_code == 200
    assert "MIT" in web.get("/static/vendor/chart.js.LICENSE.md").text
    assert web.get("/static/style.css").status_code == 200


def test_hostile_name_in_json_is_data(web: TestClient) -> None:
    body = web.get(f"/api/entities/{_hostile_id(web)}").json()
    assert body["entity"]["caption"] == HOSTILE


@pytest.mark.parametrize(("published", "then"), [("2024-06-01", "not on the list then"),
                                                 ("2025-06-01", "on the list then")])
def test_scan_page_shows_the_status_at_the_document_date(web: TestClient, published: str, then: str) -> None:
    """Amnesty International was listed on 2025-05-28: a document of 2024 predates it, one of June 2025 does not."""
    page = web.post("/scan", data={"text": "Amnesty International published a report.", "published": published})
    assert page.status_code == 200
    cell = re.search(r'<td class="at-document-date">(.*?)</td>', page.text)
    assert cell is not None and re.sub(r"<[^>]+>", "", cell.group(1)) == then
    assert f'value="{published}"' in page.text  # the form keeps the date it scanned with


def _chart(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_home_chart_fits_the_dated_listings(web: TestClient) -> None:
    html = web.get("/").text
    chart = _chart(html)
    listed = [y for r in web.get("/api/stats").json()["registries"] for y, n in r["additions_per_year"].items()
              for _ in range(n)]
    first_year = int(chart["periods"][0][:4])
    before = sum(1 for y in listed if int(y) < first_year)
    # The axis starts after the earliest listing yet holds at least 99% of them; those before count in the totals.
    assert int(min(listed)) < first_year and before <= 0.01 * len(listed)
    start_total = sum(s["cumulative"][0] - s["listed"][0] + s["excluded"][0] for s in chart["series"])
    assert start_total >= before > 0
    assert f"The chart starts in {chart['periods'][0]}" in html and f"(the first on {min(listed)}-" in html


def test_home_says_which_lists_are_undated(web: TestClient) -> None:
    html = web.get("/").text
    stats = {r["registry"]: r for r in web.get("/api/stats").json()["registries"]}
    terrorist, extremist = stats["ru-terrorist"], stats["ru-extremist"]
    assert terrorist["undated"] == terrorist["listed"] + terrorist["excluded"] > 0
    assert (f"ru-terrorist: none of its {terrorist['undated']} entries has a listing date in the source, "
            "so the list is not in the chart") in html
    assert (f"ru-extremist: {extremist['undated']} of its {extremist['listed'] + extremist['excluded']} "
            "entries have no listing date") in html
    undated = web.get("/registries/ru-terrorist").text
    assert "The source gives no listing date for any entry of this list" in undated


def test_one_search_box_on_the_home_page(web: TestClient) -> None:
    assert web.get("/").text.count('type="search"') == 1
    assert web.get("/registries/ru-undesirable").text.count('type="search"') == 1  # the header's, elsewhere


def test_registry_page_has_no_registry_column(web: TestClient) -> None:
    html = web.get("/registries/ru-undesirable").text
    assert '<td class="registry">' not in html and "<th>registry</th>" not in html
    assert '<td class="registry">' in web.get("/search", params={"q": "Radio"}).text


def test_entity_timeline_has_decision_and_listing_dates(web: TestClient) -> None:
    entity = web.get("/api/entities/ru-undesirable-142").json()
    d = entity["entity"]["designations"][0]
    html = web.get("/entities/ru-undesirable-142").text
    timeline = html[html.index("<h2>Timeline</h2>"):html.index("<h2>News events</h2>")]
    decided = timeline.index(f'<span class="date">{d["decision_date"]}</span> <b>decision</b>')
    listed = timeline.index(f'<span class="date">{d["listed_on"]}</span> <b>listed</b>')
    assert decided < listed


@pytest.mark.parametrize(("query", "scored"), [("Amnesty International", True), ("Radio", False)])
def test_search_score_column_only_with_scores(web: TestClient, query: str, scored: bool) -> None:
    found = web.get("/api/entities", params={"q": query}).json()["results"]
    assert any(r["score"] is not None for r in found) is scored
    assert ("<th>score</th>" in web.get("/search", params={"q": query}).text) is scored
