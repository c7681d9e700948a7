"""Analytics and exports over an open store: what `phenomena analyze` and `phenomena export` run.

:func:`analyze` and :func:`export` take an open store, so the CLI, the app and
tests call the same code (the typer commands live in :mod:`app.cli.analytics_commands`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from graph.analytics.analyze import (
    ANALYTICS_STEPS,
    AnalyticsResult,
    compute_analytics,
    stored_analytics,
    write_analytics,
    write_scores,
)
from graph.analytics.backend import resolve_backend
from graph.analytics.bridge_papers import rank_bridges
from graph.errors import ConfigError
from graph.export.network_formats import GRAPH_FORMATS
from graph.export.registry import DEFAULT_FORMATS, export_all, export_store_graph_files, select_papers, stored_scores
from graph.export.store_columns import is_analysed, read_node_tables
from graph.files import write_staged
from graph.model.graph_model import ALL_CONFIDENCE, DEFAULT_CONFIDENCE, GraphModel
from graph.model.read import load_analytics_model, load_graph_model
from graph.store.base import COLUMN_BATCH

__all__ = ["Selection", "analyze", "export", "stored_result", "bridges", "bridges_in", "phenomenon_key", "weak_tags", "WEAK_TAGS_NOTE",
           "NO_ANALYSIS"]


@dataclass
class Selection:
    """Which papers the graph and bibliography exports cover; every given filter applies (none: every paper)."""

    cluster: int | None = None
    phenomenon: str | None = None        # key or name
    query: str | None = None             # read-only Cypher whose column `id` holds paper keys
    params: dict | None = None
    in_catalog: bool | None = None

    def is_empty(self) -> bool:
        return self.cluster is None and self.phenomenon is None and self.query is None and self.in_catalog is None


def analyze(store, *, seed: int = 42, backend: str = "auto", method: str = "auto",
            resolution: float = 1.0, write: bool = True, say=None, read_batch: int = COLUMN_BATCH,
            write_batch: int | None = None) -> AnalyticsResult:
    """Read the graph, compute every analytic, write the scores back (unless ``write=False``).

    Only what the analytics use is read (:func:`graph.model.read.load_analytics_model`),
    ``read_batch`` rows at a time; scores go back ``write_batch`` papers per transaction (default: the
    store's own, :meth:`~graph.store.base.GraphStore.set_properties`).
    ``result.timings`` has the seconds of the read, of each computing step and of the write-back.
    ``result.model`` is that projection (no abstracts on large graphs, citations without properties; no
    authors on the array path, see :data:`graph.model.read.ARRAY_PATH_UNREAD`).
    """
    from tqdm import tqdm

    say = say or (lambda message: None)
    t0 = time.perf_counter()
    # read, each computing step, write back; disable=None: drawn only on a terminal
    with tqdm(total=len(ANALYTICS_STEPS) + 1 + write, desc="analytics", unit="step", disable=None,
              leave=False) as bar:
        bar.set_postfix_str("reading the graph")
        if write:
            store.ensure_schema()  # adds the analytics properties to a graph made before them
        papers = store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
        model = load_analytics_model(store, batch_size=read_batch,
                                     array_path=resolve_backend(backend, papers) == "igraph")
        bar.update()
        read_s = time.perf_counter() - t0
        say(f"read {len(model.papers)} papers and {len(model.edges['CITES'])} citations in {read_s:.1f} s")

        def step_done(name: str) -> None:
            bar.set_postfix_str(name.replace("_", " "))
            bar.update()

        written: list[str] = []

        def write_early(columns: dict) -> None:  # while a large graph is clustered on the other core
            bar.set_postfix_str("writing scores back while clustering")
            written.extend(write_scores(store, columns, batch_size=write_batch))

        result = compute_analytics(model, seed=seed, backend=backend, method=method, resolution=resolution,
                                   progress=step_done, scores_ready=write_early if write else None)
        result.timings = {"read": read_s, **result.timings}
        if write:
            bar.set_postfix_str("writing scores back")
            t1 = time.perf_counter()
            write_analytics(store, result, batch_size=write_batch, written=written)
            result.timings["write"] = time.perf_counter() - t1
            bar.update()
    return result


def export(store, out_dir: str | Path, formats: tuple[str, ...] | list[str] = DEFAULT_FORMATS,
           selection: Selection | None = None, *, seed: int | None = None, result: AnalyticsResult | None = None,
           bridge_pairs=(), all_tags: bool = False, force: bool = False) -> list[Path]:
    """Write ``formats`` to ``out_dir`` from the analysis ``phenomena analyze`` (or the build) stored
    (:func:`stored_result`): the clusters, labels and scores the app shows, never recomputed; unless
    ``result`` is given, or ``seed`` asks for another seed than the stored one (then recomputed with it).
    ``bridge_pairs`` (``[(a, b)]``, keys or names) head the report's bridge section; ``all_tags`` counts
    weak tags too.  Reports of a graph with no stored analysis are refused in one line (what to run).

    All files land or none; an existing file is kept unless ``force`` (see :func:`graph.files.write_staged`).
    """
    stored_seed = (store.get_meta("analytics") or {}).get("seed")
    use_stored = result is None and (seed is None or seed == stored_seed)
    if use_stored and not all_tags and not bridge_pairs and (selection is None or selection.is_empty()) \
            and all(f in GRAPH_FORMATS for f in formats):
        # graph formats only: the stored scores, nothing derived, written from the store's columns
        store.check_complete()  # a half-written graph: one line, before anything is read
        tables = read_node_tables(store)
        if is_analysed(tables):
            return write_staged(out_dir, lambda staging: export_store_graph_files(store, staging, formats,
                                                                                  tables=tables), force=force)
    model = load_graph_model(store)
    pairs = [(phenomenon_key(model, a), phenomenon_key(model, b)) for a, b in bridge_pairs]
    if result is None and use_stored:
        result = stored_result(model, stored_seed, all_tags=all_tags, formats=formats)
    if result is None:
        result = compute_analytics(model, seed=42 if seed is None else seed,
                                   confidence=ALL_CONFIDENCE if all_tags else DEFAULT_CONFIDENCE)
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
    return write_staged(out_dir, lambda staging: export_all(result, staging, formats, chosen, bridge_pairs=pairs),
                        force=force)


ANALYSIS_FORMATS = ("report", "phenomena")  # what only a stored analysis may fill
NO_ANALYSIS = ("this graph has no stored analysis (clusters, PageRank): run `phenomena analyze` "
               "(or `phenomena build`, which runs it), then export again")


def stored_result(model: GraphModel, seed: int | None, *, all_tags: bool = False,
                  formats=ANALYSIS_FORMATS) -> AnalyticsResult | None:
    """The stored analysis of ``model`` (:func:`graph.analytics.analyze.stored_analytics`); None when
    there is none and no format of ``formats`` needs it, a one-line :class:`ConfigError` when one does."""
    scores = stored_scores(model)
    if scores is None:
        if any(f in ANALYSIS_FORMATS for f in formats):
            raise ConfigError(NO_ANALYSIS)
        return None
    return stored_analytics(model, scores, seed=seed, confidence=ALL_CONFIDENCE if all_tags else DEFAULT_CONFIDENCE)


WEAK_TAGS_NOTE = ("note: this graph has no weak tags (a build keeps only strong and medium evidence as tags), "
                  "so --all-tags changes nothing")


def weak_tags(store) -> int:
    """How many weak tags (ABOUT edges of confidence ``weak``) the graph holds: 0 for any build since
    weak evidence stopped becoming an edge, so ``--all-tags`` matters only for an older graph."""
    found = store.query("MATCH (:Paper)-[r:ABOUT]->(:Phenomenon) WHERE r.confidence = $weak RETURN count(r) AS n",
                        {"weak": "weak"})
    return int(found.rows[0][0]) if found.rows else 0


def bridges(store, a: str, b: str, *, top: int = 10, all_tags: bool = False) -> list[dict]:
    """Bridge papers between phenomena ``a`` and ``b`` (keys or names) in the stored graph: :func:`bridges_in`."""
    return bridges_in(load_graph_model(store), a, b, top=top, all_tags=all_tags)


def bridges_in(model: GraphModel, a: str, b: str, *, top: int = 10, all_tags: bool = False) -> list[dict]:
    """:func:`graph.analytics.bridge_papers.rank_bridges` on the model, strong and medium tags unless ``all_tags``.
    The CLI (``phenomena bridges``), the report and the app's Phenomena page all rank this way."""
    G = model.citation_graph(ALL_CONFIDENCE if all_tags else DEFAULT_CONFIDENCE)
    return rank_bridges(G, phenomenon_key(model, a), phenomenon_key(model, b), top=top,
                        names=model.phenomenon_names)


def phenomenon_key(model: GraphModel, ref: str) -> str:
    """A phenomenon key from a key, a name or a synonym (any case)."""
    wanted = ref.strip().casefold()
    for pid, ph in model.phenomena.items():
        if wanted in {pid.casefold(), (ph.name or "").casefold(), *(s.casefold() for s in ph.synonyms)} \
                or pid.casefold().endswith(":" + wanted):
            return pid
    raise ConfigError(f"no phenomenon {ref!r}: give a key or name such as "
                      f"{', '.join(sorted(model.phenomena)[:4])}")
