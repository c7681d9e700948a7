"""Maps: the concept map of phenomena, the keyword co-occurrence map (through the thesaurus), the co-authorship
network; both term maps with VOSviewer's minimum-occurrence threshold."""
import streamlit as st

from app.web import graphpanel, mapoverlay, services, sharebar, style, termview, ui
from graph.analytics import concepts
from graph.drawing.term_map import term_map_of
from graph.safe_text import md_code, md_message, md_text

st.title("Maps")
graph = ui.paper_graph()
colours = style.phenomenon_colours(graph.phenomenon_names)


def draw_term_map(tm, data: dict, look: tuple = ("cluster", "network"), key: str = "", *, title: str = "",
                  caption: str = "") -> None:
    """Draw a term map's vis data, recoloured by the chosen overlay and with the density view (issue 24),
    with its share buttons (self-contained HTML, SVG)."""
    mapoverlay.apply_map_overlay(data, graph, tm.kind, {n.id: (n.x, n.y) for n in tm.nodes},
                                 {n.id: n.occurrences for n in tm.nodes}, colour_by=look[0], view=look[1])
    graphpanel.show_graph(data, f"maps:{tm.kind}:{key}:{len(tm.nodes)}:{len(tm.edges)}:{':'.join(look)}",
                          page=f"maps_{tm.kind.lower()}", height=640, panel=False)
    sharebar.share_buttons(data, title=title, caption=caption, key=f"maps_{tm.kind.lower()}")


def draw_concept_map(C, counts: str, look: tuple, caption: str = "") -> None:
    """The concept map as a term map: a dot per phenomenon in its colour, sized by its papers, every one named."""
    tm = term_map_of(C, "Phenomenon")
    data = termview.term_map_vis_data(tm, {f: colours.get(f, style.NONE_COLOUR) for f in C}, label_all=True,
                                      counts=counts)
    draw_term_map(tm, data, look, counts, title="Concept map of the phenomena", caption=caption)


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
    draw_concept_map(C, concepts.CONCEPT_WEIGHTS[weight], map_look("maps_concepts", "phenomenon"), concept_caption)
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

def term_map_section(kind: str, noun: str, thesaurus, look: tuple = ("cluster", "network")) -> None:
    """A term map VOSviewer-style: a minimum-occurrence slider, the map, its clusters listed beside it."""
    counts = services.occurrence_counts(graph, kind, thesaurus)
    if not counts:
        st.info(f"No paper carries a {noun} yet: run `phenomena build` first.")
        return
    most = max(counts)
    threshold = st.slider(f"Minimum papers per {noun}", 1, max(2, min(most, 30)),
                          value=min(services.default_threshold(counts), max(2, min(most, 30))), key=f"maps_min_{kind}",
                          help=f"VOSviewer's threshold: a {noun} is drawn when at least this many papers carry it.")
    tm = services.term_map(graph, kind, threshold, thesaurus)
    meeting = sum(1 for n in counts if n >= threshold)
    drawn = len(tm.nodes)
    caption = (f"{drawn} of {tm.total} {noun}s" + (f" (the most used of the {meeting} that qualify)" if drawn < meeting
                                                   else "") + f" occur in {threshold} or more papers; "
               f"{len(tm.edges)} links (papers carrying both); {len(tm.clusters)} clusters (Louvain), "
               "each named by its most used " + noun + ". Dot and label size: papers; labels where they fit "
               "(zoom in for more).")
    st.caption(caption)
    if not drawn:
        return
    if look[0] == "cluster":  # the clusters' names, beside the map (on it they would repeat a term's label)
        st.markdown(ui.legend_html(termview.cluster_legend(tm)[:16]), unsafe_allow_html=True)
    title = "Keyword co-occurrence map" if kind == "Keyword" else "Co-authorship network"
    draw_term_map(tm, termview.term_map_vis_data(tm), look, f"{threshold}:{len(thesaurus.replace) if thesaurus else 0}",
                  title=title, caption=caption)


st.subheader("Keyword co-occurrence")
home = ui.settings().home
thesaurus, problem = services.map_thesaurus(home)
mine = services.user_thesaurus_path(home)
if problem:
    st.warning(md_message(problem) + " — this map uses the default thesaurus only.", icon=":material/warning:")
used = "yours, " + md_code(str(mine)) + ", after the default" if mine.is_file() and not problem else (
    "the default; yours would be " + md_code(str(mine)) + " (`phenomena thesaurus --init` copies the default there)")
st.caption(f"Thesaurus ({thesaurus.merges} merges, {thesaurus.drops} dropped terms): {used}. One "
           "`label<TAB>replace by` a line, VOSviewer's format; an empty replacement drops the term.")
term_map_section("Keyword", "keyword", thesaurus, map_look("maps_keywords"))

st.subheader("Co-authorship")
term_map_section("Author", "author", None)
