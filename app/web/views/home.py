"""Landing page: what is in the graph, where it came from, where to start."""
import streamlit as st

from app.web import services, ui
from graph.safe_text import md_text

st.title("Phenomena Atlas")
st.caption("A citation and concept graph of research on deep-learning phenomena.")

summary = ui.summary()
counts = summary.counts
cols = st.columns(4)
cols[0].metric("Papers", counts.get("Paper", 0))
cols[1].metric("Citations", counts.get("CITES", 0))
cols[2].metric("Phenomena", counts.get("Phenomenon", 0))
cols[3].metric("Authors", counts.get("Author", 0))

st.subheader("Start with a phenomenon")
featured = services.find_phenomena(summary.phenomena, ["Grokking", "Double Descent", "Simplicity Bias"])
link_cols = st.columns(max(len(featured), 1))
for col, phen in zip(link_cols, featured):
    col.page_link(ui.GRAPH, label=f"{md_text(phen['name'])} ({ui.papers_count(phen['papers'])})", icon=":material/hub:",
                  query_params={"phenomenon": phen["id"]})
others = [p for p in summary.phenomena if p not in featured and p["papers"]]
if others:
    with st.expander(f"All phenomena ({len(summary.phenomena)})"):
        for phen in others:
            st.page_link(ui.GRAPH, label=f"{md_text(phen['name'])} ({ui.papers_count(phen['papers'])})",
                         query_params={"phenomenon": phen["id"]})

st.subheader("Last build")
if summary.finished_at:
    st.write(f"Finished at **{md_text(summary.finished_at)}**.")
else:
    st.write("No build time recorded in this graph.")
if summary.sources:
    st.write("Sources: " + ", ".join(f"{md_text(name.replace('_', ' '))}: **{md_text(state)}**"
                                      for name, state in sorted(summary.sources.items())))

if summary.citations_missing:
    st.warning("This graph has no citations yet, so papers are linked only through their phenomena. "
               "Run `phenomena build` while online (set `S2_API_KEY` for faster Semantic Scholar "
               "look-ups) to add them.", icon=":material/link_off:")
elif summary.sources.get("semantic_scholar") in ("unreachable", "skipped"):
    st.info(f"Semantic Scholar was {md_text(summary.sources['semantic_scholar'])} in the last build, so citations "
            "may be incomplete: run `phenomena build` while online to refresh them.", icon=":material/info:")

st.page_link(ui.PHENOMENA, label="How the phenomena connect: map, bridge papers, timeline",
             icon=":material/grid_on:")
st.page_link(ui.CYPHER, label="Ask your own question in Cypher", icon=":material/terminal:")
