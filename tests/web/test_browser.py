"""End to end: the real server (uvicorn, a subprocess) driven by Debian's headless Chromium.

No browser is downloaded: Playwright launches /usr/bin/chromium. If it is missing the
tests fail (CI installs it in .ci/run). Screenshots are saved under tests/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.fixtures.serve import serve

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(db_path: Path) -> Iterator[str]:
    with serve(db_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is required for the browser tests (apt-get install chromium)"
    # launch() gives Chromium a fresh, empty profile directory of its own (--user-data-dir).
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport={"width": 1200, "height": 900})
    p = context.new_page()
    outside: list[str] = []
    p.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:")) else None)
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield p
    context.close()
    assert outside == [], f"requests left the server: {outside}"
    assert errors == [], f"errors in the page: {errors}"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_amnesty_and_open_the_entity(page: Page) -> None:
    page.goto("/")
    page.fill("#q", "Amnesty")
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=Amnesty")
    link = page.locator("table.entries a[href='/entities/ru-undesirable-226']")
    assert link.count() == 1
    _shot(page, "search-amnesty")
    link.click()
    page.wait_for_url("**/entities/ru-undesirable-226")
    assert "Amnesty International Ltd" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    assert "Международная амнистия" in body and "2025-05-28" in body
    _shot(page, "entity-amnesty")


def test_home_chart_renders(page: Page) -> None:
    page.goto("/")
    page.wait_for_selector("#chart[data-rendered]")
    datasets = int(page.get_attribute("#chart", "data-rendered") or 0)
    assert datasets >= 2
    # Something was drawn: the canvas holds non-blank pixels.
    painted = page.evaluate("""() => {
        const c = document.getElementById('chart');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
        return n; }""")
    assert painted > 1000
    _shot(page, "home-chart")


# A laptop and a phone. axe-core (the copy shipped in the axe-playwright-python wheel; axe-core is
# MPL-2.0, the wrapper MIT) checks each page in both layouts.
WIDTHS = {"laptop": 1280, "phone": 390}
PAGES = {"home": "/", "entity": "/entities/ru-undesirable-142", "search": "/search?q=Radio",
         "registry": "/registries/ru-terrorist", "scan": "/scan"}


@pytest.mark.parametrize("device", WIDTHS)
def test_pages_read_at_laptop_and_phone_width_and_pass_axe(browser: Browser, server: str, device: str) -> None:
    width = WIDTHS[device]
    context = browser.new_context(base_url=server, viewport={"width": width, "height": 900},
                                  is_mobile=device == "phone")
    p = context.new_page()
    axe = Axe()
    for name, path in PAGES.items():
        p.goto(path)
        if name == "home":
            p.wait_for_selector("#chart[data-rendered]")
        assert p.evaluate("() => document.documentElement.scrollWidth") <= width, (path, "scrolls sideways")
        _shot(p, f"{name}-{width}")
        found = axe.run(p).response
        assert found["testEngine"]["name"] == "axe-core"
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == [], (path, width, serious)
    context.close()


def test_axe_reports_what_it_should(browser: Browser) -> None:
    """The check above can fail: on a page with an unlabelled field, axe-core reports it as critical."""
    p = browser.new_page()
    p.set_content('<!doctype html><html lang="en"><title>t</title><main><input type="text"></main></html>')
    impacts = {v["id"]: v["impact"] for v in Axe().run(p).response["violations"]}
    assert impacts.get("label") == "critical"
    p.close()


def test_pages_work_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(base_url=server, java_script_enabled=False)
    p = context.new_page()
    p.goto("/")
    assert p.locator("input[type=search]").count() == 1  # one search box on the home page
    p.fill("input[name=q]", "Bellingcat")
    p.press("input[name=q]", "Enter")
    p.wait_for_url("**/search?q=Bellingcat")
    assert p.locator("a[href='/entities/ru-undesirable-057']").count() == 1
    context.close()


def test_scan_page_highlights_mentions(page: Page) -> None:
    page.goto("/scan")
    page.fill("#scan-text", "Генпрокуратура признала нежелательной Amnesty International, а также «Открытую Россию» "
                            "и Радио Свобода. Красный Крест продолжает работу.")
    page.click("form.scan button[type=submit]")
    page.wait_for_selector("#scanned mark.mention")
    marks = page.locator("#scanned mark.mention")
    assert marks.count() == 3
    texts = [marks.nth(i).locator("a").inner_text() for i in range(3)]
    assert texts == ["Amnesty International", "Открытую Россию", "Радио Свобода"]
    assert all("status-listed" in (marks.nth(i).get_attribute("class") or "") for i in range(3))
    _shot(page, "scan-highlighted")
