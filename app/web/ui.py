"""Streamlit glue shared by the pages: cached reads, the store's lifetime, one-line errors.

The embedded LadybugDB file may be rewritten by `phenomena build` in another
process.  Measured with ladybug 0.22: a read-only handle takes no lock (a build can
open the file for writing while the app reads), but a handle kept open keeps
seeing the old data.  So each read opens the store read-only, reads, and closes;
results are cached under the file's modification time and size, so a new build
is picked up on the next rerun and an unchanged graph costs no reopen.
"""
from __future__ import annotations

import hashlib
from typing import Any, Callable, NoReturn, TypeVar

import streamlit as st

from app import pipeline
from app.pipeline import QueryRun
from app.pipeline.first_page import keep_first_page, load_model
from app.pipeline.stores import open_store
from app.pipeline.stores import version_key as graph_version
from app.settings import Settings, load_settings
from app.web import graphview, services, style
from app.web.timeview import time_axis_vis_data
from graph.drawing.timeline import replay
from graph.errors import AtlasError
from graph.model.graph_model import GraphModel
from graph.safe_text import html_text, md_block, md_message, md_text
from graph.store.base import GraphStore
from graph.words import plural
from queries import SavedQuery

T = TypeVar("T")
CACHE_TTL_S = 60  # bounds staleness on Neo4j, whose version key cannot see changes

HOME, GRAPH, PAPER, CYPHER = "views/home.py", "views/graph.py", "views/paper.py", "views/cypher.py"
PHENOMENA, CLUSTERS, LIBRARY = "views/phenomena.py", "views/clusters.py", "views/library.py"
TIMELINE = "views/timeline.py"


def short_title(title: str | None, limit: int = 60) -> str:
    """``title`` cut at a word before ``limit`` characters, with an ellipsis (links in half-width columns).

    >>> short_title("PHEW: Constructing Sparse Networks that Learn Fast and Generalize Well without Training Data")
    'PHEW: Constructing Sparse Networks that Learn Fast and…'
    >>> short_title("Grokking")
    'Grokking'
    """
    text = (title or "").strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,:;-")
    return (cut or text[:limit]) + "…"


def stop_with(err: Exception) -> NoReturn:
    """Show the error's one-line message and end this run of the page."""
    st.error(md_message(str(err)), icon=":material/error:")  # errors can echo data: shown as text
    st.stop()


def settings() -> Settings:
    return load_settings()


def version() -> str:
    """The graph's version key; stops the page with one line when there is no graph."""
    try:
        return _version_key()
    except AtlasError as err:
        stop_with(err)


def _version_key() -> str:
    return graph_version(settings())


def warm_up() -> None:
    """Read the graph model and its offline similarity links into the shared cache before a page asks
    (the server process does this at start: :mod:`app.web.serve`).  Silent: a page shows any error."""
    try:
        key = _version_key()
        graph = _paper_graph(key)
        services.list_papers(graph)  # kept on the model: the neighbourhood filter's titles
        keep_first_page(settings(), key, graph)  # its similarity links (the RELATED_TO links) and a snapshot
    except Exception:  # no graph yet, a store that does not open, …: the page will say it in one line
        return


def with_store(read: Callable[[GraphStore], T]) -> T:
    """Open the configured store read-only, run ``read``, close it."""
    with open_store(settings(), write=False) as store:
        return read(store)


def guarded(fn: Callable[..., T], *args: Any) -> T:
    """Call ``fn``; an AtlasError becomes one line on the page instead of a traceback."""
    try:
        return fn(*args)
    except AtlasError as err:
        stop_with(err)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=8)
def _summary(version_key: str) -> services.GraphSummary:
    return with_store(services.load_summary)


@st.cache_resource(ttl=CACHE_TTL_S, show_spinner=False, max_entries=2)
def _paper_graph(version_key: str) -> GraphModel:
    """The one graph model, shared by every page and session (read-only: never modified)."""
    return load_model(settings(), version_key)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=64)
def _paper(version_key: str, paper_id: str) -> services.PaperDetail | None:
    return services.paper_detail(_paper_graph(version_key), paper_id)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=64)
def _related(version_key: str, paper_id: str) -> list[dict[str, Any]]:
    return services.related_papers(_paper_graph(version_key), paper_id, embeddings=_specter(version_key))


@st.cache_resource(ttl=CACHE_TTL_S, show_spinner=False, max_entries=2)
def _specter(version_key: str) -> dict:
    """SPECTER v2 vectors saved beside the graph by `phenomena build --specter` ({} without them)."""
    return services.read_specter(settings().home)


