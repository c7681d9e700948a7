"""The build: sources -> records -> store, in one transaction.

Service code: no UI here; the CLI and the app call :func:`build_graph`.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Callable

from app.settings import Settings
from graph.model.records import GraphRecords
from graph.redact import redact_url
from graph.store.base import GraphStore
from loaders import assemble
from loaders.catalog import CatalogProblem
from loaders.catalog_files import load_catalog

Say = Callable[[str], None]


@dataclass
class BuildReport:
    counts: dict[str, int]
    catalog_origin: str
    problems: list[CatalogProblem] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    s2_requests: int = 0
    citations: dict = field(default_factory=lambda: {"status": "skipped"})
    analytics: dict = field(default_factory=dict)
    grows: list[dict] = field(default_factory=list)
    catalog_entries: int = 0
    specter: dict = field(default_factory=dict)  # paper id -> SPECTER v2 vector (build --specter)


def collect_records(settings: Settings, *, catalog: str | None = None, offline: bool = False,
                    citations: bool = True, refresh: bool = False, neighbourhood_cap: int = 0,
                    hops: int = 1, say: Say = print, manifest=None,
                    specter: bool = False) -> tuple[GraphRecords, BuildReport]:
    """Every source read into one ``GraphRecords``; nothing written yet.

    ``specter``: also fetch the catalog papers' SPECTER v2 vectors (into ``report.specter``).

    ``manifest`` (see :mod:`app.pipeline.sources`): the sources to replay; default the saved one.
    """
    from app.pipeline.sources import load_manifest
    from loaders.seeds import load_seed_papers

    if manifest is None:
        manifest = load_manifest(settings.home)
    loaded = load_catalog(catalog, offline=offline, url=settings.catalog_url)
    report = BuildReport(counts={}, catalog_origin=loaded.origin, problems=list(loaded.problems),
                         catalog_entries=len(loaded.entries))
    report.sources["catalog"] = loaded.origin
    if loaded.message:
        report.messages.append(loaded.message)
        say(loaded.message)

    records = GraphRecords()
    assemble.add_phenomena(records)
    assemble.add_catalog_entries(records, loaded.entries)
    seeds, seed_problems = load_seed_papers()
    assemble.add_seed_papers(records, seeds)
    for problem in seed_problems:
        report.messages.append(f"seed list: {problem}")
    _add_imports(settings, manifest, records, report)
    _add_grows(settings, manifest, records, report, offline=offline, say=say)

    if citations:
        _add_citations(settings, records, report, offline=offline, refresh=refresh,
                       neighbourhood_cap=neighbourhood_cap, hops=hops, say=say)
        if specter and report.sources.get("semantic_scholar") not in ("offline", "unreachable"):
            _add_specter(settings, records, report, refresh=refresh, say=say)
    else:
        report.sources["semantic_scholar"] = "skipped"
    report.analytics = _add_analytics(records)
    report.counts = records.counts()
    return records, report


def _add_analytics(records: GraphRecords, seed: int = 42) -> dict:
    """Centrality and clusters onto the paper records, so they land in the same write."""
    from graph.analytics.analyze import compute_analytics

    result = compute_analytics(records, seed=seed)
    for paper_id, scores in result.scores.items():
        paper = records.papers.get(paper_id)
        if paper is not None:
            for name in ("pagerank", "betweenness", "catalog_citations", "cluster", "cluster_label"):
                setattr(paper, name, scores.get(name))
    return result.summary()


def _add_imports(settings: Settings, manifest, records: GraphRecords, report: BuildReport) -> None:
    """Replay the user's imported files (see :mod:`app.pipeline.sources`)."""
    from graph.model.merge import merge_records
    from loaders.imports import load_import_file

    for item in manifest.imports:
        load = load_import_file(settings.home / "imports" / item.name)
        merge_records(records, load.records)
        report.sources[f"import:{item.name}"] = item.added_at
        report.messages.extend(f"import {item.name}: {problem}" for problem in load.problems)


def _add_grows(settings: Settings, manifest, records: GraphRecords, report: BuildReport, *, offline: bool,
               say: Say) -> None:
    """Replay every grow request (cached answers make this free after the first time)."""
    from graph.errors import SourceError, SourceUnreachable
    from graph.model.merge import merge_records
    from loaders.s2 import open_client
    from loaders.s2.grow import grow_concept, grow_paper

    grows = manifest.grows
    if not grows:
        return
    with open_client(settings, offline=offline) as client:
        for request in grows:
            label = f"grow {request.kind} {request.value!r}"
            try:
                if request.kind == "concept":
                    result = grow_concept(client, request.value, limit=request.limit)
                else:
                    result = grow_paper(client, request.value, limit=request.limit)
            except SourceUnreachable:
                message = f"{label}: Semantic Scholar unreachable; kept, it runs again on the next online build"
                if request.kind == "paper":
                    message += f" ({_add_local_related(records, request.value)} related papers found in the graph)"
                report.grows.append({"request": label, "added": 0, "rejected": [], "message": message})
                say(message)
                continue
            except SourceError as err:
                report.grows.append({"request": label, "added": 0, "rejected": [], "message": str(err)})
                say(f"{label}: {err}")
                continue
            merge_records(records, result.records)
            report.sources[label] = request.added_at
            report.grows.append({"request": label, "added": len(set(result.added)),
                                 "rejected": [list(r) for r in result.rejected], "message": result.summary()})


