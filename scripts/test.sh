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
# The venv's own pip, not upgraded: the README's set-up must work with the pip Python ships
# (3.11's does not resolve dependencies reached only through another package's extra).
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
# Prove it: an .html input builds (trafilatura needs lxml_html_clean, declared directly).
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
printf '<html><body><h2>一、存在的问题</h2><p>（一）服务供给不足。</p></body></html>' > "$smoke/page.html"
.venv/bin/policykg build "$smoke/page.html" --out "$smoke/out" --quiet

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium (and a CJK font for its screenshots) for the browser test" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
    else
        echo "note: chromium not found; the browser test will be skipped" >&2
    fi
fi

.venv/bin/python -m pytest "$@"
