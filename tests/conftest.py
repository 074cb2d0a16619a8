"""Shared test helpers. No global side effects: paths come from fixtures, the model cache is per process."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ACLED_DEV = SHARED / "data" / "acled-dev.csv"
GEONAMES_DIR = SHARED / "data" / "geonames"
SEED_TEXT = ROOT / "eventwire" / "data" / "examples" / "baghouz.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "baghouz.gold.json"


@pytest.fixture(scope="session")
def acled_dev() -> Path:
    """The ACLED dev export; tests that need it skip cleanly where it is absent (it is never committed)."""
    if not ACLED_DEV.exists():
        pytest.skip(f"ACLED dev data not found at {ACLED_DEV}")
    return ACLED_DEV


@pytest.fixture(scope="session")
def geonames_dir() -> Path:
    if not (GEONAMES_DIR / "cities15000.txt").exists():
        pytest.skip(f"GeoNames test files not found in {GEONAMES_DIR}")
    return GEONAMES_DIR


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")
