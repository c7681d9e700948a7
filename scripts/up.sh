#!/usr/bin/env bash
# Set up Phenomena Atlas on this machine, build the graph, open the app.
# Needs Python >= 3.10. Idempotent: run it again any time.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/phenomena build "$@"
exec .venv/bin/phenomena app
