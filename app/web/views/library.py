"""My library: the papers imported from a reference manager, and what the library is missing."""
from pathlib import Path

import streamlit as st

from app.web import services, ui
from graph.errors import AtlasError
from graph.safe_text import md_message, md_text

st.title("My library")
report = ui.library()


def _upload() -> None:
    """Upload a reference manager's export: checked as `phenomena import FILE` checks it, matched to the graph."""
    with st.expander("Add references (BibTeX, RIS or CSL-JSON)", expanded=not report.papers):
        upload = st.file_uploader("A Zotero or Mendeley export", type=["bib", "ris", "json", "txt"],
                                  key="library_upload",
                                  help=f"Read as `phenomena import FILE` reads it: UTF-8, at most "
                                       f"{services.MAX_IMPORT_BYTES // 2**20} MB.")
        if upload is None:
            return
        folder = st.session_state.setdefault("library_upload_folder", str(services.new_upload_folder()))
        try:
            preview, path = services.preview_upload(ui.paper_graph(), upload.name, upload.getvalue(), Path(folder))
        except AtlasError as err:  # refused as `phenomena import` refuses it: one line, nothing recorded
            st.error(md_message(str(err)), icon=":material/error:")
            return
        st.markdown(f"**{md_text(upload.name)}** ({md_text(preview.kind)}): "
                    f"{ui.papers_count(len(preview.matched))} already in the graph, {ui.papers_count(len(preview.new))} new"
                    + (f"; {len(preview.problems)} lines need attention" if preview.problems else "") + ".")
        for problem in preview.problems[:20]:
            st.caption(md_text(problem))  # a line of a stranger's file: text only
        left, right = st.columns(2)
        with left.container(key="library_upload_matched"):
            st.caption("In the graph")
            for row in preview.matched[:50]:  # half a page wide: cut with an ellipsis, whole on hover
                st.page_link(ui.PAPER, label=f"{md_text(ui.short_title(row['title'], 64))} ({row['year'] or 'n.d.'})",
                             query_params={"paper": row["id"]}, help=md_text(row["title"]))
        with right.container(key="library_upload_new"):
            st.caption("New to the graph")
            for row in preview.new[:50]:
                st.markdown(f"- {md_text(row['title'])} ({row['year'] or 'n.d.'})")
        online = st.checkbox("Look the papers up on Semantic Scholar (needs the network; slower)",
                             key="library_upload_online", value=False,
                             help="Off: the graph is rebuilt offline, as `phenomena import FILE --offline` does.")
        if st.button("Add to my library and rebuild the graph", key="library_upload_add",
                     disabled=not (preview.matched or preview.new)):
            with st.spinner("Rebuilding the graph with your library…"):
                outcome = ui.guarded(lambda: services.import_upload(ui.settings(), path, offline=not online))
            st.session_state["library_upload_done"] = (preview.name, len(preview.matched), preview.new,
                                                       outcome.counts.get("Paper", 0))
            st.rerun()  # the page again, on the rebuilt graph


def _added() -> None:
    """What the last upload added, as the rebuilt graph holds it (links to the Paper and Graph pages)."""
    done = st.session_state.get("library_upload_done")
    if not done:
        return
    name, matched, new, papers = done
    found = services.find_uploaded(ui.paper_graph(), new)
    st.success(f"{md_text(name)} is in your library: {ui.papers_count(matched)} already in the graph, "
               f"{ui.papers_count(len(found))} new; the graph was rebuilt ({ui.papers_count(papers)}).")
    with st.container(key="library_upload_added"):
        for row in found[:50]:
            st.page_link(ui.PAPER, label=f"{md_text(row['title'])} ({row['year'] or 'n.d.'})",
                         query_params={"paper": row["id"]}, icon=":material/article:")

_added()
_upload()
if not report.papers:
    st.info("No library yet. Export your Zotero or Mendeley library (BibTeX, RIS or CSL-JSON) and add it above "
            "(or run `phenomena import my-library.bib`); its papers are then ringed in the graph and listed here "
            "with what your library is missing.")
    st.stop()

st.markdown(f"**{len(report.papers)} papers in your library** "
            f"({md_text(', '.join(s.split(':', 1)[1] for s in report.sources)) or 'imported'}); "
            "they have a dark ring in the graph.")
st.page_link(ui.GRAPH, label="Draw my library", icon=":material/hub:", query_params={"source": "library"})

st.subheader("What my library is missing")
st.caption("Papers outside your library most tied to it: cited by several of yours, co-cited with yours, "
           "sharing references, phenomena or keywords. Strongest first; offline only phenomena and keywords count.")
if not report.missing:
    st.write("Nothing: no paper outside your library is tied to it.")
else:
    left, right = st.columns(2)
    left.download_button("Download the list (Markdown)", report.missing_markdown, "library-gaps.md",
                         mime="text/markdown", key="library_gaps_md")
    right.download_button("Download as BibTeX", report.missing_bibtex, "library-gaps.bib",
                          mime="application/x-bibtex", key="library_gaps_bib")
    with st.container(key="library_missing"):
        for i, row in enumerate(report.missing, 1):
            st.page_link(ui.PAPER, label=f"{i}. {md_text(row['title'])} ({row['year'] or 'n.d.'})",
                         query_params={"paper": row["id"]})
            st.caption(f"score {row['score']:.2f} · {md_text(row['reasons'])}")

with st.expander(f"The {len(report.papers)} papers of my library"):
    for p in report.papers:
        st.page_link(ui.PAPER, label=f"{md_text(p['title'])} ({p['year'] or 'n.d.'})", query_params={"paper": p["id"]})
