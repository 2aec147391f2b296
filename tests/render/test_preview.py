"""``make preview`` in a real browser (the system's Chromium through Playwright, as tests/render/test_browser.py):
a findings edit appears on the page by itself, a broken score shows the problem (file, row,
column) in place of the report, the fixed file brings the report back; the reports folder is
never written and nothing is left running or on disk."""

from __future__ import annotations

import os
import threading

import pytest
from test_browser import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.e2e

PROVINCE, YEAR = "quangninh", 2019
NEW_SENTENCE = "Câu này được thêm vào khi đang xem trước báo cáo."
ROW = "QN-S01,Văn phòng UBND tỉnh,15.24,43.76,14.42,73.42"
BROKEN = "QN-S01,Văn phòng UBND tỉnh,15.24,bốn mươi,14.42,73.42"
SECONDS = 240_000  # a full render on a busy two-core machine, in ms


@pytest.fixture
def preview(data_copy, tmp_path):
    from egov_report.render.preview import serve

    reports = tmp_path / "reports"
    ready, stop = threading.Event(), threading.Event()
    server = threading.Thread(
        target=serve,
        args=(PROVINCE, YEAR),
        daemon=True,
        kwargs=dict(port=0, data_dir=data_copy, reports_dir=reports, log=lambda *_: None, ready=ready, stop=stop),
    )
    server.start()
    assert ready.wait(60)
    yield ready.preview, data_copy / PROVINCE / str(YEAR)
    stop.set()
    server.join(60)
    assert not server.is_alive()
    assert not ready.preview.workspace.exists()  # the private folder removed
    assert ready.preview.child is None  # no render left running
    assert not reports.exists()  # the preview never publishes


def test_edit_break_and_fix_in_the_browser(preview):
    from playwright.sync_api import expect, sync_playwright

    server, year = preview
    scores = year / "scores_departments.csv"
    original = scores.read_text(encoding="utf-8")
    assert ROW in original
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")}
        )
        try:
            page = browser.new_page()
            page.goto(server.url)
            expect(page.locator("body")).to_contain_text("Quảng Ninh", timeout=SECONDS)
            expect(page.locator("#egov-preview")).to_contain_text("Đã cập nhật", timeout=SECONDS)

            with open(year / "findings.md", "a", encoding="utf-8") as handle:
                handle.write(f"\n{NEW_SENTENCE}\n")
            expect(page.locator("body")).to_contain_text(NEW_SENTENCE, timeout=SECONDS)

            scores.write_text(original.replace(ROW, BROKEN), encoding="utf-8")
            problems = page.locator("ul.problems")
            expect(problems).to_contain_text("scores_departments.csv", timeout=SECONDS)
            expect(problems).to_contain_text("dòng 2", timeout=SECONDS)
            expect(problems).to_contain_text("Ứng dụng và đầu tư", timeout=SECONDS)
            expect(problems).to_contain_text("bốn mươi", timeout=SECONDS)

            scores.write_text(original, encoding="utf-8")
            expect(page.locator("body")).to_contain_text(NEW_SENTENCE, timeout=SECONDS)
            expect(page.locator("ul.problems")).to_have_count(0)
        finally:
            browser.close()
