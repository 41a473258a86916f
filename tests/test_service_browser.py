"""The whole flow in a real browser: Debian's chromium driven by Playwright, against
``logo-check serve`` in a subprocess on 127.0.0.1. A partner drops a file on the upload form; a
reviewer opens the report, confirms the finding with a comment and produces the warning letter.

The browser is tests/conftest.py's ``browser``: skipped (with the reason) when /usr/bin/chromium is
missing, unless LOGO_CHECK_REQUIRE_BROWSER=1, which turns the skip into a failure (CI). The test
image is generated (tests/service_support.py).
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from service_server import Server, add_user
from service_support import logo_png

PASSWORD = "a long enough password"

pytestmark = pytest.mark.browser  # in the default suite: CI (.ci/run) must run the whole flow


def login(page, url: str, code: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=code]", code)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-submit")
    # the click returns once the form is sent: the list of submissions, where a login lands, may
    # not be loaded yet (its content once read as empty)
    page.wait_for_url("**/submissions", wait_until="load")


DROP = """([name, data]) => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type: "image/png"}));
    const zone = document.getElementById("drop-zone");
    zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def test_login_upload_report_confirm_letter(browser, tmp_path: Path, charter) -> None:
    data = tmp_path / "data"
    add_user(data, "partner", "acme", PASSWORD, partner="ACME")
    add_user(data, "reviewer", "rev", PASSWORD)
    with Server(data) as server:
        context = browser.new_context()
        page = context.new_page()
        login(page, server.url, "acme")
        assert page.url.endswith("/submissions")
        assert "Envois" in page.content()  # French by default
        page.goto(server.url + "/upload")
        png = base64.b64encode(logo_png(charter, recoloured=True)).decode()
        page.evaluate(DROP, ["flyer.png", png])
        assert "flyer.png" in page.inner_text("#file-list")
        page.click("#upload-submit")
        page.wait_for_url("**/submissions")
        page.click("text=flyer.png")
        page.wait_for_selector("#job-state[data-state=done]", timeout=60_000)  # the page reloads itself
        assert page.inner_text("#verdict") == "non conforme"
        assert page.locator("form.decide").count() == 0  # a partner does not decide
        # the pictures load as they scroll into view (a long document's page would load them all)
        pictures = page.locator("img[loading=lazy]")
        assert pictures.count() == 4  # the page, then the logo's crop, reference and heatmap
        for n in range(pictures.count()):
            pictures.nth(n).scroll_into_view_if_needed()
        page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        context.close()

        context = browser.new_context()
        page = context.new_page()
        login(page, server.url, "rev")
        page.click("#lang-switch")  # English
        page.click("text=flyer.png")
        page.wait_for_selector("#job-state[data-state=done]")
        assert page.inner_text("#verdict") == "non-compliant"
        finding = page.locator(".finding[data-code=colour_changed]").first
        finding.locator("input[name=comment]").fill("disc colour checked against the charter")
        finding.locator("button[value=confirm]").click()
        page.wait_for_selector(".finding[data-decision=confirmed]")
        assert "disc colour checked against the charter" in page.content()
        page.click("#make-letter")
        page.wait_for_selector("#deadline")
        pdf_url = page.get_attribute("#letter-pdf", "href")
        response = context.request.get(server.url + pdf_url)
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        assert page.inner_text("#outcome") == "open"
        context.close()
