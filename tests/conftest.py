"""Shared test fixtures: paths and the TEI reference schema, compiled once."""

from __future__ import annotations

from pathlib import Path

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
