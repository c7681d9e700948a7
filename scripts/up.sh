#!/usr/bin/env bash
# Set up Phenomena Atlas on this machine, build the graph, open the app.
# Needs Python >= 3.10. Idempotent: run it again any time. Arguments go to `phenomena build`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
echo "installing Phenomena Atlas into .venv (quiet; takes a minute the first time)" >&2
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# PYTHONWARNINGS: setuptools' multi-line "BuildBackendWarning: Editable installation" says nothing to act on.
PYTHONWARNINGS=ignore::UserWarning .venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/phenomena build "$@"
exec .venv/bin/phenomena app
