"""`phenomena analyze` and `phenomena export`: plain functions plus typer commands.

Wire into app/cli.py with::

    from app.analytics_cli import analyze_command, export_command
    cli.command("analyze")(analyze_command)
    cli.command("export")(export_command)

The functions :func:`analyze` and :func:`export` take an open store, so the
app and tests can call them without the CLI.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer

from graph.analyze import AnalyticsResult, compute_analytics, write_analytics
from graph.errors import ConfigError
from graph.export import FORMATS, export_all, select_papers
from graph.networks import records_from_store

__all__ = ["Selection", "analyze", "export", "analyze_command", "export_command"]


@dataclass
class Selection:
    """Which papers the graph and BibTeX exports cover; every given filter applies."""

    cluster: int | None = None
    phenomenon: str | None = None        # key or name
    query: str | None = None             # read-only Cypher whose column `id` holds paper keys
    params: dict | None = None
    in_catalog: bool | None = None

    def is_empty(self) -> bool:
        return self.cluster is None and self.phenomenon is None and self.query is None and self.in_catalog is None


def analyze(store, *, seed: int = 42, backend: str = "auto", method: str = "louvain",
            resolution: float = 1.0, write: bool = True, say=None) -> AnalyticsResult:
    """Read the graph, compute every analytic, write the scores back (unless ``write=False``)."""
    say = say or (lambda message: None)
    t0 = time.perf_counter()
    if write:
        store.ensure_schema()  # adds the analytics properties to a graph made before them
    records = records_from_store(store)
    say(f"read {len(records.papers)} papers and {len(records.cites)} citations "
        f"in {time.perf_counter() - t0:.1f} s")
    result = compute_analytics(records, seed=seed, backend=backend, method=method, resolution=resolution)
    if write:
        write_analytics(store, result)
    return result


def export(store, out_dir: str | Path, formats: tuple[str, ...] | list[str] = FORMATS,
           selection: Selection | None = None, *, seed: int = 42, result: AnalyticsResult | None = None,
           force: bool = False) -> list[Path]:
    """Write ``formats`` to ``out_dir``; the analytics are recomputed (seeded, so
    they match what ``analyze`` stored) unless ``result`` is given.

    All files land or none; an existing file is kept unless ``force`` (see :func:`graph.files.write_staged`).
    """
    from graph.files import write_staged

    if result is None:
        result = compute_analytics(records_from_store(store), seed=seed)
    chosen = None
    if selection is not None and not selection.is_empty():
        ids = None
        if selection.query:
            found = store.query_console(selection.query, selection.params or {}, limit=None, timeout_s=60)
            if "id" not in found.columns:
                raise ConfigError("the selection query must return the paper key as a column named `id`, "
                                  "e.g. MATCH (p:Paper)-[:ABOUT]->(:Phenomenon {id: 'grokking'}) RETURN p.id AS id")
            ids = [row["id"] for row in found.records()]
        chosen = select_papers(result, cluster=selection.cluster, phenomenon=selection.phenomenon, ids=ids,
                               in_catalog=selection.in_catalog)
    return write_staged(out_dir, lambda staging: export_all(result, staging, formats, chosen), force=force)


def _settings_and_store(store: str | None, write: bool):
    from app.settings import load_settings
    from app.stores import open_store

    settings = load_settings().with_store(store)
    return open_store(settings, write=write)


StoreOption = typer.Option(None, "--store", help="embedded or neo4j (default: PHENOMENA_STORE, else embedded).")
SeedOption = typer.Option(42, "--seed", help="Random seed: the same seed gives the same clusters.")


def analyze_command(
    seed: int = SeedOption,
    backend: str = typer.Option("auto", help="auto, networkx or igraph (auto: igraph for 1000+ papers if installed)."),
    method: str = typer.Option("louvain", help="Clustering: louvain or leiden (leiden needs igraph)."),
    resolution: float = typer.Option(1.0, help="Louvain/Leiden resolution: higher gives more, smaller clusters."),
    store: Optional[str] = StoreOption,
):
    """Compute centrality, clusters, phenomenon analytics and gaps; store the scores on each paper.

    Example: phenomena analyze --seed 42
    """
    say = lambda message: typer.echo(message, err=True)  # noqa: E731
    with _settings_and_store(store, write=True) as graph_store:
        result = analyze(graph_store, seed=seed, backend=backend, method=method, resolution=resolution, say=say)
    summary = result.summary()
    typer.echo(f"analysed {summary['papers']} papers, {summary['citations']} citations in {summary['seconds']} s: "
               f"{len(result.clusters)} clusters, {len(result.gaps)} catalog-gap suggestions")
    for i in range(min(5, len(result.clusters))):
        typer.echo(f"  cluster {i}: {len(result.clusters[i])} papers  {result.label(i) or '-'}")
    typer.echo("scores stored: MATCH (p:Paper) RETURN p.title, p.pagerank ORDER BY p.pagerank DESC LIMIT 10")


def export_command(
    out_dir: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
    fmt: list[str] = typer.Option(list(FORMATS), "--format", help=f"Any of {', '.join(FORMATS)}; repeat."),
    cluster: Optional[int] = typer.Option(None, help="Only papers of this cluster (graph files and BibTeX)."),
    phenomenon: Optional[str] = typer.Option(None, help="Only papers about this phenomenon (key or name)."),
    query: Optional[str] = typer.Option(None, "--query", help="Only papers whose key a read-only Cypher query "
                                                              "returns as column `id`."),
    catalog_only: bool = typer.Option(False, "--catalog-only", help="Only papers in the catalog."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist in the folder."),
    seed: int = SeedOption,
    store: Optional[str] = StoreOption,
):
    """Write the cluster report, GraphML, GEXF, CSV, BibTeX and gap suggestions.

    Example: phenomena export out/ --format report --format bibtex --phenomenon grokking
    """
    selection = Selection(cluster=cluster, phenomenon=phenomenon, query=query,
                          in_catalog=True if catalog_only else None)
    with _settings_and_store(store, write=False) as graph_store:
        paths = export(graph_store, out_dir, fmt, selection, seed=seed, force=force)
    for path in paths:
        typer.echo(str(path))
    print(f"{len(paths)} files written to {out_dir}", file=sys.stderr)
