#!/usr/bin/env bash
# The main job: re-encodes the bundled sample corpus (tei/transcripts/*.txt ->
# tei/*.xml), validates it and, when the views are available, builds the static
# edition site into build/site. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/tei-encoder convert tei/transcripts -o tei --report build/review-report.json
if .venv/bin/tei-encoder build --help >/dev/null 2>&1; then
    .venv/bin/tei-encoder build -o build/site
fi
