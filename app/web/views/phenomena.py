"""Phenomena: how they connect (map), which papers bridge two, and when each grew (timeline)."""
import streamlit as st

from app.web import bridgeview, graphpanel, graphview, services, sharebar, style, ui
from graph.safe_text import md_code, md_text

BRIDGES_SHOWN = 10  # listed and drawn: every listed bridge is in the drawing

st.title("Phenomena")
graph = ui.paper_graph()
sizes = graph.phenomenon_sizes
present = sorted((pid for pid in sizes if sizes[pid]), key=lambda pid: (-sizes[pid], pid))
if not present:
    st.info("No paper is linked to a phenomenon yet: run `phenomena build` first.")
    st.stop()
name = graph.phenomenon_names.get

st.subheader("Map")
measure = st.radio("Cell value", ["shared", "citations"], horizontal=True, key="phen_measure",
                   format_func={"shared": "papers about both", "citations": "citations from row to column"}.get)
pairs = services.phenomenon_map(graph)
cells = [{"row": name(pid), "column": name(pid), "value": sizes[pid] if measure == "shared" else 0} for pid in present]
for r in pairs:
    for row, col, cited in ((r["a"], r["b"], r["a_cites_b"]), (r["b"], r["a"], r["b_cites_a"])):
        value = r["shared_papers"] if measure == "shared" else cited
        cells.append({"row": name(row), "column": name(col), "value": value})
cells = [c for c in cells if c["value"]]
order = [name(pid) for pid in present]
if not cells:  # an empty chart would show a "NaN" legend: say why instead
    st.info("No citations between papers of these phenomena yet: citations come from Semantic Scholar. "
            "Run `phenomena build` online (an `S2_API_KEY` in `.env` makes it faster) or grow around a paper "
            "with `phenomena grow --paper 2201.02177`." if measure == "citations" else
            "No paper is about two of these phenomena yet.")
else:
    longest = max(len(label) for label in order)
    step = max(14, min(36, (700 - 7 * longest) // len(order)))
    st.vega_lite_chart({
        "data": {"values": cells},
        "mark": {"type": "rect", "tooltip": True},
        "encoding": {  # every label shown in full: rotated columns, no overlap culling, no truncation
            "x": {"field": "column", "type": "nominal", "sort": order, "title": None,
                  "axis": {"labelAngle": -90, "labelLimit": 0, "labelOverlap": False, "labelFontSize": 12}},
            "y": {"field": "row", "type": "nominal", "sort": order, "title": None,
                  "axis": {"labelLimit": 0, "labelOverlap": False, "labelFontSize": 12}},
            "color": {"field": "value", "type": "quantitative", "scale": {"scheme": "blues", "type": "sqrt"},
                      "title": "papers" if measure == "shared" else "citations",
                      "legend": {"orient": "top", "direction": "horizontal"}},  # above the grid: never clipped
        },
        # Cells as big as fit the page beside the row labels (~7 px a character, ~700 px in all), at least 14 px.
        "width": {"step": step}, "height": {"step": step},
        "padding": {"bottom": 6 * longest // 10},
    }, width="content")
    st.caption(f"{len(order)} phenomena with papers; empty cells: no paper about both"
               + (" (or no citation from row to column)" if measure == "citations" else "") + ".")

links = ui.phenomenon_links()
if links:
    st.caption("Hierarchy: " + "; ".join(
        f"{md_text(r['narrower'])} ⊂ {md_text(r['broader'])}" if r["kind"] == "narrower"
        else f"{md_text(r['narrower'])} ~ {md_text(r['broader'])}"
        for r in links) + " (⊂: a tag of the narrower implies the broader, one confidence level lower; ~: related).")

st.subheader("Bridge papers")
left, right = st.columns(2)
a = left.selectbox("Between", present, key="phen_a", format_func=lambda pid: f"{name(pid)} ({ui.papers_count(sizes[pid])})")
others = [pid for pid in present if pid != a]
if not others:
    st.caption("Only one phenomenon has papers.")
else:
    b = right.selectbox("and", others, key="phen_b", format_func=lambda pid: f"{name(pid)} ({ui.papers_count(sizes[pid])})")
    # Offered only when it can change something: builds keep weak evidence out of the graph.
    all_tags = services.has_weak_tags(graph) and st.toggle(
        "Count weak tags too", key="phen_all_tags",
        help="Weak tags: a catalog section alone, a keyword listed after another phenomenon's.")
    bridges = ui.bridges(a, b, all_tags)[:BRIDGES_SHOWN]
    if not bridges:
        grow = md_code('phenomena grow --concept "%s"' % name(a).lower())  # a code span that data cannot end
        said = services.no_bridge_message(name(a), name(b))
        st.info(md_text(said[:1].upper() + said[1:]) + f"; citations (`phenomena build` "
                f"online, or {grow}) may add some.")
    else:
        for item in bridges:
            st.page_link(ui.PAPER, label=f"{md_text(item['title'])} ({item['year'] or 'n.d.'})",
                         query_params={"paper": item["paper"]})
            st.caption(f"{md_text(item['method'])}: " + " · ".join(md_text(r) for r in item["reasons"]))
        ids = [i["paper"] for i in bridges]
        data, legend = bridgeview.bridge_data(graph, bridges, a, b, style.phenomenon_colours(graph.phenomenon_names),
                                              labels=graphview.short_labels(graph, ids),
                                              related=services.similar_links(graph))
        st.markdown(f"**{md_text(bridgeview.bridge_summary(data))}** · left {md_text(name(a))}, right "
                    f"{md_text(name(b))}; solid: about it, dotted: resembles its papers or reaches them by citations")
        st.markdown(ui.legend_html(legend), unsafe_allow_html=True)
        graphpanel.show_graph(data, f"bridge:{a}|{b}|{all_tags}|{','.join(ids)}", page="phenomena")
        sharebar.share_buttons(data, title=f"Bridge papers between {name(a)} and {name(b)}",
                               caption=bridgeview.bridge_summary(data), colours=legend, key="bridges")

st.subheader("Timeline")
featured = [p["id"] for p in services.find_phenomena(
    [{"id": pid, "name": name(pid)} for pid in present], ["Grokking", "Double Descent", "Simplicity Bias"])]
chosen = st.multiselect("Phenomena", present, default=featured or present[:3], key="phen_timeline",
                        format_func=name)
stories = {pid: services.phenomenon_timeline(graph, pid) for pid in chosen}
clusters_named = services.graph_clusters(graph)  # cluster -> its label, for plain words
rows = services.timeline_rows({name(pid): stories[pid]["papers_per_year"] for pid in chosen})
if rows:
    st.bar_chart(rows, x="year", y="papers", color="phenomenon", height=260)
for pid in chosen:
    t = stories[pid]
    bursts = ", ".join(f"{b['start']}–{b['end']}" if b["end"] != b["start"] else str(b["start"]) for b in t["bursts"])
    home = clusters_named.get(t.get("home_cluster"), f"group {t.get('home_cluster')}")
    spread = (f"; reaches papers outside its first topic group (“{md_text(home)}”) in {t['spread_year']}"
              if t.get("spread_year") else "")
    st.caption(f"{md_text(name(pid))}: first paper {t['first_year'] or 'n.d.'} ({md_text(t['first_title']) or '–'}); "
               f"years with unusually many papers: {md_text(t.get('burst_note') or bursts or 'none')}{spread}.")
