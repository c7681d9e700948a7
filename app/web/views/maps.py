"""Maps: the concept map of phenomena, the keyword co-occurrence map (through the thesaurus), the co-authorship
network; both term maps with VOSviewer's minimum-occurrence threshold."""
import streamlit as st

from app.web import graphpanel, services, style, termview, ui
from graph.analytics import concepts
from graph.drawing.term_map import term_map_of
from graph.safe_text import md_code, md_message, md_text

st.title("Maps")
graph = ui.paper_graph()
colours = style.phenomenon_colours(graph.phenomenon_names)


def draw_concept_map(C, counts: str) -> None:
    """The concept map as a term map: a dot per phenomenon in its colour, sized by its papers, every one named."""
    tm = term_map_of(C, "Phenomenon")
    data = termview.term_map_vis_data(tm, {f: colours.get(f, style.NONE_COLOUR) for f in C}, label_all=True,
                                      counts=counts)
    graphpanel.show_graph(data, f"maps:concepts:{counts}:{len(tm.nodes)}:{len(tm.edges)}", page="maps_phenomenon",
                          height=640, panel=False)


st.subheader("Concept map")
weight = st.radio("Link phenomena by", list(concepts.CONCEPT_WEIGHTS), horizontal=True, key="maps_weight",
                  format_func=lambda w: w.replace("_", " "))
C = concepts.concept_map(graph, weight=weight)
st.caption(f"{C.number_of_nodes()} phenomena, {C.number_of_edges()} links; link width: "
           f"{concepts.CONCEPT_WEIGHTS[weight]}.")
if C.number_of_edges():
    draw_concept_map(C, concepts.CONCEPT_WEIGHTS[weight])
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

def term_map_section(kind: str, noun: str, thesaurus) -> None:
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
    st.caption(f"{drawn} of {tm.total} {noun}s" + (f" (the most used of the {meeting} that qualify)" if drawn < meeting
                                                    else "") + f" occur in {threshold} or more papers; "
               f"{len(tm.edges)} links (papers carrying both); {len(tm.clusters)} clusters (Louvain), "
               "each named by its most used " + noun + ". Dot and label size: papers; labels where they fit "
               "(zoom in for more).")
    if not drawn:
        return
    st.markdown(ui.legend_html(termview.cluster_legend(tm)[:16]), unsafe_allow_html=True)
    graphpanel.show_graph(termview.term_map_vis_data(tm), f"maps:{kind}:{threshold}:{drawn}:{len(tm.edges)}:"
                          f"{len(thesaurus.replace) if thesaurus else 0}", page=f"maps_{kind.lower()}", height=640, panel=False)


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
term_map_section("Keyword", "keyword", thesaurus)

st.subheader("Co-authorship")
term_map_section("Author", "author", None)
