"""The paper graph: coloured by phenomenon or year, sized by links or citations, filtered, searchable."""
import streamlit as st

from app.web import graphpanel, graphview, overview_page, services, sharebar, ui
from graph.safe_text import md_message, md_text
from graph.suggest import unknown_name

SHOW_MORE_STEP = 300

if overview_page.is_large():  # a two-hop graph: groups first, never every paper at once
    overview_page.render()
    st.stop()

graph = ui.paper_graph()
sizes = graph.phenomenon_sizes
names = graph.phenomenon_names
phen_ids = sorted(names, key=lambda pid: names[pid].lower())
span = graphview.year_span(graph)

st.session_state.setdefault("graph_top_n", services.DEFAULT_TOP_N)


def _show_more() -> None:
    st.session_state["graph_top_n"] += SHOW_MORE_STEP


ALL = ""  # not None: a select box shows None as "nothing chosen"
# Graph first (issue 22): every filter lives in the sidebar, so the drawing takes the whole content width;
# the clicked node's panel sits in the sidebar too, above the filters (a slot the drawing fills).
side = st.sidebar
panel_slot = side.container()
wanted = ui.bind_to_url("graph_phenomenon", "phenomenon", lambda pid: pid in names, default=ALL)
if wanted and wanted not in names:  # a hand-edited or old link
    st.warning(md_message(unknown_name("phenomenon", wanted, [*names, *names.values()])) + " Showing all phenomena.")
phenomenon = side.selectbox(
    "Phenomenon", [ALL, *phen_ids], key="graph_phenomenon",
    format_func=lambda pid: "All phenomena" if pid == ALL else f"{names[pid]} ({sizes.get(pid, 0)})")
search = side.text_input("Search papers", key="graph_search", placeholder="Title words or arXiv id")
top_n = side.number_input("Draw at most", min_value=10, step=50, key="graph_top_n")

filters = side.expander("More filters: colour, size, years, clusters, sources, neighbourhood, layers and links")
clusters = services.graph_clusters(graph)
colour_by = filters.radio("Colour by", [c for c in graphview.COLOUR_BY if c != "cluster" or clusters],
                          horizontal=True, key="graph_colour_by")
size_by = filters.radio("Size and rank by", services.measures(graph), key="graph_size_by",
                        help="Bigger dots; when the drawing is capped, the papers drawn are the top ones by this.")
years = None
if span and span[0] < span[1]:
    chosen = filters.slider("Years", span[0], span[1], value=span, key="graph_years")
    years = None if tuple(chosen) == tuple(span) else tuple(chosen)  # full range keeps undated papers
in_catalog_only = filters.checkbox("Catalog papers only", key="graph_in_catalog")
cluster = None
if clusters:
    ui.bind_to_url("graph_cluster", "cluster", lambda c: c.isdigit() and int(c) in clusters, default="", convert=int)
    cluster = filters.selectbox("Cluster", ["", *clusters], key="graph_cluster",
                           format_func=lambda c: "All clusters" if c == "" else f"{c}: {clusters[c]}")
    ui.update_url("graph_cluster", "cluster", cluster)
    cluster = None if cluster == "" else cluster

source_kinds = services.source_kinds(graph)
source = None
if len(source_kinds) > 1:
    ui.bind_to_url("graph_source", "source", lambda k: k in source_kinds, default="")
    source = filters.selectbox("Source", ["", *source_kinds], key="graph_source",
                          format_func=lambda k: "All sources" if k == "" else k) or None
    ui.update_url("graph_source", "source", source)

titles = dict(services.list_papers(graph))
ui.bind_to_url("graph_centre", "around", lambda pid: pid in graph.papers)
centre = filters.selectbox("Neighbourhood of a paper", list(titles), key="graph_centre", format_func=titles.get,
                           placeholder="All papers", help="Choose a paper to draw only its citation neighbourhood.")
