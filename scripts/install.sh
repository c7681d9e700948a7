#!/usr/bin/env bash
# Install Phenomena Atlas into .venv (with an extra, e.g. `test`, when given): scripts/install.sh [EXTRA]
# Called by up.sh and test.sh.  The fast way when it can: uv (from PyPI) puts prebuilt wheels only in
# place, in parallel, from its cache; pip is the fallback (PHENOMENA_NO_UV=1 forces it).
set -euo pipefail
cd "$(dirname "$0")/.."
target="."
[ -n "${1:-}" ] && target=".[$1]"
# Without pip: bootstrapping it (ensurepip) is the slowest step of a set-up; uv adds it below from its cache.
[ -x .venv/bin/python ] || python3 -m venv --without-pip .venv

# Byte-code for what the app and the build load at start: Python writes it on a first run, except where
# PYTHONDONTWRITEBYTECODE is set (then every start compiles ~1,000 modules again); uv installs none.
compile_startup() {
  env -u PYTHONDONTWRITEBYTECODE PYTHONWARNINGS=ignore .venv/bin/python -c \
    "import app.web.ui, app.web.graphview, app.web.graphpanel, app.web.sharebar, app.web.serve, app.pipeline.build, app.cli" \
    >/dev/null 2>&1 || true
}

if [ -z "${PHENOMENA_NO_UV:-}" ]; then
  uv="$(command -v uv || true)"
  [ -z "$uv" ] && [ -x .venv/bin/uv ] && uv=.venv/bin/uv
  if [ -z "$uv" ]; then  # uv from PyPI into .venv, by the system's pip (>= 22.3 installs into another Python)
    python3 -m pip --python .venv/bin/python install -q --disable-pip-version-check uv >/dev/null 2>&1 \
      || { [ -x .venv/bin/pip ] && .venv/bin/python -m pip install -q --disable-pip-version-check uv >/dev/null 2>&1; } \
      || true
    [ -x .venv/bin/uv ] && uv=.venv/bin/uv
  fi
  # --only-binary :all:: wheels only, nothing compiled here (the project itself is linked, not built).
  # pip too, so `.venv/bin/pip` works as it does in a venv made by python -m venv.
  if [ -n "$uv" ] && "$uv" pip install -q --python .venv/bin/python --only-binary :all: pip -e "$target"; then
    compile_startup
    exit 0
  fi
  echo "note: uv could not install; installing with pip instead (slower)" >&2
fi
[ -x .venv/bin/pip ] || .venv/bin/python -m ensurepip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# PYTHONWARNINGS: setuptools' multi-line "BuildBackendWarning: Editable installation" says nothing to act on.
PYTHONWARNINGS=ignore::UserWarning .venv/bin/python -m pip install -q --disable-pip-version-check -e "$target"
compile_startup