# A resource, not data: a 2,000-paper drawing is ~1.5 MB that a copy per rerun would slow every click.
# Readers never modify it (an expansion builds a new view).
@st.cache_resource(ttl=CACHE_TTL_S, show_spinner=False, max_entries=32)
def _graph_data(version_key: str, options: dict[str, Any]) -> tuple[dict, services.GraphView, list, str]:
    return graphview.view_data(_paper_graph(version_key), options)


def summary() -> services.GraphSummary:
    """Counts, the last build and the phenomena with their sizes (the landing page)."""
    return guarded(_summary, version())


def paper_graph() -> GraphModel:
    return guarded(_paper_graph, version())


def paper(paper_id: str) -> services.PaperDetail | None:
    return guarded(_paper, version(), paper_id)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner="Preparing the files…", max_entries=8)
def _export_files(version_key: str, formats: tuple[str, ...], cluster: int | None) -> dict[str, bytes]:
    return with_store(lambda store: services.export_files(store, list(formats), cluster=cluster))


def export_files(formats: list[str], cluster: int | None) -> dict[str, bytes]:
    return guarded(_export_files, version(), tuple(formats), cluster)


def related(paper_id: str) -> list[dict[str, Any]]:
    return guarded(_related, version(), paper_id)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=4)
def _library(version_key: str) -> services.LibraryReport:
    return services.load_library(_paper_graph(version_key))


def library() -> services.LibraryReport:
    """The user's library and what it is missing (empty report without a library)."""
    return guarded(_library, version())


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=4)
def _start_lists(version_key: str) -> services.StartLists:
    return services.load_start_lists(_paper_graph(version_key))


def start_lists() -> services.StartLists:
    """Most central and most recent papers, for the Paper page before a paper is chosen."""
    return guarded(_start_lists, version())


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=32)
def _bridges(version_key: str, a: str, b: str, all_tags: bool) -> list[dict[str, Any]]:
    return services.bridge_papers(_paper_graph(version_key), a, b, all_tags=all_tags)


def bridges(a: str, b: str, all_tags: bool = False) -> list[dict[str, Any]]:
    """Bridge papers between two phenomena (the CLI's and the report's ranking)."""
    return guarded(_bridges, version(), a, b, all_tags)


def phenomenon_links() -> list[dict[str, Any]]:
    """The phenomenon hierarchy (BROADER links) by name."""
    return services.phenomenon_links(paper_graph())


def graph_data(*, phenomenon: str | None = None, in_catalog_only: bool = False,
               years: tuple[int, int] | None = None, top_n: int = services.DEFAULT_TOP_N,
               highlight: list[str] = (), colour_by: str = "phenomenon",
               size_by: str = "links", only: list[str] | None = None, cluster: int | None = None,
               source: str | None = None, expand: list[str] = (), layers: tuple[str, ...] | None = None,
               edge_kinds: tuple[str, ...] = graphview.EDGE_KINDS,
               ) -> tuple[dict, services.GraphView, list[tuple[str, str]], str, str]:
    """The drawing's vis data, the view, its colour legend as (label, colour) pairs, its summary line and a key.

    ``layers``: the node kinds of the multi-layer drawing (None: papers only, grouped by phenomenon).
    The key names the view without its expansions: the component redraws only when it changes.
    """
    options = dict(phenomenon=phenomenon, in_catalog_only=in_catalog_only, years=years, top_n=top_n,
                   highlight=tuple(highlight), colour_by=colour_by, size_by=size_by,
                   only=None if only is None else tuple(sorted(only)), cluster=cluster, source=source,
                   layers=None if layers is None else tuple(layers), edge_kinds=tuple(edge_kinds))
    key = hashlib.sha1(repr(sorted(options.items())).encode()).hexdigest()[:12]
    data, view, legend, summary = guarded(_graph_data, version(), {**options, "expand": tuple(expand)})
    return data, view, legend, summary, f"{version()}|{key}"


@st.cache_resource(ttl=CACHE_TTL_S, show_spinner=False, max_entries=16)
def _time_axis(version_key: str, options: dict[str, Any]) -> services.TimeAxisView:
    return services.time_axis(_paper_graph(version_key), **options)


def time_axis_data(*, upto: int | None = None, **options: Any) -> tuple[dict, services.TimeAxisView, str]:
    """The Time axis page's vis data as it stood at the end of ``upto`` (None: everything), the whole view,
    and a key naming the view without ``upto`` (a year slider updates the drawing in place)."""
    view = guarded(_time_axis, version(), options)
    cut = replay(view.axis, upto)
    graph = paper_graph()
    data = time_axis_vis_data(cut, style.phenomenon_colours(graph.phenomenon_names), view.colour_of,
                              graphview.short_labels(graph, [p.id for p in cut.points]), titles=view.titles,
                              hub_names=view.names)
    key = hashlib.sha1(repr(sorted(options.items())).encode()).hexdigest()[:12]
    return data, view, f"timeline|{version()}|{key}"


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False, max_entries=64)
def _node(version_key: str, node_id: str) -> services.NodeDetail | None:
    return services.node_detail(_paper_graph(version_key), node_id)


