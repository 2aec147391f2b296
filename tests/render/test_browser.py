"""Every shipped report's HTML, opened in a real browser (Debian's Chromium, driven by Playwright).

At a desktop width (1280 px) and a phone width (390 px): the page never scrolls sideways (a wide
table scrolls inside its own frame), every chart and image is drawn, every link of the table of
contents lands on its heading, and the browser reports no error. Playwright's own browser
download is not reachable here: it drives the system's ``/usr/bin/chromium`` (``.ci/run``
installs it when missing).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from egov_report.catalog import available_province_years
from egov_report.paths import DATA_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 390)
SHIPPED = available_province_years(DATA_DIR)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def reports(shipped_reports) -> Path:
    return shipped_reports


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")}
        )
        yield chromium
        chromium.close()


def _open(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("province,year", SHIPPED, ids=[f"{p}-{y}" for p, y in SHIPPED])
def test_the_report_reads_in_a_browser(reports, browser, province, year, width):
    page, errors = _open(browser, reports / province / str(year) / "report.html", width)
    try:
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"the page scrolls sideways at {width} px: {scroll} > {client}"

        charts = page.evaluate("""() => Array.from(document.querySelectorAll('svg')).map(s => {
            const r = s.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert charts, "no chart drawn"
        assert all(w > 50 and h > 30 for w, h in charts), charts
        broken = page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert broken == 0

        targets = page.evaluate(
            "() => Array.from(document.querySelectorAll('nav.toc a')).map(a => a.getAttribute('href'))"
        )
        assert targets, "no table of contents"
        for href in targets:
            page.click(f'nav.toc a[href="{href}"]')
            top, height = page.evaluate(
                f"() => [document.getElementById({href[1:]!r}).getBoundingClientRect().top, window.innerHeight]"
            )
            assert -2 <= top < height, f"{href} does not land on its heading (top {top})"
            page.evaluate("() => window.scrollTo(0, 0)")
        assert not errors, errors
    finally:
        page.close()
