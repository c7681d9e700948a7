"""Clusters: labelled groups of papers with their key papers and phenomena, and file downloads."""
import streamlit as st

from app.web import services, ui

st.title("Clusters")
graph = ui.paper_graph()
summaries = services.cluster_summaries(graph)
if not summaries:
    st.info("This graph has no clusters yet: run `phenomena analyze` (or `phenomena build`, which runs it).")
else:
    st.caption(f"{len(summaries)} clusters over {sum(c['size'] for c in summaries)} papers, biggest first.")
    for c in summaries[:30]:
        with st.expander(f"{c['cluster']}: {c['label']} ({c['size']} papers)", expanded=c is summaries[0]):
            if c["phenomena"]:
                st.markdown("**Phenomena:** " + ", ".join(f"{name} ({n})" for name, n in c["phenomena"]))
            st.caption(f"Key papers by {c['ranked_by']}:")
            for p in c["papers"]:
                st.page_link(ui.PAPER, label=f"{p['title']} ({p['year'] or 'n.d.'})",
                             query_params={"paper": p["id"]})
            st.page_link(ui.GRAPH, label="Draw this cluster", icon=":material/hub:",
                         query_params={"cluster": str(c["cluster"])})

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
