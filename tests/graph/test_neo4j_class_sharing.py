"""The launcher's JVM records a class-data sharing archive on its first run and maps it on the next.

Real launcher server, real JVM: the archive is in use when the restarted JVM has the file mapped
(``/proc/PID/maps``), not merely named on its command line.
"""
import json
import shutil
from pathlib import Path

import neo4j
import pytest

from graph.errors import AtlasError
from graph.store.neo4j import server
from tests.support.neo4j_fixture import PASSWORD, _unavailable, free_port

pytestmark = pytest.mark.neo4j


def _mapped(pid: int) -> set[str]:
    return {line.split()[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines() if "/" in line}


def test_a_first_run_records_the_class_archive_and_the_next_maps_it(tmp_path):
    if not shutil.which("java") or not Path("/proc/self/maps").exists():
        _unavailable("java or /proc not found")
    jar = server.build_launcher()
    for old in jar.parent.glob(f"{jar.stem}-*.jsa*"):  # start from a jar without an archive
        old.unlink()
    data = tmp_path / "server"
    try:
        first = server.start_server(data, free_port(), timeout=300, heap="768m", password=PASSWORD)
    except AtlasError as err:
        _unavailable(f"Neo4j did not start: {err}")
    try:
        recording, archive = map(Path, json.loads((data / server.LAUNCH_FILE).read_text())["class_archive"])
        assert f"-XX:ArchiveClassesAtExit={recording}".encode() in Path(f"/proc/{first.pid}/cmdline").read_bytes()
        assert not archive.exists()
        server.stop_server(data, timeout=120)  # the JVM writes the archive as it exits
        assert archive.stat().st_size > 10_000_000 and not recording.exists()

        recorded_log = (data / server.LOG_FILE).stat().st_size  # the recording run warns of classes it skipped
        again = server.restart_server(data, PASSWORD)
        assert str(archive) in _mapped(again.pid)
        assert json.loads((data / server.LAUNCH_FILE).read_text())["class_archive"] is None
        with neo4j.GraphDatabase.driver(again.uri, auth=("neo4j", PASSWORD)) as driver:
            records, _, _ = driver.execute_query("RETURN 41 + 1 AS answer", database_="neo4j")
        assert records[0]["answer"] == 42
        assert "[cds]" not in (data / server.LOG_FILE).read_text()[recorded_log:]  # no mismatch, no fallback
    finally:
        server.stop_server(data, timeout=120)
