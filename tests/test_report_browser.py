"""The HTML report in a real browser: Debian's chromium, headless, driven by Playwright.

The report is that of tests/conftest.py's ``scanned_folder`` (a generated page with two instances
under a hostile name, a page of noise, an empty file), written to a file and opened from disk.
The browser is tests/conftest.py's ``browser`` (one for the whole session, shared with the service's
browser test): without /usr/bin/chromium these tests are skipped, unless LOGO_CHECK_REQUIRE_BROWSER=1
(as in CI), which makes them fail instead. Playwright's own browser downloads are never used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import HOSTILE_NAME

from logo_check.report import Report
from logo_check.report_html import render_html

pytestmark = pytest.mark.browser


def _watched_page(browser: Any) -> tuple[Any, list[str]]:
    """A new page, and the list its console errors and warnings, page errors and failed requests
    are added to."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    return page, problems


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_renders_offline_without_errors(
    browser: Any, evidence_report: Report, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_html(evidence_report, lang), encoding="utf-8")
    page, problems = _watched_page(browser)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(path.as_uri(), wait_until="load")
        assert page.locator("html").get_attribute("lang") == lang
        summary = page.locator("table.summary")
        assert summary.is_visible()
        assert summary.locator("tbody tr").count() == len(evidence_report.documents) == 3
        assert HOSTILE_NAME in summary.inner_text()  # the hostile name is text, not markup
        images = page.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight, "
            "i.getBoundingClientRect().width])"
        )
        assert len(images) == 8
        assert all(complete and w > 0 and h > 0 and shown > 0 for complete, w, h, shown in images), images
        boxes = page.locator("polygon.box")
        assert boxes.count() == 2
        for i in range(2):
            box = boxes.nth(i).bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 20
        assert page.locator("table.findings").first.is_visible()
        assert page.evaluate("document.querySelectorAll('script').length") == 0
    finally:
        page.close()
    assert problems == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_report_in_parts_leads_from_one_part_to_the_next(browser: Any, evidence_report: Report, tmp_path: Path) -> None:
    """A page's pictures a part (two parts): the summary's link and the « next » link open the
    second file from disk, its pictures decoded."""
    from logo_check.report_html import render_html_parts

    parts = render_html_parts(evidence_report, "report.html", max_part_pictures=1)
    assert [p.name for p in parts] == ["report.html", "report-2.html"]
    for part in parts:
        (tmp_path / part.name).write_text(part.html, encoding="utf-8")
    page, problems = _watched_page(browser)
    try:
        page.goto((tmp_path / "report.html").as_uri(), wait_until="load")
        page.locator("nav.parts a[rel=next]").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/report-2.html")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
        assert images and all(complete and width > 0 for complete, width in images), images
        page.locator("nav.parts a", has_text="Synthèse").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/report.html#summary")
        page.locator("table.summary tbody tr").nth(2).locator("a").click()  # noise.png, in the second part
        page.wait_for_load_state("load")
        assert page.url.endswith("/report-2.html#doc-3")
    finally:
        page.close()
    assert problems == []


def test_crawl_report_pictures_load_from_its_folder(browser: Any, charter: Any, tmp_path: Path) -> None:
    """A crawl's ``images.html`` opened from disk: every picture it links in ``pictures/`` loads."""
    import crawl_builder as cb

    from logo_check.cli import main

    site = cb.fixture_crawl(charter, tmp_path / "site.warc.gz")
    folder = tmp_path / "report"
    assert main(["scan", str(site), "--format", "html", "--out", str(folder), "--workers", "1"]) == 1
    page, problems = _watched_page(browser)
    try:
        page.goto((folder / "images.html").as_uri(), wait_until="load")
        count = page.evaluate("document.images.length")
        assert count > 0
        page.evaluate("Array.from(document.images).forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=10_000)
        widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
        assert all(width > 0 for width in widths), widths
        assert page.locator("polygon.box").count() > 0
    finally:
        page.close()
    assert problems == []
