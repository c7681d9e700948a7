"""``phenomena neo4j start|stop|status``: a local Neo4j server without Docker.

Mounted by app/cli/main.py with ``app.add_typer(neo4j_app, name="neo4j")``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from app.cli.output import echo, terminal_safe
from app.settings import load_settings
from graph.errors import AtlasError
from graph.store.neo4j.server import ping, server_status, start_server, stop_server

neo4j_app = typer.Typer(
    help="Run a local Neo4j Community 5.26 server (Java 17 + Maven; no Docker).\n\n"
         "Example: phenomena neo4j start && phenomena build --store neo4j",
    no_args_is_help=True,
)

DATA_HELP = "Folder for the server's data, pid and log files (default: PHENOMENA_HOME/neo4j)."
PORT_HELP = "Bolt port on 127.0.0.1."


def _data_dir(data: Optional[Path]) -> Path:
    if data is not None:
        return data
    return load_settings().home / "neo4j"


def _fail(err: AtlasError) -> typer.Exit:
    typer.secho(terminal_safe(f"error: {err}"), err=True, fg=typer.colors.RED)
    return typer.Exit(1)


@neo4j_app.command("start")
def start(
    data: Optional[Path] = typer.Option(None, "--data", help=DATA_HELP),
    port: int = typer.Option(7687, "--port", help=PORT_HELP),
    timeout: float = typer.Option(120, "--timeout", help="Seconds to wait for the first answer."),
    heap: str = typer.Option("1g", "--heap", help="JVM heap, e.g. 1g or 4g for big loads."),
    pagecache: str = typer.Option("512m", "--pagecache", help="Page cache for the graph's store files, e.g. 4g "
                                                               "for 500k papers (reads of a store that does not "
                                                               "fit go to disk)."),
) -> None:
    """Start Neo4j in the background; return once it answers RETURN 1.

    Example: phenomena neo4j start --port 7687 --data ~/atlas-neo4j
    """
    folder = _data_dir(data)
    try:
        before = server_status(folder)
        home = load_settings().home
        info = start_server(folder, port, timeout=timeout, heap=heap, home=home, pagecache=pagecache)
    except AtlasError as err:
        raise _fail(err) from err
    state = "already running" if before else "started"
    echo(f"Neo4j {state} on {info.uri} (pid {info.pid}, data {info.data_dir}, log {info.log_file})")
    if info.uri != "bolt://127.0.0.1:7687":
        echo(f"use it with: NEO4J_URI={info.uri} PHENOMENA_STORE=neo4j")


@neo4j_app.command("stop")
def stop(data: Optional[Path] = typer.Option(None, "--data", help=DATA_HELP)) -> None:
    """Stop the server started with `start` (SIGTERM, waits for a clean shutdown).

    Example: phenomena neo4j stop --data ~/atlas-neo4j
    """
    folder = _data_dir(data)
    try:
        stopped = stop_server(folder)
    except AtlasError as err:
        raise _fail(err) from err
    echo("Neo4j stopped" if stopped else f"no Neo4j running for {folder}")


@neo4j_app.command("status")
def status(data: Optional[Path] = typer.Option(None, "--data", help=DATA_HELP)) -> None:
    """Say whether the server runs and answers; exit code 1 when it does not.

    Example: phenomena neo4j status --data ~/atlas-neo4j
    """
    settings = load_settings()
    folder = data if data is not None else settings.home / "neo4j"
    info = server_status(folder)
    if info is None:
        echo(f"not running (data {folder}); start it with `phenomena neo4j start`")
        raise typer.Exit(1)
    try:
        ping(info.uri, (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None)
        answer = "answering"
    except Exception as err:  # any driver failure means "not answering"; the message says which
        answer = f"not answering ({type(err).__name__})"
    echo(f"running on {info.uri}, {answer} (pid {info.pid}, data {info.data_dir}, log {info.log_file})")
