"""Time axis: papers by date across and by citations (knowledge links offline) up a log scale; a year slider
replays how a phenomenon's literature grew."""
import streamlit as st

from app.web import graphpanel, services, ui
from graph.safe_text import md_text

st.title("Time axis")
graph = ui.paper_graph()
if not graph.papers:
    st.info("No papers yet: run `phenomena build` first.")
    st.stop()
names = graph.phenomenon_names
sizes = graph.phenomenon_sizes
present = sorted((f for f in sizes if sizes[f]), key=lambda f: (-sizes[f], f))
ui.bind_to_url("timeline_phenomenon", "phenomenon", lambda f: f in present, default="")
measures = services.time_measures(graph)

left, middle, right = st.columns([3, 3, 2])
with left:
    phenomenon = st.selectbox("Papers about", [""] + present, key="timeline_phenomenon",
                              format_func=lambda f: "every phenomenon" if not f else f"{names[f]} ({sizes[f]})")
    ui.update_url("timeline_phenomenon", "phenomenon", phenomenon)
with middle:
    measure = st.radio("Height (log scale)", measures, horizontal=True, key="timeline_measure",
                       help="Citations come from Semantic Scholar; offline, knowledge links: other papers sharing a "
                            "paper's phenomena, keywords or authors.")
    top_n = st.select_slider("Papers drawn (the highest first)", [50, 100, 200, 300, 500, 1000, 2000],
                             value=services.DEFAULT_PAPERS, key="timeline_top")
with right:
    lanes = st.toggle("Phenomenon lanes", key="timeline_lanes",
                      help=f"One lane per phenomenon (the {services.MAX_LANES} with most papers drawn, then "
                           "“other”); each paper in its most specific phenomenon's lane")
    kinds = tuple(k for k, on in (("CITES", st.checkbox("Citation links", value=True, key="timeline_cites")),
                                  ("ABOUT", st.checkbox("ABOUT links", value=True, key="timeline_about"))) if on)

options = dict(phenomenon=phenomenon or None, measure=measure, top_n=top_n, lanes=lanes, kinds=kinds)
_, view, _ = ui.time_axis_data(**options)
axis = view.axis
if not axis.points:
    st.info("None of these papers has a year yet." if view.matching else "No paper matches.")
    st.stop()
upto = axis.last
held = st.session_state.get("timeline_upto")
if held is None or not axis.first <= held <= axis.last:  # first visit, or another phenomenon's years: clamp
    st.session_state["timeline_upto"] = axis.last if held is None else min(max(held, axis.first), axis.last)
if axis.last > axis.first:
    upto = st.slider("Papers published up to", axis.first, axis.last, key="timeline_upto",
                     help="Move it to replay how this literature grew: papers up to that year and the links "
                          "among them; nothing moves.")
data, view, view_key = ui.time_axis_data(upto=upto, **options)
papers = sum(1 for n in data["nodes"] if n.get("kind") == "Paper")
what = md_text(names[phenomenon]) if phenomenon else "every phenomenon"
st.caption(f"{papers} of {view.matching} papers about {what} (the {len(axis.points)} highest by "
           f"{md_text(axis.measure)}, up to {upto}); x: publication year, the month from the arXiv id when known "
           "(others spread across their year); y: "
           f"{md_text(axis.measure)}, log scale. The {min(20, papers)} most central carry “FirstAuthor Year”.")
graphpanel.show_graph(data, view_key, page="timeline", height=640)
