"""Shared fixtures. Every test image is generated here or in the test that uses it: the reference
artwork comes from the charter pack's master SVGs (reference_assets/artwork), rendered by
logo_check.reference."""

from __future__ import annotations

import shutil
from pathlib import Path

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
