"""The build: sources -> records -> store, in one transaction.

Service code: no UI here; the CLI and the app call :func:`run_build` (with
:class:`BuildOptions`), which collects every source (:func:`collect_records`),
runs the checks a build must pass before it writes (the graph would not shrink
unnoticed, the disk can hold it) and writes (:func:`write_build`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import shlex
import shutil
from dataclasses import dataclass, field
from typing import Any, Callable, ContextManager

from app.pipeline.first_page import prepare_first_page
from app.pipeline.sources import Manifest, load_manifest, save_manifest
from app.pipeline.stores import open_store
from app.settings import Settings
from graph.analytics.analyze import compute_analytics
from graph.analytics.networks import build_citation_graph
from graph.analytics.similarity import related_papers
from graph.errors import ConfigError, SourceError, SourceUnreachable, StoreError
from graph.model.identity import paper_key
from graph.model.merge import merge_records
from graph.model.records import GraphRecords, RelatedTo
from graph.redact import redact_url
from graph.store.base import GraphStore
from graph.store.shrink import check_build_shrink
from graph.terminal import terminal_safe
from loaders import assemble
from loaders.catalog import CATALOG_URL, CatalogProblem
from loaders.catalog_files import load_catalog
from loaders.imports import load_import_cached, parse_identifier, prune_parsed
from loaders.s2 import fetch_specter_vectors, load_citations, open_client
from loaders.s2.embeddings import SPECTER_FILE, save_vectors
from loaders.s2.grow import grow_concept, grow_paper
from loaders.seeds import load_seed_papers

__all__ = ["BuildOptions", "BuildOutcome", "BuildReport", "run_build", "collect_records", "write_build",
           "check_disk_space", "count_papers", "total_rows", "catalog_parse_command"]

Say = Callable[[str], None]
ProgressBar = Callable[[int], ContextManager[Any]]  # total rows -> a bar with ``update(rows)`` (e.g. tqdm)


def print_safe(message: str) -> None:
    """The default ``say``: a message (it may quote outside text) without control characters."""
    print(terminal_safe(message))


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
                    hops: int = 1, say: Say = print_safe, manifest=None,
                    s2_options: dict | None = None,
                    specter: bool = False) -> tuple[GraphRecords, BuildReport]:
    """Every source read into one ``GraphRecords``; nothing written yet.

    ``specter``: also fetch the catalog papers' SPECTER v2 vectors (into ``report.specter``).

    ``manifest`` (see :mod:`app.pipeline.sources`): the sources to replay; default the saved one.
    ``s2_options``: for :class:`loaders.s2.S2Client` (``max_wait``, ``deadline``); one client deadline
    covers the grows, the other covering the citations.
    """
    s2_options = dict(s2_options or {})
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
    _add_grows(settings, manifest, records, report, offline=offline, say=say, s2_options=s2_options)

    if citations:
        _add_citations(settings, records, report, offline=offline, refresh=refresh, s2_options=s2_options,
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
    result = compute_analytics(records, seed=seed)
    for paper_id, scores in result.scores.items():
        paper = records.papers.get(paper_id)
        if paper is not None:
            for name in ("pagerank", "betweenness", "catalog_citations", "cluster", "cluster_label"):
                setattr(paper, name, scores.get(name))
    return result.summary()


def _add_imports(settings: Settings, manifest, records: GraphRecords, report: BuildReport) -> None:
    """Replay the user's imported files (see :mod:`app.pipeline.sources`)."""
    folder, parsed = settings.home / "imports", settings.cache_dir / "parsed-imports"
    for item in manifest.imports:
        try:
            # parsed once: later builds read the records back from Arrow (seconds, not a 25 s parse)
            load = load_import_cached(folder / item.name, parsed)
        except SourceError as err:  # e.g. recorded by an older version that copied anything: skipped
            report.messages.append(f"import {item.name}: skipped ({err})")
            continue
        merge_records(records, load.records)
        report.sources[f"import:{item.name}"] = item.added_at
        report.messages.extend(f"import {item.name}: {problem}" for problem in load.problems)
    prune_parsed(parsed, [folder / item.name for item in manifest.imports])  # older readers' and gone files' records


def _add_grows(settings: Settings, manifest, records: GraphRecords, report: BuildReport, *, offline: bool,
               say: Say, s2_options: dict | None = None) -> None:
    """Replay every grow request (cached answers make this free after the first time)."""
    grows = manifest.grows
    if not grows:
        return
    with open_client(settings, offline=offline, **(s2_options or {})) as client:
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
            for line in result.skipped[:5]:
                say(f"{label}: {line}")
            report.sources[label] = request.added_at
            report.grows.append({"request": label, "added": len(set(result.added)),
                                 "rejected": [list(r) for r in result.rejected], "message": result.summary()})


def _add_local_related(records: GraphRecords, paper_ref: str, top: int = 10) -> int:
    """Offline: related papers from the graph itself (co-citation, coupling, shared concepts)."""
    ref = parse_identifier(paper_ref)
    key = ref.id if ref is not None else paper_key(title=paper_ref)
    if key not in records.papers:
        return 0
    found = related_papers(build_citation_graph(records), key, top=top)
    for related in found:
        records.add_edge(RelatedTo(key, related.paper, related.origin, related.score))
    return len(found)


def _add_citations(settings: Settings, records: GraphRecords, report: BuildReport, *, offline: bool,
                   refresh: bool, neighbourhood_cap: int, say: Say, hops: int = 1,
                   s2_options: dict | None = None) -> None:
    """Semantic Scholar metadata and citation edges, merged in place; offline: the cache only."""
    load = load_citations(settings, records, refresh=refresh, offline=offline,
                          neighbourhood_cap=neighbourhood_cap or settings.s2_neighbourhood_cap, hops=hops,
                          **(s2_options or {}))
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
    try:
        return store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0]
    except StoreError:
        return 0


