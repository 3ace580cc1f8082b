#!/usr/bin/env bash
# Regenerates the RELAX NG XML and XSD forms of the project schema from the
# hand-written compact syntax, tei-encoder.rnc (the only file to edit).
# Needs Debian trang. tests/test_schema_build.py fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")"
trang -I rnc -O rng tei-encoder.rnc tei-encoder.rng
# trang cannot express a choice between attribute sets (pb, gap) in XSD and
# widens it to optional attributes; the RELAX NG schema stays the normative one.
trang -I rnc -O xsd tei-encoder.rnc tei-encoder.xsd