hops = filters.number_input("Citation steps", min_value=1, max_value=4, value=1, key="graph_hops")
ui.update_url("graph_centre", "around", centre)
around = sorted(services.neighbourhood(graph, centre, int(hops))) if centre else None

ui.update_url("graph_phenomenon", "phenomenon", phenomenon)

layers = filters.multiselect("Layers", graphview.LAYERS, default=list(graphview.DEFAULT_LAYERS), key="graph_layers",
                        help="Node kinds to draw. Without papers, the others are linked by the papers they share.")
edge_kinds = filters.multiselect("Links", graphview.EDGE_KINDS, default=list(graphview.EDGE_KINDS), key="graph_edges",
                            help="ABOUT: paper–phenomenon · HAS_KEYWORD: paper–keyword · WROTE: author–paper · "
                                 "CITES: citation · RELATED_TO: similar papers (text, shared authors, co-citation, "
                                 "coupling, S2 recommendations)")

matches = services.search_papers(graph, search) if search else []
highlight = matches[:5] or ([centre] if centre else [])
if search:  # the matches under the search box, so they never push the drawing down
    if not matches:
        side.warning(f"No paper matches “{md_text(search)}”.")
    else:
        side.caption(ui.plural(len(matches), "match", "matches")
                     + f"{' (first 5 highlighted in red)' if len(matches) > 1 else ' (highlighted in red)'}; "
                     "not drawn when outside the filters.")
        for pid in matches[:5]:
            p = graph.papers[pid]
            side.page_link(ui.PAPER, label=f"{md_text(ui.short_title(p.title, 90))} ({p.year or 'n.d.'})",
                           icon=":material/article:", query_params={"paper": pid}, help=md_text(p.title))


@st.fragment
def _drawing() -> None:
    """The drawing and what explains it: a click or an expansion reruns only this, not the filters."""
    data, view, legend, summary, view_key = ui.graph_data(
        phenomenon=phenomenon or None, in_catalog_only=in_catalog_only, years=years, top_n=int(top_n),
        highlight=highlight, colour_by=colour_by, size_by=size_by, only=around, cluster=cluster, source=source,
        expand=graphpanel.expanded("graph"), layers=tuple(layers), edge_kinds=tuple(edge_kinds))

    line, more = st.columns([6, 1], vertical_alignment="center")
    line.markdown(f"**{md_text(summary)}**")
    if view.hidden > 0 and more.button(f"Show more (+{min(SHOW_MORE_STEP, view.hidden)})", on_click=_show_more):
        st.rerun()  # the whole page, not only this fragment: "Draw at most" shows the new number
    notes = []
    mine = sum(1 for n in view.nodes if n.in_library)
    if mine:  # the library overlay: a dark ring (app.web.style.LIBRARY_BORDER)
        notes.append(f"{mine} of the papers drawn are in your library (dark ring); see what it is missing on "
                     "the My library page.")
    if notes:
        st.caption(" ".join(notes))
    if centre:
        st.page_link(ui.PAPER, label=f"Open “{md_text(graph.papers[centre].title)}”", icon=":material/article:",
                     query_params={"paper": centre})

    # The colour key is drawn with the drawing, above its canvas (ui.graph_data); the help once, in the panel.
    graphpanel.show_graph(data, view_key, page="graph", height=700, fit_to=highlight, panel_in=panel_slot,
                          expandable=True)
    st.caption(f"Papers are sized and ranked by {size_by}; hover a node or link for what it is.")
    if len(legend) > 12:  # a real build has ~40 phenomena: the hubs are labelled, the full key folds away
        with st.expander(f"All {len(legend)} colours"):
            st.html(ui.legend_html(legend))  # st.html, not markdown: no raw-HTML Markdown reader to load

    heading = "Phenomena Atlas: " + (names[phenomenon] if phenomenon else "all phenomena")
    sharebar.share_buttons(data, title=heading, caption=f"{summary}. Papers sized by {size_by}, coloured by {colour_by}.",
                           colours=legend, key="graph")


_drawing()
ui.grow_panel("graph")
