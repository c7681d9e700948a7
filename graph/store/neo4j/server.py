"""A local Neo4j server without Docker: the launcher in ``neo4j-launcher/``.

The launcher is Neo4j Community 5.26 LTS embedded from Maven Central jars,
locked down like a real install: Bolt on ``127.0.0.1:PORT`` only, auth on
(user ``neo4j``, a generated password kept in ``PHENOMENA_HOME/neo4j-password``
with mode 0600 and read by :func:`app.settings.load_settings`), ``LOAD CSV``
confined to ``DATA/import`` with ``file:`` URLs off, and a memory ceiling per
transaction (half the heap).  :func:`start_server` builds it on first use
(``mvn package``), runs it detached with a pid file and a log file in the data
folder, and returns once a ``RETURN 1`` succeeds; :func:`stop_server` sends
SIGTERM and waits for the clean shutdown.

>>> info = start_server("/tmp/atlas-neo4j", 7687)   # doctest: +SKIP
>>> info.uri                                         # doctest: +SKIP
'bolt://127.0.0.1:7687'
>>> stop_server("/tmp/atlas-neo4j")                  # doctest: +SKIP
True
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigError, StoreError, StoreUnavailable
from graph.store.processes import is_running

__all__ = ["ServerInfo", "LocalServer", "start_server", "stop_server", "restart_server", "server_status", "build_launcher",
           "class_sharing_flags",
           "LAUNCHER_DIR", "load_or_create_password", "read_password", "PASSWORD_FILE"]

LAUNCHER_DIR = Path(__file__).resolve().parents[3] / "neo4j-launcher"  # graph/store/neo4j/ is three down
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "neo4j-launcher.jar"
TX_TIMEOUT_S = 1800  # db.transaction.timeout: a backstop; console reads carry their own, shorter one
PID_FILE, PORT_FILE, LOG_FILE = "neo4j.pid", "neo4j.port", "neo4j.log"
LAUNCH_FILE = "neo4j.launch.json"  # how the server was started: restart_server starts it the same way
PASSWORD_FILE = "neo4j-password"  # under PHENOMENA_HOME, mode 0600
INITIAL_PASSWORD = "neo4j"  # what Neo4j gives user neo4j when auth is on and no password is set

# Neo4j's page cache and native file access reflect into the JDK (the jar's
# manifest says the same for `java -jar`; repeated here so the flags are visible).
JVM_FLAGS = [
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
]

_children: dict[int, subprocess.Popen] = {}  # servers this process started, reaped on stop


@dataclass(frozen=True)
class LocalServer:
    """The launcher's server a store talks to: its data folder, and the password it was started with
    when one was given (else it is read from the password file again on a restart)."""

    data_dir: Path
    password: str | None = None


@dataclass(frozen=True)
class ServerInfo:
    uri: str
    port: int
    pid: int
    data_dir: Path
    log_file: Path


def read_password(home: str | Path) -> str | None:
    """The generated password of the local server, if ``home`` has one."""
    try:
        return (Path(home).expanduser() / PASSWORD_FILE).read_text().strip() or None
    except OSError:
        return None


def load_or_create_password(home: str | Path) -> str:
    """The local server's password: read from ``home/neo4j-password``, or generated and saved there (0600)."""
    import secrets

    existing = read_password(home)
    if existing:
        return existing
    path = Path(home).expanduser() / PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return read_password(home) or password
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return password


def _heap_mb(heap: str, option: str = "--heap") -> int:
    units = {"k": 1 / 1024, "m": 1, "g": 1024}
    try:
        return int(float(heap[:-1]) * units[heap[-1].lower()]) if heap[-1].isalpha() else int(heap) >> 20
    except (KeyError, ValueError, IndexError):
        raise ConfigError(f"{option} {heap!r} is not a size: write e.g. 1g or 768m") from None


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise ConfigError(
            f"`{tool}` not found: install a JDK 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven) "
            "or point NEO4J_URI at an existing Neo4j server")
    return path


