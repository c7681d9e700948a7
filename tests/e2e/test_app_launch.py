"""`phenomena app` starts and stops like a service: a bad or busy port is one line before any URL,
SIGTERM and SIGINT reach Streamlit, and nothing is left listening.  Real processes, real sockets."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.web.launch import app_command
from tests.support.app_server import free_port as _free_port
from tests.support.cli import ROOT, run_cli


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _streamlit_pids(port: int) -> list[int]:
    """Processes whose command line serves this port (the launcher's Streamlit child: ``python -m app.web.serve``)."""
    module = app_command(port)[2].encode()
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if module in cmd and str(port).encode() in cmd:
            pids.append(int(proc.name))
    return pids


def test_port_out_of_range_is_one_line():
    result = run_cli("app", "--port", "80000", "--headless")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: --port 80000 is not a port: give 1-65535, or --port 0 for any free port"]
    assert "http://" not in result.stdout


def test_busy_port_is_named_before_any_url_and_the_suggestion_is_free():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("app", "--port", str(port), "--headless")
        assert result.returncode == 1 and "http://" not in result.stdout
        (line,) = result.stderr.strip().splitlines()
        assert f"port {port} is busy" in line and "--port 0" in line
        suggested = int(line.split("`phenomena app --port ")[1].split("`")[0])
        assert suggested != port
        with socket.socket() as probe:  # the suggested port really is free
            probe.bind(("127.0.0.1", suggested))


def _start(port: int, home: Path) -> subprocess.Popen:
    env = {**os.environ, "PHENOMENA_HOME": str(home), "PHENOMENA_STORE": "embedded"}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "app", "--port", str(port), "--headless"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).text == "ok":
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the app did not start: {proc.stdout.read()[-2000:]}")
        time.sleep(0.3)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_streamlit_and_frees_the_port(tmp_path, sig):
    port = _free_port()
    proc = _start(port, tmp_path)
    children = _streamlit_pids(port)
    assert children and proc.pid not in children  # Streamlit runs as the launcher's child
    proc.send_signal(sig)  # to the launcher only, as `kill -TERM PID` does
    try:
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = proc.stdout.read()
    assert code == 0, output
    assert output.splitlines()[0] == f"Phenomena Atlas on http://127.0.0.1:{port} (Ctrl+C to stop)"
    assert not _listening(port)
    assert _streamlit_pids(port) == []


def test_port_zero_picks_a_free_port(tmp_path):
    env = {**os.environ, "PHENOMENA_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "app", "--port", "0", "--headless"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline()
        port = int(first.split("http://127.0.0.1:")[1].split()[0])
        assert port > 0
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert not _listening(port)
