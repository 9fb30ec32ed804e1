#!/usr/bin/env bash
# Set up and run the whole test suite from a clean clone: a virtual environment with the
# package and its test extras, Debian's chromium for the browser test (when run as root
# on a machine without it), then pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium (and a CJK font for its screenshots) for the browser test" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
    else
        echo "note: chromium not found; the browser test will be skipped" >&2
    fi
fi

exec .venv/bin/python -m pytest "$@"