def build_launcher(force: bool = False) -> Path:
    """The launcher jar, built with Maven when missing or older than its sources (dependencies cached in ``~/.m2``)."""
    lib = LAUNCHER_JAR.parent / "lib"
    if LAUNCHER_JAR.exists() and lib.is_dir() and not force and (not _launcher_stale() or not shutil.which("mvn")):
        return LAUNCHER_JAR  # a stale jar still runs when Maven is gone
    _need("java")
    mvn = _need("mvn")
    cmd = [mvn, "-q", "-B", "-f", str(LAUNCHER_DIR / "pom.xml"), "package", "-DskipTests"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not LAUNCHER_JAR.exists():
        tail = " ".join((proc.stdout + proc.stderr).split())[-300:]
        raise ConfigError(f"building the Neo4j launcher failed ({tail}): run `{' '.join(cmd)}` to see why")
    return LAUNCHER_JAR


def _launcher_stale() -> bool:
    """True when a source file or the pom changed after the jar was built (an update brings new launcher code)."""
    built = LAUNCHER_JAR.stat().st_mtime
    sources = [LAUNCHER_DIR / "pom.xml", *(LAUNCHER_DIR / "src").rglob("*.java")]
    return any(path.stat().st_mtime > built for path in sources if path.exists())


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie child of ours is reaped, and counts as gone)."""
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    return is_running(pid)  # a zombie is not a server


def _is_launcher(pid: int) -> bool:
    """Guard against a recycled pid: only signal a process running the launcher."""
    try:
        return b"neo4j-launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc").is_dir()  # no procfs: trust the pid file
    except OSError:
        return True


def _read_state(data: Path) -> tuple[int, int] | None:
    try:
        pid = int((data / PID_FILE).read_text().strip())
        port = int((data / PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid, port


def _clear_state(data: Path) -> None:
    for name in (PID_FILE, PORT_FILE):
        (data / name).unlink(missing_ok=True)


def _info(data: Path, pid: int, port: int) -> ServerInfo:
    return ServerInfo(f"bolt://127.0.0.1:{port}", port, pid, data, data / LOG_FILE)


def server_status(data_dir: str | Path) -> ServerInfo | None:
    """The running launcher for ``data_dir``, or ``None`` (stale pid files are removed)."""
    data = Path(data_dir).expanduser().resolve()
    state = _read_state(data)
    if state is None:
        return None
    pid, port = state
    if _alive(pid) and _is_launcher(pid):
        return _info(data, pid, port)
    _clear_state(data)
    return None


def ping(uri: str, auth: tuple[str, str] | None = None, timeout: float = 5.0) -> None:
    """Run ``RETURN 1``; raises the driver's error when the server does not answer."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout,
                                    connection_acquisition_timeout=timeout) as driver:
        with driver.session(database="neo4j") as session:  # session.run: no retries, we poll
            session.run("RETURN 1 AS ok").consume()


