"""The server process `phenomena app` runs: ``streamlit run``, with the graph read while the browser loads.

``python -m app.web.serve run app/web/streamlit_app.py --server.port …`` is ``streamlit run …``
plus one background thread, started once Streamlit itself is imported: it imports the Graph page's
modules and reads the graph model and its offline similarity links into the cache every page and
session shares (:func:`app.web.ui.warm_up`).  A cold server's first page then finds them ready
instead of starting on them after the browser has loaded Streamlit's frontend (about half of a
cold first page's wait, measured by ``benchmarks/bench_first_page.py``).  The warm-up is silent:
without a graph, or on any error, the page says what is wrong when it asks.

It also skips Streamlit's scan of every installed package for "v2" components (its Runtime reads the
metadata of each of the ~110 installed distributions: about 0.6 s of CPU before the server answers,
measured with cProfile).  The app's one component is a v1 component declared from its own folder
(:mod:`app.web.component`) and it uses no installed v2 component, so the scan can only find nothing.
"""
from __future__ import annotations

import gc
import sys
import threading

__all__ = ["main", "skip_component_scan", "start_warm_up"]


def _warm_up() -> None:
    # Here, not at the top: importing the pages' modules is the work this thread takes off the first page.
    from app.web import ui

    ui.warm_up()
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC): over the
    # modules and the graph model that is ~0.2 s of every first page and every click.  They live as long
    # as the server, so they are moved out of the collector's sight; what a page makes is still collected.
    gc.freeze()


def start_warm_up() -> threading.Thread:
    """Start reading the graph in the background; returns the (daemon) thread."""
    thread = threading.Thread(target=_warm_up, name="atlas-warm-up", daemon=True)
    thread.start()
    return thread


def skip_component_scan() -> bool:
    """Make Streamlit's scan for installed v2 components find none without reading every package's
    metadata (see the module's docstring).  Returns False, changing nothing, when this Streamlit has no
    such scan (an older or newer layout): the server then starts as it always did."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        return False
    if not callable(getattr(manifest_scanner, "scan_component_manifests", None)):
        return False
    manifest_scanner.scan_component_manifests = _no_installed_components
    return True


def _no_installed_components(max_workers: int | None = None) -> list:
    return []


def main() -> None:
    """``streamlit`` with this process's arguments (``run SCRIPT …``), the warm-up running beside it."""
    from streamlit.web import cli  # Streamlit's own command line, as `python -m streamlit` runs it

    skip_component_scan()
    start_warm_up()
    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