def node(node_id: str) -> services.NodeDetail | None:
    """A phenomenon, keyword or author shown in a drawing; None for a paper or an unknown key."""
    return guarded(_node, version(), node_id)


def grow_panel(key: str, paper_id: str | None = None) -> None:
    """Grow the graph from the app: around a concept, or around ``paper_id``; progress shown live."""
    with st.expander("Grow the graph from Semantic Scholar", expanded=False):
        kinds = ["paper", "concept"] if paper_id else ["concept", "paper"]
        kind = st.radio("Around", kinds, horizontal=True, key=f"{key}_grow_kind")
        if kind == "concept":
            value = st.text_input("Concept", key=f"{key}_grow_concept", placeholder="e.g. simplicity bias")
        else:
            value = st.text_input("Paper (arXiv id or DOI)", value=_arxiv_of(paper_id), key=f"{key}_grow_paper")
        limit = st.number_input("At most (hits, or edges per direction)", 1, 1000, 50, key=f"{key}_grow_limit")
        st.caption("Search hits join only when their title or abstract discusses the concept. "
                   "The request is kept and replayed by every build.")
        if st.button("Grow", key=f"{key}_grow_go", disabled=not (value or "").strip()):
            with st.status(f"Growing around {kind} “{md_text(value)}”…", expanded=True) as status:
                last = st.empty()
                lines: list[str] = []

                def show(line: str) -> None:
                    lines.append(line)
                    last.code("\n".join(lines[-12:]), language=None)

                code = services.run_grow(settings(), kind, value.strip(), int(limit), show)
                status.update(label="Done: the graph was rebuilt" if code == 0 else "Failed (see the last line)",
                              state="complete" if code == 0 else "error")
            if code == 0:
                st.cache_data.clear()
                _graph_data.clear()


def _arxiv_of(paper_id: str | None) -> str:
    return paper_id.split(":", 1)[1] if paper_id and paper_id.startswith(("arxiv:", "doi:")) else (paper_id or "")


def run_query(text: str, params: dict[str, Any], limit: int, timeout_s: float,
              saved: SavedQuery | None = None) -> QueryRun:
    """Never cached: a console query runs when asked, read-only (:func:`app.pipeline.run_query`; free
    text's empty result explained by the edges it matches on).  Raises AtlasError for the page to show."""
    version()  # a missing graph stops here with its one line
    return pipeline.run_query(settings(), text, params, saved=saved, limit=limit, timeout_s=timeout_s,
                              needs=None if saved is not None else services.needs_of(text))


def bind_to_url(key: str, param: str, valid: Callable[[str], bool], default: Any = None,
                convert: Callable[[str], Any] = str) -> str | None:
    """Before a widget keyed ``key``: let the URL's ``?param=`` choose its value when the URL changed.

    A link (or the address bar) may set the parameter; the widget keeps its own value
    otherwise.  Call :func:`update_url` with the widget's value after it.  Returns the URL's value.
    """
    wanted = st.query_params.get(param)
    seen = f"_url:{key}"
    if key not in st.session_state or st.session_state.get(seen) != wanted:
        st.session_state[key] = convert(wanted) if wanted is not None and valid(wanted) else default
        st.session_state[seen] = wanted
    return wanted


def update_url(key: str, param: str, value: Any) -> None:
    """Put the widget's value in the URL so the view can be shared or bookmarked."""
    text = "" if value is None or value == "" else str(value)
    if st.query_params.get(param, "") != text:
        if not text:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = text
    st.session_state[f"_url:{key}"] = text or None  # as bind_to_url will read it back


def papers_count(n: int) -> str:
    return plural(n, "paper")


def legend_html(items: list[tuple[str, str]]) -> str:
    """Coloured dots with their labels."""
    return " ".join(
        f'<span style="white-space:nowrap;margin-right:1em">'
        f'<span style="display:inline-block;width:.8em;height:.8em;border-radius:50%;'
        f'background:{colour};margin-right:.3em"></span>{html_text(label)}</span>'
        for label, colour in items)


def _escape(text: str) -> str:
    """Outside text inside HTML that Markdown reads (:func:`graph.safe_text.html_text`)."""
    return html_text(text)


def plain_text(text: str) -> str:
    """``text`` for ``st.markdown`` shown as written (:func:`graph.safe_text.md_block`: the one rule
    for outside text; paragraphs kept).

    >>> plain_text("**bold** [link](x) $x$ <b> a/b")
    '\\\\*\\\\*bold\\\\*\\\\* \\\\[link\\\\]\\\\(x\\\\) \\\\$x\\\\$ \\\\<b\\\\> a/b'
    """
    return md_block(text)
