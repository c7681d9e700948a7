"""pytest plugin: the Gephi Toolkit 0.10.1 as a reader of the network exports (tests/readers/gephi).

Registered in tests/conftest.py.  The reader is a small Maven project that scripts/test.sh builds
(like the Neo4j launcher); when its jar is missing the fixture builds it once.  With ``CI=true`` a
missing Java/Maven or a failed build fails the tests that need it; elsewhere they skip with a reason.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

READER = Path(__file__).resolve().parents[1] / "readers" / "gephi"
JAR = READER / "target" / "gephi-reader.jar"
PROBLEMS = {"WARNING", "SEVERE", "CRITICAL"}  # Gephi's issue levels above INFO


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"the Gephi Toolkit reader is required on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def problems(result: dict) -> list[str]:
    """The import issues of one :func:`gephi` result at WARNING level or above, as "LEVEL: message"."""
    return [f"{i['level']}: {i['message']}" for i in result["issues"] if i["level"] in PROBLEMS]


@pytest.fixture(scope="session")
def gephi():
    """``read(*groups)``: each group (a list of files) imported by Gephi into a new workspace, the first
    file imported and the others appended; one dict per group (``nodes``, ``edges``, ``edges_by_kind``,
    ``node_labels`` as ``[id, label, kind]``, ``node_columns``, ``edge_columns``, ``issues``)."""
    if not shutil.which("java"):
        _unavailable("java not found: install JDK 17 and Maven to run the Gephi reader tests")
    if not JAR.exists():
        if not shutil.which("mvn"):
            _unavailable("mvn not found and tests/readers/gephi is not built: install Maven "
                         "(scripts/test.sh builds it)")
        built = subprocess.run(["mvn", "-q", "-B", "-f", str(READER / "pom.xml"), "package"],
                               capture_output=True, text=True, timeout=900)
        if built.returncode != 0 or not JAR.exists():
            _unavailable(f"the Gephi reader did not build: {(built.stdout + built.stderr).strip()[-500:]}")

    def read(*groups) -> list[dict]:
        args = [arg for n, group in enumerate(groups) for arg in ([] if n == 0 else ["--"]) + [str(f) for f in group]]
        done = subprocess.run(["java", "-Djava.awt.headless=true", "-jar", str(JAR), *args],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]

    return read
