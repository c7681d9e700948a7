"""`phenomena analyze` and `phenomena export`: typer commands over :mod:`app.pipeline.analytics`."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

import click
import typer

from app.cli.output import echo
from app.pipeline.analytics import WEAK_TAGS_NOTE, Selection, analyze, bridges, export, weak_tags
from app.pipeline.stores import open_store
from app.settings import load_settings
from app.web.site import write_site
from graph.analytics.bridge_papers import no_bridge_message
from graph.analytics.gaps import gaps_note
from graph.errors import ConfigError
from graph.export.registry import DEFAULT_FORMATS, FORMATS
from graph.model.read import load_graph_model

__all__ = ["analyze_command", "export_command", "bridges_command"]


def _settings_and_store(store: str | None, write: bool):
    settings = load_settings().with_store(store)
    return open_store(settings, write=write)


def choice_of(allowed):
    """An option callback: a value outside ``allowed`` is a usage error (exit 2), like click's own.

    >>> choice_of(("text", "json"))(["json"])
    ['json']
    """
    def check(value):
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item not in allowed:
                raise typer.BadParameter(f"{item!r} is not one of {', '.join(allowed)}")
        return value
    return check


StoreOption = typer.Option(None, "--store", help="embedded or neo4j (default: PHENOMENA_STORE, else embedded).")
SeedOption = typer.Option(42, "--seed", help="Random seed: the same seed gives the same clusters.")
# the registry's formats (graph.export.registry.EXPORTERS); typer wants the default as a list
DEFAULT_FORMAT_LIST = list(DEFAULT_FORMATS)
SITE = "site"  # the static atlas (app.web.site): written by the app's drawing code, alone
FORMAT_CHECK = choice_of((*FORMATS, SITE))
FORMAT_HELP = (f"Any of {', '.join(FORMATS)}; repeat "
               f"(default: all but {', '.join(f for f in FORMATS if f not in DEFAULT_FORMATS)}). "
               f"Or `{SITE}` alone: a static, offline atlas to browse or publish on GitHub Pages.")


def analyze_command(
    seed: int = SeedOption,
    backend: str = typer.Option("auto", help="auto, networkx or igraph (auto: igraph for 1000+ papers)."),
    method: str = typer.Option("auto", help="Clustering: auto (louvain up to 100k papers, else leiden), "
                                            "louvain or leiden (leiden needs igraph)."),
    resolution: float = typer.Option(1.0, help="Louvain/Leiden resolution: higher gives more, smaller clusters."),
    store: Optional[str] = StoreOption,
):
    """Compute centrality, clusters, phenomenon analytics and gaps; store the scores on each paper.

    Example: phenomena analyze --seed 42
    """
    say = lambda message: echo(message, err=True)  # noqa: E731
    with _settings_and_store(store, write=True) as graph_store:
        result = analyze(graph_store, seed=seed, backend=backend, method=method, resolution=resolution, say=say)
    summary = result.summary()
    echo(f"analysed {summary['papers']} papers, {summary['citations']} citations in {summary['seconds']} s: "
               f"{len(result.clusters)} clusters, {len(result.gaps)} catalog-gap suggestions")
    note = gaps_note(result.analysed, result.gaps)  # not result.graph: a NetworkX graph of every paper
    if note:
        typer.echo(f"  {note}")
    for i in range(min(5, len(result.clusters))):
        echo(f"  cluster {i}: {len(result.clusters[i])} papers  {result.label(i) or '-'}")
    echo("scores stored: MATCH (p:Paper) RETURN p.title, p.pagerank ORDER BY p.pagerank DESC LIMIT 10")


def export_command(
    out_dir: Path = typer.Argument(..., help="Folder to write into (created if missing); '-' writes one "
                                             "single-file format (e.g. bibtex, ris, csl-json) to stdout."),
    fmt: list[str] = typer.Option(DEFAULT_FORMAT_LIST, "--format", callback=FORMAT_CHECK, help=FORMAT_HELP),
    cluster: Optional[int] = typer.Option(None, help="Only papers of this cluster (graph files and bibliographies)."),
    phenomenon: Optional[str] = typer.Option(None, help="Only papers about this phenomenon (key or name)."),
    query: Optional[str] = typer.Option(None, "--query", help="Only papers whose key a read-only Cypher query "
                                                              "returns as column `id`."),
    catalog_only: bool = typer.Option(False, "--catalog-only",
                                      help="Only papers in the catalog (default: every paper, seeds and imports too)."),
    bridge: list[str] = typer.Option([], "--bridge", help="A pair 'A,B' of phenomena whose bridge papers head the "
                                                         "phenomena report; repeat."),
    all_tags: bool = typer.Option(False, "--all-tags", help="Phenomenon analytics count weak tags too."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist in the folder."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Recompute the analytics with this seed (default: "
                                                            "the analysis `phenomena analyze` stored, as the app shows)."),
    store: Optional[str] = StoreOption,
):
    """Write the cluster report, GraphML, GEXF, CSV, BibTeX/RIS/CSL-JSON and gap suggestions.

    Graph files and bibliographies hold every paper unless a filter is given.
    `--format library-gaps` lists what your imported library is missing (and writes it as BibTeX).

    Example: phenomena export out/ --format bibtex --format ris

    Example: phenomena export out/ --format report --format bibtex --phenomenon grokking

    Example: phenomena export - --format csl-json > papers.json

    Example: phenomena export atlas-site/ --format site
    """
    if SITE in fmt:
        export_site(out_dir, fmt, force=force, store=store)
        return
    to_stdout = str(out_dir) == "-"
    if to_stdout:
        check_stdout_formats(fmt)
    selection = Selection(cluster=cluster, phenomenon=phenomenon, query=query,
                          in_catalog=True if catalog_only else None)
    pairs = []
    for item in bridge:
        parts = [x.strip() for x in item.split(",")]
        if len(parts) != 2 or not all(parts):
            raise ConfigError(f"--bridge {item!r}: give two phenomena separated by a comma, "
                              "e.g. --bridge grokking,double-descent")
        pairs.append((parts[0], parts[1]))
    with _settings_and_store(store, write=False) as graph_store, tempfile.TemporaryDirectory() as scratch:
        if all_tags and not weak_tags(graph_store):
            echo(WEAK_TAGS_NOTE, err=True)
        target = Path(scratch) / "out" if to_stdout else out_dir
        paths = export(graph_store, target, fmt, selection, seed=seed, bridge_pairs=pairs, all_tags=all_tags,
                       force=force)
        if to_stdout:
            if len(paths) != 1:
                raise click.UsageError(f"--format {fmt[0]} writes {len(paths)} files: give a folder instead of '-'")
            sys.stdout.write(paths[0].read_text(encoding="utf-8"))
            return
    for path in paths:
        echo(str(path))
    echo(f"{len(paths)} files written to {out_dir}", err=True)


def export_site(out_dir: Path, fmt: list[str], *, force: bool, store: str | None) -> None:
    """``--format site``: the whole graph as a static atlas in ``out_dir`` (filters do not apply)."""
    if fmt != [SITE]:
        raise click.UsageError(f"--format {SITE} is written alone: drop the other --format values")
    if str(out_dir) == "-":
        raise click.UsageError(f"--format {SITE} writes a folder of pages: give a folder instead of '-'")
    with _settings_and_store(store, write=False) as graph_store:
        graph = load_graph_model(graph_store)
    paths = write_site(graph, out_dir, force=force)
    pages = sum(1 for p in paths if p.suffix == ".html")
    echo(f"{pages} pages written to {out_dir}: open {Path(out_dir) / 'index.html'} "
         "(offline, or publish the folder on GitHub Pages as it is)", err=True)


# Formats written as several files (a report and its pictures, nodes.csv and edges.csv): never to stdout.
MULTI_FILE_FORMATS = ("report", "phenomena", "csv", "library-gaps")


def check_stdout_formats(formats: list[str]) -> None:
    """``export -`` takes exactly one single-file format; anything else is a usage error (exit 2).

    >>> check_stdout_formats(["csv"])
    Traceback (most recent call last):
    click.exceptions.UsageError: --format csv writes two tables (nodes.csv, edges.csv): give a folder instead of '-', e.g. phenomena export out/ --format csv
    """
    if len(formats) != 1:
        raise click.UsageError("'-' (stdout) takes exactly one --format, e.g. phenomena export - --format bibtex")
    if formats[0] == "csv":
        raise click.UsageError("--format csv writes two tables (nodes.csv, edges.csv): give a folder instead of "
                               "'-', e.g. phenomena export out/ --format csv")
    if formats[0] in MULTI_FILE_FORMATS:
        raise click.UsageError(f"--format {formats[0]} writes several files: give a folder instead of '-', "
                               f"e.g. phenomena export out/ --format {formats[0]}")


def bridges_command(
    a: str = typer.Argument(..., help="A phenomenon (key or name), e.g. grokking."),
    b: str = typer.Argument(..., help="Another phenomenon, e.g. 'double descent'."),
    top: int = typer.Option(10, help="How many papers to list."),
    all_tags: bool = typer.Option(False, "--all-tags", help="Count weak tags too (section-only and the like)."),
    fmt: str = typer.Option("text", "--format", callback=choice_of(("text", "json")),
                            help="text, or json: one object per paper (title, year, paper, method, score, reasons, paths)."),
    store: Optional[str] = StoreOption,
):
    """Papers that bridge two phenomena, best first, with the reason for each.

    Citation flow (betweenness on citation paths) when the graph has citations, shared concepts otherwise.

    Example: phenomena bridges grokking "double descent"

    Example: phenomena bridges grokking "double descent" --format json
    """
    with _settings_and_store(store, write=False) as graph_store:
        if all_tags and not weak_tags(graph_store):
            echo(WEAK_TAGS_NOTE, err=True)
        rows = bridges(graph_store, a, b, top=top, all_tags=all_tags)
    if fmt == "json":
        echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if not rows:
        echo(no_bridge_message(a, b))
    for i, row in enumerate(rows, 1):
        echo(f"{i:2d}. {row['title']} ({row['year'] or 'n.d.'}) [{row['paper']}]")
        echo(f"    {row['method']} {row['score']:.3f}: {'; '.join(row['reasons'])}")
        if row["paths"]:
            echo("    e.g. " + " -> ".join(str(v) for v in row["paths"][0]))
