"""Seed map: the papers most similar to one or several seed papers, as Connected Papers draws them."""
import streamlit as st

from app.web import graphpanel, mapui, seedmapview, services, sharebar, ui
from app.web.graphview import short_labels
from app.web.style import YEAR_RAMP
from graph.analytics.seed_map import DEFAULT_SIZE, MAX_SIZE
from graph.safe_text import md_message, md_text

MAX_SEEDS = 10  # seeds read from a URL (outside text): a long list is cut
st.title("Seed map")
graph = ui.paper_graph()
choices = dict(services.list_papers(graph))
if not choices:
    st.info("The graph has no papers yet: run `phenomena build` first.")
    st.stop()


def _from_url(text: str) -> list[str]:
    """Seeds from ``?seeds=``: keys, arXiv ids, DOIs (those in the graph)."""
    found = [mapui.resolve_paper(ref) for ref in services.parse_ids(text)[:MAX_SEEDS]]
    return list(dict.fromkeys(k for k in found if k))


ui.bind_to_url("seedmap_seeds", "seeds", lambda text: bool(_from_url(text)), default=[], convert=_from_url)
seeds = st.multiselect("Seed papers", list(choices), key="seedmap_seeds", format_func=choices.get,
                       placeholder="Choose one or several papers: type words of a title")
ui.update_url("seedmap_seeds", "seeds", ",".join(seeds))


def _add_seed(key: str) -> None:
    st.session_state["seedmap_seeds"] = list(dict.fromkeys([*st.session_state.get("seedmap_seeds", []), key]))


with st.expander("A paper by arXiv id or DOI (grown from Semantic Scholar when it is not in the graph)"):
    ref = st.text_input("arXiv id or DOI", key="seedmap_ref", placeholder="e.g. 2201.02177 or 10.1073/pnas.1903070116")
    if ref.strip():
        key = mapui.resolve_paper(ref)
        if key:
            st.button(f"Add “{md_text(ui.short_title(graph.papers[key].title))}” as a seed", key="seedmap_add",
                      on_click=_add_seed, args=(key,))
        elif st.button("Grow from Semantic Scholar", key="seedmap_grow"):
            lines: list[str] = []
            with st.status(f"Growing around {md_text(ref.strip())}…", expanded=False):
                code = services.run_grow(ui.settings(), "paper", ref.strip(), 50, lines.append)
            st.cache_data.clear()
            st.cache_resource.clear()
            grown = services.resolve_paper(ui.paper_graph(), ref)
            if grown:  # through the URL: the seed widget already exists in this run
                st.query_params["seeds"] = ",".join([*seeds, grown])
                st.rerun()
            offline = any("unreachable" in line or "offline" in line for line in lines)
            failed = next((line for line in lines if line.startswith("Error")), "")
            st.warning(md_message(
                f"{ref.strip()} is not in the graph and Semantic Scholar cannot be reached (offline): "
                "connect to the internet and grow again." if offline else
                f"{ref.strip()}: {failed.removeprefix('Error: ')}" if failed else
                f"Semantic Scholar does not know {ref.strip()}: check the arXiv id or DOI."))

size = st.slider("Papers on the map", 10, MAX_SIZE, DEFAULT_SIZE, step=5, key="seedmap_size")
if not seeds:
    st.info("Choose a seed paper above: the map shows the papers most similar to it (text, shared phenomena "
            "and keywords; co-citation and shared references when the graph has citations).")
    st.stop()

m = mapui.seed_map(seeds, size)
labels = short_labels(graph, m.nodes)
data = seedmapview.seed_map_data(graph, m)
signals = "text, shared phenomena and keywords" + (", co-citation, shared references and citations"
                                                   if graph.cites else " (no citations in this graph yet)")
st.markdown(f"**{len(m.papers)} papers most similar to "
            + ", ".join(md_text(labels.get(s) or graph.papers[s].title) for s in m.seeds)
            + f"** by {signals}. Colour: year; size: {m.size_by}; lines join each paper to its most similar "
              "papers on the map.")
left, right = st.columns([3, 2])
with left:
    selected = graphpanel.show_graph(data, f"seedmap:{ui.version()}:{','.join(m.seeds)}:{size}", page="seedmap",
                                     panel=False, height=620)
    span = seedmapview.map_span(graph, m.nodes)
    seeds_named = ", ".join(labels.get(s) or graph.papers[s].title for s in m.seeds)
    sharebar.share_buttons(data, title=f"Seed map of {seeds_named}", key="seedmap",
                           caption=f"{len(m.papers)} papers most similar to {seeds_named}; colour: year; "
                                   f"size: {m.size_by}; lines join similar papers.",
                           colours=[(str(span[0]), YEAR_RAMP[0]), (str(span[1]), YEAR_RAMP[-1])] if span else [])
rows = services.seed_map_rows(graph, m, labels)
focus = next((k for k in selected if k in m.nodes), m.seeds[0])
with right:
    row = next(r for r in rows if r["id"] == focus)
    with st.container(border=True, key="seedmap_detail"):
        p = graph.papers[focus]
        st.markdown(f"**{md_text(p.title)}**")
        st.caption(f"{md_text(row['label'])} · " + ("seed paper" if row["seed"] else
                   f"#{row['rank']} on the map, score {row['score']:.2f}") + f" · {m.size_by}: {row['measure']:g}")
        what, text = services.paper_summary(graph, focus)
        if text:
            st.markdown(f"**{what}:** {md_text(text, limit=700)}")
        if row["reasons"]:
            st.markdown("**Why it is here:** " + "; ".join(md_text(r) for r in row["reasons"][:6]))
        st.page_link(ui.PAPER, label="Open paper page", query_params={"paper": focus})
        if focus not in m.seeds:
            st.button("Add as a seed", key="seedmap_add_focus", on_click=_add_seed, args=(focus,))
    st.markdown("**Ranked by similarity** (click a paper in the map for its abstract)")
    with st.container(height=330, key="seedmap_list"):
        for r in rows:
            head = "seed" if r["seed"] else f"{r['rank']}."
            score = "" if r["seed"] else f" · {r['score']:.2f}"
            st.markdown(f"{head} **{md_text(r['label'])}** {md_text(ui.short_title(r['title'], 70))}{score}")
            if r["reasons"]:
                st.caption(md_text("; ".join(r["reasons"][:3])))

st.subheader("Prior and derivative works")
if not graph.cites:
    st.caption("These need citations: run `phenomena build` with Semantic Scholar reachable "
               "(or grow the graph around a paper) to add them.")
else:
    before, after = st.columns(2)
    for column, title, works, none in (
            (before, "Prior works: cited by most of the map", m.prior, "No paper outside the map is cited by two of it."),
            (after, "Derivative works: citing most of the map", m.derivative,
             "No paper outside the map cites two of it.")):
        with column.container(key=f"seedmap_{'prior' if works is m.prior else 'derivative'}"):
            st.markdown(f"**{title}**")
            items = services.outside_rows(graph, works)
            if not items:
                st.caption(none)
            for item in items:
                st.page_link(ui.PAPER, label=f"{md_text(ui.short_title(item['title'], 60))} ({item['year'] or 'n.d.'})"
                             f" · {item['count']} of the map", query_params={"paper": item["id"]},
                             help=md_text(item["title"]))