def _add_local_related(records: GraphRecords, paper_ref: str, top: int = 10) -> int:
    """Offline: related papers from the graph itself (co-citation, coupling, shared concepts)."""
    from graph.model.identity import paper_key
    from graph.analytics.networks import build_citation_graph
    from graph.model.records import RelatedTo
    from graph.analytics.similarity import related_papers
    from loaders.imports import parse_identifier

    ref = parse_identifier(paper_ref)
    key = ref.id if ref is not None else paper_key(title=paper_ref)
    if key not in records.papers:
        return 0
    found = related_papers(build_citation_graph(records), key, top=top)
    for related in found:
        records.add_edge(RelatedTo(key, related.paper, related.origin, related.score))
    return len(found)


def _add_citations(settings: Settings, records: GraphRecords, report: BuildReport, *, offline: bool,
                   refresh: bool, neighbourhood_cap: int, say: Say, hops: int = 1) -> None:
    """Semantic Scholar metadata and citation edges, merged in place; offline: the cache only."""
    from loaders.s2 import load_citations

    load = load_citations(settings, records, refresh=refresh, offline=offline,
                          neighbourhood_cap=neighbourhood_cap or settings.s2_neighbourhood_cap, hops=hops)
    report.citations = load.meta()
    if load.message:
        report.messages.append(load.message)
        say(load.message)
    if load.fetch is None:
        report.sources["semantic_scholar"] = "offline" if offline else "unreachable"
        return
    assemble.link_abstract_phenomena(records)
    report.unresolved = list(load.fetch.unresolved)
    report.s2_requests = load.fetch.requests_made
    report.sources["semantic_scholar"] = load.meta()["status"]


def _add_specter(settings: Settings, records: GraphRecords, report: BuildReport, *, refresh: bool, say: Say) -> None:
    """SPECTER v2 vectors of the catalog papers (cached like every S2 answer); a failure is one line."""
    # local like _add_citations' import: the S2 adapter (httpx, tenacity) loads only when a build asks for it
    from graph.errors import SourceError
    from loaders.s2 import fetch_specter_vectors, open_client

    papers = [p for p in records.papers.values() if p.in_catalog]
    try:
        with open_client(settings, refresh=refresh) as client:
            report.specter, missing = fetch_specter_vectors(client, papers)
    except SourceError as err:
        message = f"SPECTER v2 vectors not fetched ({err}): related papers use text similarity alone"
    else:
        message = f"SPECTER v2 vectors: {len(report.specter)} of {len(papers)} catalog papers"
    report.messages.append(message)
    say(message)


def write_build(store: GraphStore, records: GraphRecords, report: BuildReport,
                progress: Callable[[int], None] | None = None) -> None:
    """All records and the build's metadata, in one transaction (a large Neo4j write: in batches, marked
    half-built until the last one lands; see :mod:`graph.store.neo4j.batched`)."""
    meta = {
        "build": {
            "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "sources": report.sources,
            "counts": report.counts,
            "catalog_problems": len(report.problems),
            "messages": report.messages,
            "citations": report.citations,
        },
        "analytics": report.analytics,
        "unresolved": [{"paper": pid, "reason": reason} for pid, reason in report.unresolved],
        "catalog_problems": [{"line": p.line, "message": p.message} for p in report.problems],
    }
    # Readable from the console: no user:password of any URL (S2_API_URL, a catalog URL) goes in.
    meta = json.loads(redact_url(json.dumps(meta, default=str)))
    store.write(records, meta=meta, progress=progress, prune=True)


MIN_FREE_MB = 64


def check_disk_space(settings: Settings) -> None:
    """Stop before writing when the disk cannot hold the embedded graph twice (old and new)
    plus a margin: LadybugDB aborts the process when a write finds the disk full."""
    import shutil

    from graph.errors import ConfigError

    if settings.store != "embedded":
        return
    folder = settings.home
    folder.mkdir(parents=True, exist_ok=True)
    path = settings.embedded_path
    have = path.stat().st_size if path.exists() else 0
    need = MIN_FREE_MB * 2**20 + 2 * have
    free = shutil.disk_usage(folder).free
    if free < need:
        raise ConfigError(f"only {free / 2**20:.0f} MB free in {folder}, a build needs about {need / 2**20:.0f} MB: "
                          "free some space or set PHENOMENA_HOME to another disk; nothing was changed")


def count_papers(store: GraphStore) -> int:
    """Papers in the store now (0 for a new or unreadable one): what a build would replace."""
    from graph.errors import StoreError

    try:
        return store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
    except StoreError:
        return 0


def total_rows(records: GraphRecords) -> int:
    """Rows a write reports through its progress callback (one per node and edge)."""
    return sum(records.counts().values())
