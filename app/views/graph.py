"""The paper graph: coloured by phenomenon, sized by links, filtered, searchable."""
import streamlit as st

from app import graphview, services, ui

SHOW_MORE_STEP = 300

graph = ui.paper_graph()
sizes = graph.phenomenon_sizes()
phen_ids = sorted(graph.phenomena, key=lambda pid: graph.phenomena[pid].lower())

st.session_state.setdefault("graph_top_n", services.DEFAULT_TOP_N)


def _show_more() -> None:
    st.session_state["graph_top_n"] += SHOW_MORE_STEP


ui.bind_to_url("graph_phenomenon", "phenomenon", lambda pid: pid in graph.phenomena)
left, middle, right = st.columns([2, 3, 1])
phenomenon = left.selectbox(
    "Phenomenon", [None, *phen_ids], key="graph_phenomenon",
    format_func=lambda pid: "All phenomena" if pid is None else f"{graph.phenomena[pid]} ({sizes.get(pid, 0)})")
search = middle.text_input("Search papers", key="graph_search", placeholder="Title words or arXiv id")
top_n = right.number_input("Draw at most", min_value=10, step=50, key="graph_top_n")
in_catalog_only = st.checkbox("Catalog papers only", key="graph_in_catalog")

ui.update_url("graph_phenomenon", "phenomenon", phenomenon)

matches = services.search_papers(graph, search) if search else []
html, view = ui.graph_html(phenomenon, in_catalog_only, int(top_n), matches[:5])

st.markdown(f"**{view.summary()}**")
if view.hidden > 0:
    st.button(f"Show more (+{min(SHOW_MORE_STEP, view.hidden)})", on_click=_show_more)
colours = graphview.phenomenon_colours(graph.phenomena)
st.markdown(ui.legend_html(colours, graph.phenomena, set(view.colour_of.values())), unsafe_allow_html=True)

if search:
    if not matches:
        st.warning(f"No paper matches “{search}”.")
    else:
        st.caption(f"{len(matches)} match{'es' if len(matches) != 1 else ''}"
                   f"{' (first 5 highlighted in red)' if len(matches) > 1 else ' (highlighted in red)'}; "
                   "not drawn when outside the filters.")
        for pid in matches[:5]:
            p = graph.papers[pid]
            st.page_link(ui.PAPER, label=f"{p.title} ({p.year or 'n.d.'})", icon=":material/article:",
                         query_params={"paper": pid})

st.iframe(html, height=660)
st.caption("Hover a paper for its title; double-click it to open its page; drag to pan, scroll to zoom.")
