#!/usr/bin/env bash
# Set up Phenomena Atlas on this machine, build the graph, open the app.
# Needs Python >= 3.10. Idempotent: run it again any time. Arguments go to `phenomena build`.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
echo "installing Phenomena Atlas into .venv (quiet; wheels only, with uv when it can)" >&2
scripts/install.sh
echo "installed in $((SECONDS - started)) s" >&2
.venv/bin/phenomena build "$@"
echo "set up and built in $((SECONDS - started)) s; starting the app" >&2
exec .venv/bin/phenomena app
