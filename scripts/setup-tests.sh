#!/usr/bin/env bash
# Prepare a machine for the test suite: a virtual environment with the
# project, its test and dask extras, and (when run as root with apt-get) the
# Debian packages the browser and lexicon tests use. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    # Chromium for the headless-browser tests; FreeDict for lexicon alignment;
    # Link Grammar (binding + English dictionary) for the grammar evidence;
    # hunspell-ru for Russian spelling (transcheck.checks.hunspell).
    packages="chromium chromium-driver dict-freedict-deu-fra dict-freedict-fra-deu dict-freedict-deu-eng dict-freedict-eng-deu python3-link-grammar link-grammar-dictionaries-en hunspell-ru"
    if ! dpkg -s $packages >/dev/null 2>&1; then
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $packages >/dev/null
    fi
else
    echo "setup-tests: not root or no apt-get: browser, FreeDict and Link Grammar tests will be skipped" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -e '.[test,dask]'
