"""Maps: the concept map of phenomena, the keyword co-occurrence map, the co-authorship network."""
import streamlit as st

from app.web import graphpanel, mapoverlay, sharebar, style, ui
from app.web.mapview import map_data
from graph.analytics import concepts
from graph.safe_text import md_text

st.title("Maps")
graph = ui.paper_graph()
colours = style.phenomenon_colours(graph.phenomenon_names)


def draw(G, kind: str, counts: str, title: str, caption: str, clustered: bool = False, height: int = 600,
         look: tuple = ("cluster", "network")) -> None:
    data = map_data(G, kind, counts, colours, clustered)
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}  # where map_data placed each concept
    mapoverlay.apply_map_overlay(data, graph, kind, pos, {v: d["papers"] for v, d in G.nodes(data=True)},
                                 colour_by=look[0], view=look[1])  # overlay and density (issue 24)
    graphpanel.show_graph(data, f"maps:{kind}:{counts}:{len(data['nodes'])}:{len(data['edges'])}:{':'.join(look)}",
                          page=f"maps_{kind.lower()}", height=height, panel=False)
    sharebar.share_buttons(data, title=title, caption=caption, key=f"maps_{kind.lower()}")


def map_look(key: str, groups: str = "cluster") -> tuple[str, str]:
    """The colouring (``groups``, average year, average citations) and view (network or density) of one map."""
    left, right = st.columns(2)
    with left:
        colour_by = st.radio("Colour", mapoverlay.overlay_choices(graph), horizontal=True, key=f"{key}_colour",
                             format_func=lambda c: groups if c == "cluster" else mapoverlay.COLOUR_BY[c])
    with right:
        view = st.radio("View", mapoverlay.MAP_VIEWS, horizontal=True, key=f"{key}_view",
                        help="Density: where concepts (weighted by their papers) crowd together, as VOSviewer draws it")
    return colour_by, view


st.subheader("Concept map")
weight = st.radio("Link phenomena by", list(concepts.CONCEPT_WEIGHTS), horizontal=True, key="maps_weight",
                  format_func=lambda w: w.replace("_", " "))
C = concepts.concept_map(graph, weight=weight)
concept_caption = (f"{C.number_of_nodes()} phenomena, {C.number_of_edges()} links; link width: "
                   f"{concepts.CONCEPT_WEIGHTS[weight]}.")
st.caption(concept_caption)
if C.number_of_edges():
    draw(C, "Phenomenon", weight.replace("_", " "), "Concept map of the phenomena", concept_caption,
         look=map_look("maps_concepts", "phenomenon"))
else:
    st.info(f"No two phenomena are linked by {weight.replace('_', ' ')} yet "
            "(citations come from Semantic Scholar); try shared papers.")
names = graph.phenomenon_names
present = sorted(C, key=lambda f: (-C.nodes[f]["papers"], f))
chosen = st.selectbox("Papers of a phenomenon", [""] + present, key="maps_phenomenon",
                      format_func=lambda f: "Choose a phenomenon" if not f else f"{names[f]} ({C.nodes[f]['papers']})")
if chosen:
    data, view, legend, summary, view_key = ui.graph_data(phenomenon=chosen, layers=("Paper", "Phenomenon", "Keyword"))
    st.markdown(f"**{md_text(summary)}**")
    for p in view.nodes[:15]:
        st.page_link(ui.PAPER, label=f"{md_text(p.title)} ({p.year or 'n.d.'})", query_params={"paper": p.id})
    graphpanel.show_graph(data, view_key, page="maps", height=640)

st.subheader("Keyword co-occurrence")
K = concepts.co_occurrence_map(graph, "Keyword")
clusters = sorted({(d["cluster"], d["cluster_label"]) for _, d in K.nodes(data=True)})
keyword_caption = (f"{K.number_of_nodes()} keywords used by two or more papers, linked by papers carrying both; "
                   f"{len(clusters)} clusters (Louvain), each named by its most used keyword")
st.caption(keyword_caption + ": " + ", ".join(md_text(label) for _, label in clusters[:12])
           + ("…" if len(clusters) > 12 else ""))
if len(K):
    draw(K, "Keyword", "papers with both", "Keyword co-occurrence map", keyword_caption + ".", clustered=True,
         look=map_look("maps_keywords"))

st.subheader("Co-authorship")
A = concepts.co_occurrence_map(graph, "Author")
author_caption = f"{A.number_of_nodes()} authors of two or more papers, linked by papers written together."
st.caption(author_caption)
if len(A):
    draw(A, "Author", "papers together", "Co-authorship network", author_caption, clustered=True)
