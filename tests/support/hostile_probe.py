"""Hostile console queries with real probes: a sentinel file, a target path, a loopback listener.

Each query is run through one *path* (the store, the app's service, the CLI, the
app page) by a callable ``run(text, limit, timeout_s) -> (outcome, output)``
where outcome is ``"refused"``, ``"executed"`` or ``"crashed"``.  After every
query the probe checks that

* the sentinel's secret content is not in the output (no file was read),
* the target path does not exist (no file was written),
* the loopback HTTP listener received nothing (no network request),
* the store fingerprint is unchanged (checked by the caller once per path).

:func:`run_hostile` returns and reports the totals: tried, refused, executed,
files touched, network requests, crashes.
"""
from __future__ import annotations

import http.server
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tests.support import report

# {sentinel}: a file with a secret line; {target}: a path that must not appear; {url}: the listener.
ESCAPES = [
    # The reported backtick bypass: `x\` is a whole name in Cypher, so the COPY is a statement.
    "RETURN 1 AS `x\\`; COPY (MATCH (p:Paper) RETURN p.id, p.title) TO '{target}'; RETURN 2 AS `y`",
    "RETURN 1 AS `x\\`; LOAD FROM '{sentinel}' (file_format='csv', header=false) RETURN *; RETURN 2 AS `y`",
    "WITH 1 AS `x\\` LOAD CSV FROM 'file://{sentinel}' AS row RETURN row AS `y`",
    "WITH 1 AS `x\\` LOAD CSV FROM '{url}/x.csv' AS row RETURN row AS `y`",
    "RETURN 1 AS `a``b`; COPY (RETURN 1) TO '{target}'",
    "/* `*/ COPY (RETURN 1) TO '{target}' //`",
    "RETURN '\\'' AS a; COPY (RETURN 1) TO '{target}'",
    "RETURN \"\\\"\" AS `q`; COPY (RETURN 1) TO '{target}'",
    "COPY (MATCH (p:Paper) RETURN p.id) TO '{target}'",
    "LOAD FROM '{sentinel}' (file_format='csv', header=false) RETURN *",
    "LOAD FROM '{sentinel}' (file_format='csv', header=false, delim=':') RETURN count(*)",
    "LOAD CSV FROM 'file://{sentinel}' AS row RETURN row",
    "LOAD CSV FROM '{url}/y.csv' AS row RETURN row",
    "CALL db.labels() YIELD label RETURN label UNION ALL LOAD CSV FROM 'file://{sentinel}' AS row RETURN row[0] AS label",
    "EXPORT DATABASE '{target}'",
    "RETURN 1 AS `x\\`; EXPORT DATABASE '{target}'; RETURN 2 AS `y`",
    "ATTACH '{target}' AS t (dbtype lbug)",
    "CALL `dbms`.`listConfig`() YIELD name RETURN name",
    "CALL `current_setting`('threads') RETURN *",
    "CALL current_setting('threads') RETURN *",
    "CALL dbms.listConfig() YIELD name, value RETURN name, value",
    "CALL show_functions() RETURN *",
    "RETURN 1; RETURN 2",
    "MATCH (p:Paper) RETURN p.id; MATCH (p:Paper) RETURN p.title",
]
# Parsed too deep or too long for an engine: refused before it, or contained.
BOMBS = [
    "RETURN " + "(" * 3000 + "1" + ")" * 3000,
    "RETURN " + "[" * 3000 + "1" + "]" * 3000,
    "RETURN " + "{a:" * 300 + "1" + "}" * 300,
    "RETURN " + "CASE WHEN true THEN " * 30 + "1" + " END" * 30,
    "RETURN " + "size(" * 1500 + "[1]" + ")" * 1500,
    "RETURN " + " + ".join(["1"] * 6000),
]
# Unbounded work or memory: stopped by the row cap, the timeout or the memory ceiling.
UNBOUNDED = [
    "UNWIND range(1, 1000000000) AS x RETURN x",
    "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x + y AS z WHERE z % 7 = 0 RETURN sum(z) AS s",
    "UNWIND range(1, 300000000) AS x WITH collect(x) AS l RETURN size(l) AS n",
]
# Allowance over the query's own timeout: a child process starting, a busy machine.
SLACK_S = 12.0


class _Listener(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"leaked,1\n")

    def log_message(self, *args):
        pass


@dataclass
class Probe:
    folder: Path
    secret: str = field(default_factory=lambda: "ATLAS-SENTINEL-" + secrets.token_hex(8))

    def __post_init__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sentinel = self.folder / "sentinel.csv"
        self.sentinel.write_text(f"{self.secret},x\n")
        self.target = self.folder / "target-must-not-appear"
        handler = type("Handler", (_Listener,), {"hits": []})
        self._server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        self.hits = handler.hits
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def fill(self, text: str) -> str:
        return text.replace("{sentinel}", str(self.sentinel)).replace("{target}", str(self.target)) \
            .replace("{url}", self.url)

    def files_touched(self) -> int:
        extra = [p for p in self.folder.iterdir() if p not in (self.sentinel,)]
        return len(extra) + (self.sentinel.read_text() != f"{self.secret},x\n")

    def close(self):
        self._server.shutdown()
        self._server.server_close()


Runner = Callable[[str, int, float], tuple[str, str]]


def run_hostile(run: Runner, probe: Probe, label: str, texts: list[str] | None = None,
                limit: int = 10, timeout_s: float = 3.0) -> dict[str, int]:
    """Every query of ``texts`` (default: all) through ``run``; totals asserted by the caller."""
    texts = texts if texts is not None else ESCAPES + BOMBS + UNBOUNDED
    totals = {"tried": 0, "refused": 0, "executed": 0, "files touched": 0, "network requests": 0, "crashes": 0,
              "leaks": 0, "over time": 0}
    for raw in texts:
        text = probe.fill(raw)
        started = time.monotonic()
        outcome, output = run(text, limit, timeout_s)
        took = time.monotonic() - started
        totals["tried"] += 1
        totals[outcome if outcome in ("refused", "executed") else "crashes"] += 1
        if raw in ESCAPES and outcome == "executed":
            totals["leaks"] += 1  # an escape must be refused, whatever it returned
        if probe.secret in output:
            totals["leaks"] += 1
        if took > timeout_s + SLACK_S:
            totals["over time"] += 1
    totals["files touched"] = probe.files_touched()
    totals["network requests"] = len(probe.hits)
    report.add(f"hostile console ({label}): " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    report.add_totals(totals)
    return totals


def store_runner(call) -> Runner:
    """A runner for a Python call ``call(text, limit, timeout_s)`` raising AtlasError on refusal."""
    from graph.errors import AtlasError

    def run(text: str, limit: int, timeout_s: float) -> tuple[str, str]:
        try:
            result = call(text, limit, timeout_s)
        except AtlasError as err:
            assert "\n" not in str(err), str(err)
            return "refused", str(err)
        assert len(result.rows) <= limit
        return "executed", repr(result.rows)
    return run


def cli_runner(env: dict[str, str]) -> Runner:
    """A runner that starts ``phenomena query`` for each text (exit 1 = refused, other non-zero = crash)."""
    from tests.support.cli import run_cli

    def run(text: str, limit: int, timeout_s: float) -> tuple[str, str]:
        result = run_cli("query", text, "--limit", str(limit), "--timeout", str(timeout_s), "--format", "csv",
                         env=env, timeout=timeout_s + 60)
        output = result.stdout + result.stderr
        if result.returncode == 0:
            return "executed", output
        if result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1:
            return "refused", output
        return "crashed", output
    return run
