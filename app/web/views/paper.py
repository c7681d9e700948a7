"""One paper: metadata, links, phenomena, keywords, authors, references and citations in the graph."""
import streamlit as st

from app.web import services, ui
from graph.safe_text import md_block, md_code, md_link, md_message, md_text
from graph.suggest import unknown_name
from loaders.catalog import CATALOG_PAGE

graph = ui.paper_graph()
choices = dict(services.list_papers(graph))
if not choices:
    st.info("The graph has no papers yet: run `phenomena build` first.")
    st.stop()

wanted = ui.bind_to_url("paper_choice", "paper", lambda pid: pid in choices)
paper_id = st.selectbox("Paper", list(choices), key="paper_choice", format_func=choices.get,
                        placeholder="Choose a paper: type words of its title")
if wanted and wanted not in choices and paper_id is None:
    st.warning(md_message(unknown_name("paper", wanted, list(choices) + list(choices.values())))
               + " Or choose one above.")
if paper_id is None:  # a start: search, the most central papers (saying by what), the most recent
    search = st.text_input("Search papers", key="paper_search", placeholder="Title words or arXiv id")
    if search:
        found = services.search_papers(graph, search)
        if not found:
            st.warning(f"No paper matches “{md_text(search)}”.")
        for pid in found[:10]:
            st.page_link(ui.PAPER, label=f"{md_text(graph.papers[pid].title)} ({graph.papers[pid].year or 'n.d.'})",
                         query_params={"paper": pid})
    start = ui.start_lists()
    left, right = st.columns(2)
    with left.container(key="paper_start_central"):
        st.subheader("Most central papers")
        st.caption(f"Ranked by {start.measure}.")  # our own words
        for item in start.central:  # half-width links cut long titles mid-word: shorten them, the tooltip has all
            st.page_link(ui.PAPER, label=f"{md_text(ui.short_title(item['title']))} ({item['year'] or 'n.d.'})",
                         query_params={"paper": item["id"]}, help=md_text(item["title"]))
    with right.container(key="paper_start_recent"):
        st.subheader("Recent papers")
        for item in start.recent:
            st.page_link(ui.PAPER, label=f"{md_text(ui.short_title(item['title']))} ({item['year'] or 'n.d.'})",
                         query_params={"paper": item["id"]}, help=md_text(item["title"]))
    st.stop()
ui.update_url("paper_choice", "paper", paper_id)

detail = ui.paper(paper_id)
p = detail.paper
st.title(md_text(p["title"]))
st.caption(", ".join(md_text(a["name"]) for a in detail.authors) or "Authors unknown")

cited_anywhere = bool(ui.paper_graph().cites)  # without citations PageRank is the same for every paper: not shown
facts = [("Year", p.get("year")), ("Venue", md_text(detail.venue)), ("Catalog section", md_text(p.get("section"))),
         ("In the catalog", "yes" if p.get("in_catalog") else "no"),
         ("In my library", "yes" if p.get("in_library") else None),
         ("Citations (Semantic Scholar)", p.get("citation_count")),
         ("Cluster", md_text(p.get("cluster_label") or p.get("cluster"))),  # present once `phenomena analyze` ran
         ("PageRank", f"{p['pagerank']:.4f}" if p.get("pagerank") is not None and cited_anywhere else None),
         ("Sources", md_text(", ".join(p.get("sources") or [])) or None),
         ("Key", md_code(p["id"]))]
st.markdown("  \n".join(f"**{name}:** {value}" for name, value in facts if value not in (None, "")))

links = detail.links()
if links:
    st.markdown(" · ".join(md_link(name, url) for name, url in links.items()))
if detail.citations or detail.references:
    st.page_link(ui.GRAPH, label="Draw its citation neighbourhood", icon=":material/hub:",
                 query_params={"around": paper_id})
else:  # an offline build, or a paper nobody here cites: say why instead of drawing one lone dot
    st.caption("No citation neighbourhood to draw: no paper in this graph cites it or is cited by it.")

if detail.phenomena:
    st.subheader("Phenomena")
    cols = st.columns(min(len(detail.phenomena), 4))
    for i, phen in enumerate(detail.phenomena):
        label = md_text(f"{phen['name']} ({phen['confidence']}, via {phen['via']})")
        cols[i % len(cols)].page_link(ui.GRAPH, label=label,
                                      icon=":material/hub:", query_params={"phenomenon": phen["id"]})
if detail.keywords:
    st.markdown("**Keywords:** " + ", ".join(md_text(k) for k in detail.keywords))
for label in ("tldr", "abstract", "digest"):
    if p.get(label):
        with st.expander({"tldr": "TL;DR", "abstract": "Abstract", "digest": "The catalog's digest"}[label],
                         expanded=label == "tldr"):
            st.markdown(md_block(p[label]))  # outside text is data: shown as written, never as Markdown
            if label == "digest":
                st.caption(f"Written by the [Awesome Deep Phenomena catalog]({CATALOG_PAGE}) "
                           "under its entry for this paper.")

shown_tags = [f for f in detail.phenomena if f["confidence"] != "weak"]  # timelines count strong+medium tags
if shown_tags and p.get("year"):
    st.subheader("On the timeline")
    phen = shown_tags[0]
    if len(shown_tags) > 1:
        phen = next(f for f in shown_tags if f["id"] == st.radio(
            "Phenomenon", [f["id"] for f in shown_tags], horizontal=True, key="paper_timeline",
            format_func={f["id"]: md_text(f["name"]) for f in shown_tags}.get))
    timeline = services.phenomenon_timeline(graph, phen["id"])["papers_per_year"]
    earlier = sum(n for year, n in timeline.items() if year < p["year"])
    st.caption(f"{sum(timeline.values())} papers on {md_text(phen['name'])} from {min(timeline)} to {max(timeline)}; "
               f"{earlier} came before this one ({p['year']}).")
    years = range(min(min(timeline), p["year"]), max(max(timeline), p["year"]) + 1)  # empty years too
    st.bar_chart([{"year": str(year), "papers": timeline.get(year, 0),
                   "papers from": "this paper's year" if year == p["year"] else "other years"} for year in years],
                 x="year", y="papers", color="papers from", height=240)

related = ui.related(paper_id)
if related:
    st.subheader("Related papers")
    for item in related:
        st.page_link(ui.PAPER, label=f"{md_text(item['title'])} ({item['year'] or 'n.d.'})",
                     query_params={"paper": item["id"]})
        st.caption(" · ".join(md_text(reason) for reason in item["reasons"]))

ui.grow_panel("paper", paper_id)

left, right = st.columns(2)
for col, title, items in ((left, "References in the graph", detail.references),
                          (right, "Cited by, in the graph", detail.citations)):
    col.subheader(f"{title} ({len(items)})")
    if not items:
        col.caption("None yet: citations come from Semantic Scholar during `phenomena build`.")
    for item in items[:100]:
        col.page_link(ui.PAPER, label=f"{md_text(item['title'])} ({item['year'] or 'n.d.'})",
                      query_params={"paper": item["id"]})
