"""`phenomena seedmap` and `phenomena paths`: the app's Seed map and Paths pages on the command line."""
from __future__ import annotations

import json
from typing import Optional

import typer

from app.cli.analytics_commands import StoreOption, choice_of
from app.cli.output import echo
from app.pipeline.stores import open_store
from app.settings import load_settings
from app.web import services
from graph.analytics.paths import DEFAULT_PATHS, no_path_message, path_through
from graph.analytics.seed_map import DEFAULT_SIZE
from graph.errors import ConfigError
from graph.model.read import load_graph_model
from graph.words import author_year

__all__ = ["seedmap_command", "paths_command"]

FormatOption = typer.Option("text", "--format", callback=choice_of(("text", "json")), help="text, or json.")


def _model(store: str | None):
    settings = load_settings().with_store(store)
    with open_store(settings, write=False) as graph_store:
        return settings, load_graph_model(graph_store)


def _label(model, key: str) -> str:
    authors = model.paper_authors.get(key)
    return author_year(model.name(authors[0]) if authors else None, model.papers[key].year) or "n.d."


def seedmap_command(
    papers: list[str] = typer.Argument(..., help="One or several seed papers: key, arXiv id, DOI or exact title."),
    size: int = typer.Option(DEFAULT_SIZE, "--size", help="How many similar papers the map holds (1 to 100)."),
    fmt: str = FormatOption,
    store: Optional[str] = StoreOption,
):
    """The papers most similar to the seeds (Connected Papers' map), best first, with the reasons for each;
    with citations, the map's prior works (cited by most of it) and derivative works (citing most of it).

    Example: phenomena seedmap 2201.02177

    Example: phenomena seedmap 2201.02177 1912.02292 --size 30 --format json
    """
    settings, model = _model(store)
    seeds = []
    for ref in papers:
        key = services.resolve_paper(model, ref)
        if key is None:
            raise ConfigError(f"paper {ref!r} is not in the graph: grow the graph around it first "
                              f"(phenomena grow --paper {ref}) or give a key, arXiv id, DOI or exact title")
        seeds.append(key)
    m = services.seed_map(model, seeds, size=size, embeddings=services.read_specter(settings.home) or None)
    labels = {k: _label(model, k) for k in m.nodes}
    rows = services.seed_map_rows(model, m, labels)
    prior, derivative = services.outside_rows(model, m.prior), services.outside_rows(model, m.derivative)
    if fmt == "json":
        echo(json.dumps({"seeds": m.seeds, "size_by": m.size_by, "papers": rows, "prior_works": prior,
                         "derivative_works": derivative,
                         "links": [{"source": u, "target": v, "score": s} for u, v, s in m.links]},
                        ensure_ascii=False, indent=1, default=str))
        return
    signals = "text and shared concepts" + (", co-citation, coupling and citations" if model.cites else "")
    echo(f"{len(m.papers)} papers most similar to {', '.join(labels[s] for s in m.seeds)} by {signals} "
         f"(size: {m.size_by})")
    for row in rows:
        if row["seed"]:
            echo(f" seed {row['label']}: {row['title']} [{row['id']}]")
            continue
        echo(f"{row['rank']:>4}. {row['label']}: {row['title']} [{row['id']}] {row['score']:.3f}")
        echo(f"      {'; '.join(row['reasons'])}")
    for title, works in (("Prior works (cited by most of the map)", prior),
                         ("Derivative works (citing most of the map)", derivative)):
        if works:
            echo(title + ":")
            for w in works:
                echo(f"  {w['title']} ({w['year'] or 'n.d.'}) [{w['id']}]: {w['count']} papers of the map")
    if not model.cites:
        echo("No citations in this graph: prior and derivative works need them (phenomena build, online).")


def paths_command(
    a: str = typer.Argument(..., help="A paper (key, arXiv id, DOI or exact title) or a phenomenon (key or name)."),
    b: str = typer.Argument(..., help="Another paper or phenomenon."),
    top: int = typer.Option(DEFAULT_PATHS, "--top", help="How many paths to show."),
    fmt: str = FormatOption,
    store: Optional[str] = StoreOption,
):
    """The shortest paths connecting two papers or two phenomena, each step with its reason: through
    citations first, then through shared phenomena, keywords, authors and related papers.

    Example: phenomena paths grokking "double descent"

    Example: phenomena paths 2201.02177 1912.02292 --top 5 --format json
    """
    _, model = _model(store)
    found = services.paths_between(model, a, b, k=top)
    if fmt == "json":
        echo(json.dumps({"a": found.a, "b": found.b, "via": found.via,
                         "paths": [{"through": tier, "steps": [s.__dict__ for s in path]}
                                   for path, tier in zip(found.paths, found.tiers)]},
                        ensure_ascii=False, indent=1))
        return
    if not found.paths:
        echo(no_path_message(model.name(found.a), model.name(found.b)))
        return
    for i, (path, tier) in enumerate(zip(found.paths, found.tiers), 1):
        echo(f"Path {i} ({len(path)} step{'s' if len(path) > 1 else ''}, through {path_through(path, tier)}):")
        for j, step in enumerate(path, 1):
            echo(f"  {j}. {step.reason}")
