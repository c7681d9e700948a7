#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k catalog).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

# Real browser: Debian's chromium (never `playwright install`).
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "note: could not install chromium; browser tests will say why" >&2
fi

# Real Neo4j: the launcher from Maven Central artifacts (cached in ~/.m2).
if command -v mvn >/dev/null 2>&1 && [ -f neo4j-launcher/pom.xml ]; then
  mvn -q -B -f neo4j-launcher/pom.xml package -DskipTests
fi

exec .venv/bin/python -m pytest "$@"
