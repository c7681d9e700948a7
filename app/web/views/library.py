"""My library: the papers imported from a reference manager, and what the library is missing."""
import streamlit as st

from app.web import ui
from graph.safe_text import md_text

st.title("My library")
report = ui.library()
if not report.papers:
    st.info("No library yet. Export your Zotero or Mendeley library (BibTeX, RIS or CSL-JSON) and run "
            "`phenomena import my-library.bib`; its papers are then ringed in the graph and listed here "
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
