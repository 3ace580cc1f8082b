"""Where the stylesheets and schemas are: inside an installed wheel, or in a checkout.

The design card keeps them at the repository's top level (``xslt/``,
``schema/``) as the one source of truth; the wheel carries the same files as
``encoder/xslt`` and ``encoder/schema`` (see pyproject.toml). A checkout or an
editable install has only the top-level folders.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY = PACKAGE_DIR.parent  # meaningful in a checkout only


def data_dir(name: str, marker: str) -> Path | None:
    """The folder ``name`` (``xslt`` or ``schema``) holding ``marker``: installed first, then the checkout's."""
    for candidate in (PACKAGE_DIR / name, REPOSITORY / name):
        if (candidate / marker).is_file():
            return candidate
    return None


def shared_dir() -> Path:
    """``../shared`` beside the repository, or beside the working folder for an installed tool."""
    for base in (REPOSITORY, Path(os.getcwd())):
        candidate = base.parent / "shared"
        if candidate.is_dir():
            return candidate
    return REPOSITORY.parent / "shared"
