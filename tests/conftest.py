"""Shared test fixtures: paths and the TEI reference schema, compiled once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
TEI_DIR = REPO / "tei"
TRANSCRIPTS = TEI_DIR / "transcripts"
TEI_REFERENCE = REPO.parent / "shared" / "tei-reference"
TEI_ALL_RNG = TEI_REFERENCE / "tei_all.rng"


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
