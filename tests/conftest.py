"""Shared fixtures. Every test image is generated here or in the test that uses it: the reference
artwork comes from the charter pack's master SVGs (reference_assets/artwork), rendered by
logo_check.reference."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from logo_check.charter import DEFAULT_CHARTER_PATH, Charter, load_charter

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def charter() -> Charter:
    return load_charter(DEFAULT_CHARTER_PATH)


@pytest.fixture
def charter_copy(tmp_path: Path) -> Path:
    """A writable copy of the charter file, next to a copy of the artwork folder."""
    pack = tmp_path / "pack"
    (pack / "charter").mkdir(parents=True)
    shutil.copytree(REPO / "reference_assets" / "artwork", pack / "reference_assets" / "artwork")
    target = pack / "charter" / "charter.toml"
    shutil.copy(DEFAULT_CHARTER_PATH, target)
    return target


#: A file name with markup, quotes, an ampersand and a formula: reports must show it inert.
HOSTILE_NAME = "<img src=x onerror=alert(1)>\"&'=1+1.png"


@pytest.fixture(scope="session")
def scanned_folder(tmp_path_factory: pytest.TempPathFactory, charter: Charter) -> Path:
    """A folder of generated inputs: a 1280 × 720 page with two instances (tests/scenes.py
    two_logos: one compliant, one non-compliant) under a hostile name, a page of noise (no logo)
    and an empty file (unreadable)."""
    import cv2
    import numpy as np
    from scenes import two_logos

    folder = tmp_path_factory.mktemp("reports")
    ok, png = cv2.imencode(".png", cv2.cvtColor(two_logos(charter, (720, 1280)), cv2.COLOR_RGB2BGR))
    assert ok
    (folder / HOSTILE_NAME).write_bytes(png.tobytes())
    noise = np.random.default_rng(0).integers(0, 256, (120, 160, 3), dtype=np.uint8)
    (folder / "noise.png").write_bytes(cv2.imencode(".png", noise)[1].tobytes())
    (folder / "empty.png").write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def evidence_report(scanned_folder: Path):
    """The report of ``scanned_folder`` with evidence (the real engine, one process)."""
    from logo_check.api import scan_paths

    return scan_paths(scanned_folder, evidence=True)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium (Debian's, driven by Playwright) for the whole session: Playwright's
    sync API allows one instance per process. Skipped when /usr/bin/chromium is missing, unless
    LOGO_CHECK_REQUIRE_BROWSER=1, which makes it fail."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("LOGO_CHECK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LOGO_CHECK_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# -- the service's world (tests/service_support.py) ------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The service's data folder with its partners, users and tokens, made once per module (a
    module may override it, as tests/test_service_api.py does for its partner's categories)."""
    from service_support import make_world

    return make_world(tmp_path_factory.mktemp("service") / "data")


@pytest.fixture
def world(template: Any, tmp_path: Path) -> Any:
    """A fresh copy of the module's ``template`` world for one test."""
    return template.copy(tmp_path / "data")
