#!/usr/bin/env bash
# Regenerates the RELAX NG XML and XSD forms of the project schema from the
# hand-written compact syntax, tei-encoder.rnc (the only file to edit), after
# writing its generated block of closed value lists from encoder/vocabulary.py.
# Needs Debian trang. tests/test_schema_build.py fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")"
# The closed value lists come from the converter's own types (encoder/vocabulary.py).
repo="${TEI_ENCODER_REPO:-$(cd .. && pwd)}"
python="${PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x "$repo/.venv/bin/python" ]; then python="$repo/.venv/bin/python"; else python=python3; fi
fi
PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}" "$python" -m encoder.vocabulary tei-encoder.rnc
trang -I rnc -O rng tei-encoder.rnc tei-encoder.rng
# trang cannot express a choice between attribute sets (pb, gap) in XSD and
# widens it to optional attributes; the RELAX NG schema stays the normative one.
trang -I rnc -O xsd tei-encoder.rnc tei-encoder.xsd