def total_rows(records: GraphRecords) -> int:
    """Rows a write reports through its progress callback (one per node and edge)."""
    return sum(records.counts().values())


@dataclass(frozen=True)
class BuildOptions:
    """What a build reads and how: the options of ``phenomena build`` (and of the builds that
    ``import`` and ``grow`` run).

    ``neighbourhood_cap``: papers outside the catalog to add (0: ``S2_NEIGHBOURHOOD_CAP``), ``hops`` 1 or 2;
    ``force``: write even if the graph would shrink; ``manifest``: the user's sources to replay
    (None: the saved ones), saved once the build succeeded; ``s2_options``: for the Semantic Scholar
    client (``max_wait`` on a Retry-After, ``deadline`` of all its requests; see :class:`loaders.s2.S2Client`).
    """

    catalog: str | None = None
    offline: bool = False
    citations: bool = True
    refresh: bool = False
    neighbourhood_cap: int = 0
    hops: int = 1
    s2_options: dict | None = None
    force: bool = False
    manifest: Manifest | None = None
    specter: bool = False  # also fetch SPECTER v2 vectors of the catalog papers (saved beside the graph)

    def check(self, settings: Settings) -> None:
        """One-line errors for options that cannot go together (before anything is read)."""
        if self.hops not in (1, 2):
            raise ConfigError(f"--hops {self.hops} is not 1 or 2: write e.g. --neighbourhood 1000 --hops 2")
        if self.hops == 2 and not (self.neighbourhood_cap or settings.s2_neighbourhood_cap):
            raise ConfigError("--hops 2 grows the 1-hop neighbourhood, which is off: add --neighbourhood N "
                              "(e.g. --neighbourhood 1000 --hops 2) or set S2_NEIGHBOURHOOD_CAP")


@dataclass
class BuildOutcome:
    """A finished build: what was read (``report``), what the store now holds, and where it is."""

    report: BuildReport
    counts: dict[str, int]
    location: str
    options: BuildOptions

    def lines(self) -> list[str]:
        """The summary a build prints: where the graph went, its counts, and what needs attention."""
        report = self.report
        out = [f"graph written to {self.location}", "  " + ", ".join(f"{k}: {v}" for k, v in self.counts.items())]
        if report.problems:
            command = catalog_parse_command(self.options.catalog, self.options.offline)
            out.append(f"  catalog: {len(report.problems)} lines need attention (see each line: `{command}`)")
        if report.unresolved:
            out.append(f"  semantic scholar: {len(report.unresolved)} papers unresolved "
                       "(saved with the graph: MATCH (m:AtlasMeta {id: 'unresolved'}) RETURN m.value)")
        return out


def run_build(settings: Settings, options: BuildOptions, *, say: Say = print_safe,
              progress: ProgressBar | None = None) -> BuildOutcome:
    """Collect every source, check, and write the graph in one transaction; the manifest is saved after.

    A build that would lose over 20% of the papers, or whose catalog parsed to almost nothing,
    stops before writing unless ``options.force`` (see :mod:`graph.store.shrink`); so does one the
    disk cannot hold (:func:`check_disk_space`).  ``say`` gets the messages of the sources as they
    come; ``progress(total_rows)`` opens the write's progress bar.
    """
    options.check(settings)
    records, report = collect_records(settings, catalog=options.catalog, offline=options.offline,
                                      citations=options.citations, refresh=options.refresh,
                                      neighbourhood_cap=options.neighbourhood_cap, hops=options.hops, say=say,
                                      manifest=options.manifest, s2_options=options.s2_options, specter=options.specter)
    origin = redact_url(str(options.catalog or report.catalog_origin))
    papers = report.counts.get("Paper", 0)
    check_build_shrink(0, papers, catalog_entries=report.catalog_entries, origin=origin, force=options.force)
    check_disk_space(settings)
    with open_store(settings, write=True) as graph_store:
        check_build_shrink(count_papers(graph_store), papers, catalog_entries=report.catalog_entries,
                           origin=origin, force=options.force)
        with (progress or _no_bar)(total_rows(records)) as bar:
            write_build(graph_store, records, report, progress=bar.update)
        if getattr(graph_store, "write_path", None):  # Neo4j: the offline importer or batched transactions
            say(f"Neo4j write: {graph_store.write_path}")
        counts = graph_store.counts()
    if report.specter:  # beside the graph, only once the graph is written
        save_vectors(settings.home / SPECTER_FILE, report.specter)
    prepare_first_page(settings, counts.get("Paper", 0))  # the app's first page reads them ready-made
    if options.manifest is not None:
        save_manifest(settings.home, options.manifest)  # recorded only once the build succeeded
    where = settings.embedded_path if settings.store == "embedded" else settings.neo4j_uri
    return BuildOutcome(report, counts, f"{settings.store} store at {where}", options)


class _Silent:
    def update(self, rows: int) -> None:
        pass


@contextlib.contextmanager
def _no_bar(total: int):
    yield _Silent()


def catalog_parse_command(catalog: str | None, offline: bool = False) -> str:
    """The `phenomena catalog parse` command line that shows the problems of the catalog a build read.

    >>> catalog_parse_command(None, offline=True)
    'phenomena catalog parse https://raw.githubusercontent.com/MinghuiChen43/awesome-deep-phenomena/master/README.md --json - --offline'
    """
    return f"phenomena catalog parse {shlex.quote(catalog or CATALOG_URL)} --json -" + (" --offline" if offline else "")