def _set_initial_password(uri: str, password: str) -> None:
    """Neo4j starts with neo4j/neo4j and demands a change before anything else."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", INITIAL_PASSWORD)) as driver:
        with driver.session(database="system") as session:
            session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                        old=INITIAL_PASSWORD, new=password).consume()


def _tail(path: Path, n: int = 1) -> str:
    try:
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return " ".join(" | ".join(lines[-n:]).split())[:300]


def start_server(data_dir: str | Path, port: int = 7687, *, timeout: float = 120,
                 heap: str = "1g", password: str | None = None, home: str | Path | None = None,
                 pagecache: str = "512m") -> ServerInfo:
    """Start Neo4j on ``127.0.0.1:port`` with data in ``data_dir``; return once it answers.

    Auth is on: user ``neo4j`` gets ``password`` on first start; without one the
    password is read from (or generated into) ``home/neo4j-password`` (``home``
    defaults to the folder above ``data_dir``).  Already running for ``data_dir``: returns it.
    ``pagecache``: memory for the store's pages (a graph whose store exceeds it reads from disk),
    unless ``data_dir/neo4j.conf`` sets ``server.memory.pagecache.size``.
    """
    data = Path(data_dir).expanduser().resolve()
    running = server_status(data)
    if running is not None:
        return running
    if password is None:
        password = load_or_create_password(home if home is not None else data.parent)
    tx_memory = max(128, _heap_mb(heap) // 2)
    _heap_mb(pagecache, "--pagecache")  # a size, or a one-line error
    if password is not None and len(password) < 8:
        raise ConfigError("the Neo4j password must be at least 8 characters: choose a longer one")
    java = _need("java")
    jar = build_launcher()
    if not _port_free(port):
        raise StoreUnavailable(f"port {port} on 127.0.0.1 is in use: choose another with --port, "
                               "or stop what listens there")
    data.mkdir(parents=True, exist_ok=True)
    log_path = data / LOG_FILE
    sharing, pending = class_sharing_flags(jar, java)
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_FLAGS, *sharing, "-Datlas.auth=true", f"-Datlas.txmemory={tx_memory}m",
           f"-Datlas.txtimeout={int(TX_TIMEOUT_S)}",
           f"-Datlas.pagecache={pagecache}",
           "-jar", str(jar), str(data), str(port)]
    with open(log_path, "ab") as log:
        # A new session: the server outlives this process and ignores its Ctrl-C.
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                cwd=data, start_new_session=True)
    _children[proc.pid] = proc
    (data / PID_FILE).write_text(f"{proc.pid}\n")
    (data / PORT_FILE).write_text(f"{port}\n")
    (data / LAUNCH_FILE).write_text(json.dumps({"port": port, "heap": heap, "pagecache": pagecache,
                                                "timeout": timeout, "home": str(home) if home is not None else None,
                                                "class_archive": [str(p) for p in pending] if pending else None}))
    info = _info(data, proc.pid, port)
    try:
        _wait_ready(proc, info, password, timeout)
    except BaseException:
        _terminate(proc.pid, 30)  # never leave a half-started server behind
        _clear_state(data)
        raise
    return info


def _wait_ready(proc: subprocess.Popen, info: ServerInfo, password: str | None, timeout: float) -> None:
    import neo4j.exceptions as nex

    auth = ("neo4j", password) if password is not None else None
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise StoreUnavailable(f"Neo4j exited during start (code {proc.returncode}): "
                                   f"see {info.log_file} ({_tail(info.log_file)})")
        try:
            ping(info.uri, auth, timeout=2)
            return
        except nex.AuthError:
            if password is None:
                raise StoreUnavailable(f"the server on port {info.port} asks for a password: "
                                       f"it is not this launcher; see {info.log_file}") from None
            _set_initial_password(info.uri, password)  # first start with auth: neo4j/neo4j
        except (nex.ServiceUnavailable, nex.SessionExpired, nex.DatabaseUnavailable, OSError):
            pass
        except nex.Neo4jError as err:
            if not (err.code or "").startswith("Neo.TransientError"):
                raise
        if time.monotonic() > deadline:
            raise StoreUnavailable(f"Neo4j did not answer within {timeout:.0f} s: see {info.log_file} "
                                   f"and {info.data_dir / 'logs' / 'debug.log'}")
        time.sleep(0.2)


def _terminate(pid: int, timeout: float) -> bool:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def stop_server(data_dir: str | Path, *, timeout: float = 60) -> bool:
    """SIGTERM the launcher for ``data_dir`` and wait for its clean exit; False if none ran."""
    data = Path(data_dir).expanduser().resolve()
    info = server_status(data)
    if info is None:
        return False
    if not _terminate(info.pid, timeout):
        raise StoreError(f"Neo4j (pid {info.pid}) did not stop within {timeout:.0f} s: "
                         f"see {info.log_file}, then `kill {info.pid}`")
    _clear_state(data)
    _keep_class_archive(data)
    return True


def class_sharing_flags(jar: Path, java: str) -> tuple[list[str], tuple[Path, Path] | None]:
    """JVM flags for class-data sharing of the launcher's classes (JDK 13+ dynamic AppCDS): with the
    archive of this jar and JDK, ``-XX:SharedArchiveFile`` (the server starts in about two thirds of
    the time: Neo4j's ~20k classes are mapped, not parsed and verified); without one, this run records
    it (``-XX:ArchiveClassesAtExit``, written when the JVM exits: a slower first start and stop) and
    the pair ``(recorded file, archive)`` for :func:`stop_server` to put in place.  A stale or foreign
    archive is refused by the JVM itself (``-Xshare:auto``: it starts without)."""
    if os.environ.get("ATLAS_NEO4J_CDS", "1") == "0":
        return [], None
    stamp = [jar.stat(), Path(os.path.realpath(java)).stat()]
    archive = jar.parent / f"{jar.stem}-{'-'.join(f'{s.st_size}.{s.st_mtime_ns}' for s in stamp)}.jsa"
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto"], None
    for old in jar.parent.glob(f"{jar.stem}-*.jsa*"):  # archives of an earlier jar or JDK, stale recordings
        try:
            if old.suffix == ".jsa" or time.time() - old.stat().st_mtime > 3600:
                old.unlink()
        except OSError:  # gone already (another start), or a folder we may not write: the JVM copes
            pass
    recording = archive.with_name(f"{archive.name}.{os.getpid()}.{time.monotonic_ns()}.part")
    return [f"-XX:ArchiveClassesAtExit={recording}"], (recording, archive)


def _keep_class_archive(data: Path) -> None:
    """Put the class archive a server recorded at its exit in place (a killed one recorded none)."""
    try:
        pending = json.loads((data / LAUNCH_FILE).read_text()).get("class_archive")
    except (OSError, ValueError):
        return
    if not pending:
        return
    recording, archive = map(Path, pending)
    if recording.exists() and recording.stat().st_size:
        os.replace(recording, archive)  # atomic: a server starting now sees the whole archive or none
    recording.unlink(missing_ok=True)


def restart_server(data_dir: str | Path, password: str | None = None) -> ServerInfo:
    """Start the launcher for ``data_dir`` again as :func:`start_server` last started it (port, heap,
    page cache, password home; ``password`` when it was given explicitly), e.g. after the offline
    importer ran on its stopped database."""
    data = Path(data_dir).expanduser().resolve()
    try:
        launch = json.loads((data / LAUNCH_FILE).read_text())
    except (OSError, ValueError) as err:
        raise StoreError(f"cannot restart Neo4j for {data}: no record of its start ({LAUNCH_FILE}); "
                         "start it with `phenomena neo4j start`") from err
    return start_server(data, launch["port"], timeout=max(launch["timeout"], 120), heap=launch["heap"],
                        pagecache=launch["pagecache"], home=launch["home"], password=password)
