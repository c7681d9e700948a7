"""Clusters: labelled groups of papers with their key papers and phenomena, and file downloads."""
import streamlit as st

from app.web import services, ui
from graph.safe_text import md_text

LISTED = 30  # clusters listed on the page; the rest are named in the caption

st.title("Clusters")
graph = ui.paper_graph()
summaries = services.cluster_summaries(graph)
if not summaries:
    st.info("This graph has no clusters yet: run `phenomena analyze` (or `phenomena build`, which runs it).")
else:
    listed = summaries[:LISTED]
    st.caption(f"{ui.plural(len(summaries), 'cluster')} over {ui.papers_count(sum(c['size'] for c in summaries))}, "
               "biggest first" + (f"; the {len(listed)} biggest are listed here, the other {len(summaries) - len(listed)} "
                                  "are in the downloads below and in the Graph page's cluster filter."
                                  if len(listed) < len(summaries) else "."))
    for c in listed:
        with st.expander(f"{c['cluster']}: {md_text(c['label'])} ({ui.papers_count(c['size'])})",
                         expanded=c is summaries[0]):
            if c["phenomena"]:
                st.markdown("**Phenomena:** " + ", ".join(f"{md_text(name)} ({n})" for name, n in c["phenomena"]))
            st.caption(f"Key papers by {md_text(c['ranked_by'])}:")
            for p in c["papers"]:
                st.page_link(ui.PAPER, label=f"{md_text(p['title'])} ({p['year'] or 'n.d.'})",
                             query_params={"paper": p["id"]})
            st.page_link(ui.GRAPH, label="Draw this cluster", icon=":material/hub:",
                         query_params={"cluster": str(c["cluster"])})

st.subheader("Catalog gaps")
gaps, note = services.catalog_gaps(graph)
if note:
    st.info(note[0].upper() + note[1:] + ".")
for gap in gaps:
    st.page_link(ui.PAPER, label=f"{gap['title']} ({gap['year'] or 'n.d.'}): cited by "
                 f"{ui.papers_count(gap['catalog_citations'])} of the catalog", query_params={"paper": gap["id"]})

st.subheader("Downloads")
formats = services.export_formats()
left, right = st.columns([3, 2])
chosen = left.multiselect("Formats", formats, default=[f for f in ("report", "graphml", "bibtex") if f in formats],
                          key="export_formats")
clusters = {c["cluster"]: c["label"] for c in summaries}
only = right.selectbox("Papers", ["", *clusters], key="export_cluster",
                       format_func=lambda c: "All papers" if c == "" else f"Cluster {c}: {clusters[c]}")
if st.button("Prepare files", disabled=not chosen):
    st.session_state["export_ready"] = (tuple(chosen), None if only == "" else only)
ready = st.session_state.get("export_ready")
if ready:
    files = ui.export_files(list(ready[0]), ready[1])
    st.caption(f"{len(files)} files, the same as `phenomena export OUT` writes.")
    cols = st.columns(3)
    for i, (name, data) in enumerate(sorted(files.items())):
        cols[i % 3].download_button(name, data, file_name=name.replace("/", "_"), key=f"download:{name}",
                                    on_click="ignore")
