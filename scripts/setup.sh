#!/usr/bin/env bash
# Installs everything tei-encoder needs on a fresh Debian machine (as root) and
# creates the virtual environment .venv with the package and its test tools.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(jing trang poppler-utils chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# npm (for axe-core below) comes with a nodejs that bundles it, else from Debian
if ! command -v npm >/dev/null; then
    echo "setup: installing Debian package: npm" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    echo "setup: installing tei-encoder and its test tools into .venv" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi

# The package's bytecode, as an installed wheel has it. Where PYTHONDONTWRITEBYTECODE
# is set (it is on the project's machine) Python never writes it, and every run from
# the checkout compiles all of encoder/ again: over a quarter of a one-file convert. A module
# edited since is compiled from source in memory, so the bytecode is never stale, only
# slower; run this again (or `python -m compileall -q encoder`) after pulling.
.venv/bin/python -m compileall -q encoder

# axe-core for the accessibility test (tests/test_accessibility.py), from the
# npm registry at the version and checksum pinned in tools/axe/package-lock.json;
# npm ci refuses a package whose checksum differs. No install scripts run.
axe=tools/axe/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ] || ! grep -q "\"version\": \"$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' tools/axe/package.json)\"" tools/axe/node_modules/axe-core/package.json; then
    echo "setup: installing axe-core into tools/axe/node_modules" >&2
    (cd tools/axe && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi
