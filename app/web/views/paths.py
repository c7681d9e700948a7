"""Paths: the shortest paths connecting two papers or two phenomena, each step with its reason."""
import streamlit as st

from app.web import graphpanel, mapui, seedmapview, services, sharebar, ui
from app.web.graphview import short_labels
from graph.analytics.paths import CITATIONS, CONCEPTS, DEFAULT_PATHS, no_path_message, path_through
from graph.errors import AtlasError
from graph.safe_text import md_text

st.title("Paths")
st.caption("How two papers or two phenomena are connected: the shortest paths through citations first; "
           "when citations give fewer paths than asked for, through shared phenomena, keywords, authors and "
           "related papers too.")
graph = ui.paper_graph()
papers = dict(services.list_papers(graph))
phenomena = {k: f"{name} ({graph.phenomenon_sizes.get(k, 0)})" for k, name in
             sorted(graph.phenomenon_names.items(), key=lambda item: item[1].lower())}
KINDS = ("Two phenomena", "Two papers")


def _key_of(text: str | None) -> str | None:
    """A URL end as a node key (phenomenon or paper), None when it names neither."""
    try:
        return services.resolve_end(graph, text) if text else None
    except AtlasError:  # a stale link: the widget starts empty
        return None


url_a, url_b = _key_of(st.query_params.get("a")), _key_of(st.query_params.get("b"))
kind_default = "Two papers" if url_a in papers or url_b in papers else "Two phenomena"
ui.bind_to_url("paths_kind", "kind", lambda v: v in ("papers", "phenomena"), default=kind_default,
               convert=lambda v: "Two papers" if v == "papers" else "Two phenomena")
kind = st.radio("Connect", KINDS, horizontal=True, key="paths_kind")
ui.update_url("paths_kind", "kind", "papers" if kind == "Two papers" else "phenomena")
options = papers if kind == "Two papers" else phenomena
left, right = st.columns(2)
ends = []
for column, name, label in ((left, "a", "From"), (right, "b", "To")):
    key = f"paths_{name}"
    ui.bind_to_url(key, name, lambda v: _key_of(v) in options, convert=_key_of)
    if st.session_state.get(key) not in options:  # the other kind's choice, after switching
        st.session_state[key] = None
    with column:
        ends.append(st.selectbox(label, list(options), key=key, format_func=options.get, index=None,
                                 placeholder="Type words of a title" if kind == "Two papers" else "Choose a phenomenon"))
    ui.update_url(key, name, ends[-1])
k = st.slider("Paths to show", 1, 6, DEFAULT_PATHS, key="paths_k")
a, b = ends
if not (a and b):
    st.info("Choose two " + ("papers" if kind == "Two papers" else "phenomena") + " to see how they connect.")
    st.stop()
if a == b:
    st.warning("Choose two different ones.")
    st.stop()

found = mapui.paths(a, b, k)


def _named(key: str) -> str:
    """A phenomenon's name; a paper as "FirstAuthor Year (short title)"."""
    if key not in graph.papers:
        return graph.name(key)
    label = short_labels(graph, [key]).get(key)
    title = ui.short_title(graph.papers[key].title, 50)
    return f"{label} ({title})" if label else title


name_a, name_b = _named(a), _named(b)
if not found.paths:
    st.warning(md_text(no_path_message(name_a, name_b)))
    st.stop()
steps = len(found.paths[0])
through = {CITATIONS: "citations", CONCEPTS: "shared concepts and related papers (no citation path)"}.get(
    found.via, "a paper about both")
if found.via != CONCEPTS and CONCEPTS in found.tiers:
    through += f"; {found.tiers.count(CONCEPTS)} more through shared concepts"
st.markdown(f"**{len(found.paths)} shortest path{'s' if len(found.paths) > 1 else ''}** from {md_text(name_a)} to "
            f"{md_text(name_b)} through {through}; the shortest has {steps} step{'s' if steps > 1 else ''}.")
data = seedmapview.paths_data(graph, found)
graphpanel.show_graph(data, f"paths:{ui.version()}:{a}:{b}:{k}", page="paths")
sharebar.share_buttons(data, title=f"Paths from {name_a} to {name_b}", key="paths",
                       caption=f"{len(found.paths)} shortest paths through {through}; hover a link for its reason.")
for i, (path, tier) in enumerate(zip(found.paths, found.tiers), 1):
    with st.container(border=True, key=f"paths_path_{i}"):
        st.markdown(f"**Path {i}** ({len(path)} step{'s' if len(path) > 1 else ''}, through {path_through(path, tier)})")
        st.markdown("\n".join(f"{j}. {md_text(s.reason)}" for j, s in enumerate(path, 1)))
