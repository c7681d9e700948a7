#!/usr/bin/env bash
# Install everything the tests need, lint with ruff, then run the whole suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k catalog).
# As root it installs Debian's chromium and Maven when missing, and stops with an error if it cannot;
# otherwise it says which test groups will skip (or fail, under CI=true) for lack of them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh test  # the package and its test extra (uv when it can, else pip), as up.sh installs

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)   # reads the BibTeX export (tests/graph/test_bibliography_readers.py)
command -v npm >/dev/null 2>&1 || need+=(npm)         # installs citation-js, which reads the RIS export
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (Debian packages) for the browser, Neo4j and bibliography-reader tests" >&2
    if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null); then
      echo "error: could not install ${need[*]} with apt-get; the browser, Neo4j and reader tests need them" >&2
      exit 1
    fi
  else
    echo "note: ${need[*]} missing and not root: browser (chromium) / Neo4j (maven) / reader (pandoc, npm) tests will skip, or fail under CI=true" >&2
  fi
fi

# Real Neo4j: the launcher from Maven Central artifacts (cached in ~/.m2).
if command -v mvn >/dev/null 2>&1 && [ -f neo4j-launcher/pom.xml ]; then
  if ! mvn -q -B -f neo4j-launcher/pom.xml package -DskipTests; then
    echo "error: the Neo4j launcher did not build (mvn package in neo4j-launcher/)" >&2
    exit 1
  fi
fi

# Gephi Toolkit 0.10.1 (Maven Central), the reader of the network exports in tests/graph/test_gephi_reader.py.
if command -v mvn >/dev/null 2>&1 && [ -f tests/readers/gephi/pom.xml ]; then
  if ! mvn -q -B -f tests/readers/gephi/pom.xml package; then
    echo "error: the Gephi reader did not build (mvn package in tests/readers/gephi/)" >&2
    exit 1
  fi
fi

# citation-js, the reader the RIS export is tested with, pinned by tests/readers/package-lock.json.
if command -v npm >/dev/null 2>&1; then
  if ! npm ci --prefix tests/readers --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "error: could not install citation-js (npm ci in tests/readers/)" >&2
    exit 1
  fi
fi

# Lint before the tests (pyflakes, bugbear, import order: [tool.ruff] in pyproject.toml); a finding fails the run.
if ! .venv/bin/ruff check .; then
  echo "error: ruff found problems (above); fix them, or run .venv/bin/ruff check --fix . for the import order" >&2
  exit 1
fi

exec .venv/bin/python -m pytest "$@"
