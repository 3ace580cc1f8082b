"""Shared test fixtures: paths and the TEI reference schema, compiled once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
TEI_DIR = REPO / "tei"
TRANSCRIPTS = TEI_DIR / "transcripts"
TEI_REFERENCE = REPO.parent / "shared" / "tei-reference"
TEI_ALL_RNG = TEI_REFERENCE / "tei_all.rng"
LIBRARY_REFERENCE = REPO.parent / "shared" / "library-reference"
OAI_DC_XSD = REPO / "schema" / "library" / "oai_dc.xsd"


def pytest_configure(config: pytest.Config) -> None:
    # Validity against tei_all is the project's promise: its absence is a setup
    # error, never a reason to skip.
    if not TEI_ALL_RNG.is_file():
        raise pytest.UsageError(f"TEI reference schema not found at {TEI_ALL_RNG}")


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """tei_all.rng compiled by lxml (about 5 s, once per session)."""
    return etree.RelaxNG(etree.parse(str(TEI_ALL_RNG)))


@pytest.fixture(scope="session")
def sample_transcripts() -> list[Path]:
    return sorted(TRANSCRIPTS.glob("*.txt"))


@pytest.fixture(scope="session")
def library_schemas() -> dict[str, xmlschema.XMLSchema]:
    """MODS, METS and oai_dc, compiled once and offline."""
    needed = [LIBRARY_REFERENCE / name for name in ("mods-3-8.xsd", "mets-1.12.1.xsd", "xlink.xsd")]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        pytest.fail(f"library reference schemas not found: {', '.join(missing)}")
    # Absolute paths: xmlschema resolves relative locations against the
    # importing schema's folder, not the working directory.
    locations = {"http://www.w3.org/1999/xlink": str((LIBRARY_REFERENCE / "xlink.xsd").resolve())}
    return {
        "mods": xmlschema.XMLSchema(str(needed[0].resolve()), locations=locations, allow="local"),
        "mets": xmlschema.XMLSchema(str(needed[1].resolve()), locations=locations, allow="local"),
        "oai_dc": xmlschema.XMLSchema(str(OAI_DC_XSD.resolve()), allow="local"),
    }


# ---- a real browser: Debian's Chromium driven by Playwright (tests marked "browser")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium; its absence fails the test (scripts/setup.sh installs it), never skips."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'")
    # Playwright gives every launch a fresh, temporary user-data-dir itself.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_FLAGS)
        yield launched
        launched.close()
