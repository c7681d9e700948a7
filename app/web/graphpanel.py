"""A drawing you can work in: the graph component beside a side panel, the selection in the URL.

Click a node: the panel shows its details with "Expand neighbours", "Centre here"
and "Open paper page".  Shift-click papers: the panel lists the selection and
offers it as BibTeX.  ``?select=`` (selected keys) and ``?expand=`` (expanded
nodes) make a view shareable; each page has one drawing, so the names are plain.
"""
from __future__ import annotations

import streamlit as st

from app.web import services, ui
from app.web.component import graph_component
from graph.safe_text import md_link, md_text

__all__ = ["expanded", "show_graph", "drawing_height"]


def drawing_height(nodes: list[dict], width_px: int = 760) -> int:
    """Pixels for a drawing: its shape (height over width of the laid-out nodes) at the frame's width,
    between 260 and 720, so a flat drawing gets a low frame and a tall one is not squeezed.

    >>> drawing_height([{"x": -400, "y": 0}, {"x": 400, "y": 0}])
    260
    >>> drawing_height([{"x": 0, "y": -500}, {"x": 500, "y": 500}])
    720
    """
    xs = [n.get("x", 0) for n in nodes] or [0]
    ys = [n.get("y", 0) for n in nodes] or [0]
    shape = (max(ys) - min(ys) + 160) / (max(xs) - min(xs) + 240)
    return int(min(720, max(260, shape * width_px)))


def _state(page: str) -> dict:
    """This page's selection state: keys selected, the last event handled, expansions, focus."""
    state = st.session_state.setdefault(f"_graph:{page}", {"selected": [], "seq": 0, "expand": [], "focus": None,
                                                           "focus_seq": 0, "anchor": None, "url": None})
    url = (st.query_params.get("select"), st.query_params.get("expand"))
    if state["url"] != url:  # the address changed (a shared link, back/forward): it wins
        state.update(selected=services.parse_ids(url[0]), expand=services.parse_ids(url[1]), url=url,
                     seq=state["seq"] + 1, anchor=None)
    return state


def _write_url(state: dict) -> None:
    for param, ids in (("select", state["selected"]), ("expand", state["expand"])):
        text = ",".join(ids)
        if st.query_params.get(param, "") != text:
            if text:
                st.query_params[param] = text
            else:
                st.query_params.pop(param, None)
    state["url"] = (st.query_params.get("select"), st.query_params.get("expand"))


def expanded(page: str) -> list[str]:
    """The nodes whose neighbours this page's drawing adds (from the URL or the panel)."""
    return list(_state(page)["expand"])


def show_graph(data: dict, view_key: str, *, page: str, height: int | None = None,
               fit_to: list[str] = (), panel: bool = True, panel_in=None, expandable: bool = False) -> list[str]:
    """Draw ``data`` with the side panel; returns the selected keys.

    ``expandable``: the page draws :func:`expanded` nodes' neighbours (the Graph page), so the panel
    offers "Expand neighbours"; other drawings are fixed views and never offer what they cannot do.

    ``panel_in``: a container made outside the page's fragment (the Graph page: a slot in the sidebar)
    for the panel, so the drawing takes the whole width; else the panel is a column beside it.
    """
    state = _state(page)
    height = height or drawing_height(data["nodes"])
    if panel_in is not None:
        left, right = st.container(), panel_in  # a fragment rerun replaces what it wrote there
    else:
        left, right = st.columns([5, 2]) if panel else (st.container(), None)
    version = f"{view_key}|{len(data['nodes'])}|{len(data['edges'])}|{','.join(state['expand'])}"
    sent = state.get("sent") == version  # this session's drawing has it: do not ship it again
    with left:
        value = graph_component(None if sent else data, view_key=view_key, data_version=version, height=height,
                                selected=state["selected"],
                                selection_seq=state["seq"], focus=state["focus"], focus_seq=state["focus_seq"],
                                anchor=state["anchor"], fit_to=list(fit_to), key=f"{page}_graph")
    state["sent"] = version
    if value and value.get("need") and value.get("nonce") != state.get("nonce"):  # a remounted drawing
        state.update(sent=None, nonce=value["nonce"])
        st.rerun()
    if value and value.get("seq", 0) > state["seq"]:
        state.update(selected=list(value["selected"]), seq=value["seq"])
        _write_url(state)
    if right is not None:
        with right:
            _panel(state, page, {n["id"]: n for n in data["nodes"]}, expandable)
    return list(state["selected"])


def _expand(state: dict, node_id: str) -> None:
    if node_id not in state["expand"]:
        state["expand"].append(node_id)
    state["anchor"] = node_id
    _write_url(state)


def _centre(state: dict, node_id: str) -> None:
    state["focus"], state["focus_seq"] = node_id, state["focus_seq"] + 1


def _clear(state: dict) -> None:
    state["selected"], state["seq"] = [], state["seq"] + 1
    _write_url(state)


def _panel(state: dict, page: str, drawn: dict[str, dict], expandable: bool) -> None:
    selected = [k for k in state["selected"] if k in drawn]
    if not selected:
        st.caption("Click a node for its details; shift-click papers to collect them for BibTeX; "
                   "double-click a paper to open its page.")
        return
    if len(selected) > 1:
        _selection_panel(state, page, selected)
        return
    node_id = selected[0]
    detail = ui.paper(node_id) if str(drawn[node_id].get("kind", "paper")).lower() == "paper" else None
    with st.container(border=True, key=f"{page}_panel"):
        if detail is not None:
            _paper_details(detail)
        else:
            _node_details(ui.node(node_id), drawn[node_id])
        if expandable:
            st.button("Expand neighbours", key=f"{page}_panel_expand", on_click=_expand, args=(state, node_id),
                      help=f"Add up to {services.EXPAND_LIMIT} neighbours to the drawing", width="stretch")
        st.button("Centre here", key=f"{page}_panel_centre", on_click=_centre, args=(state, node_id), width="stretch")
        if detail is not None:
            st.page_link(ui.PAPER, label="Open paper page", icon=":material/article:",
                         query_params={"paper": node_id})
        if expandable and state["expand"]:
            st.button(f"Undo expansions ({len(state['expand'])})", key=f"{page}_panel_unexpand",
                      on_click=lambda: (state.update(expand=[], anchor=None), _write_url(state)))


def _paper_details(detail: services.PaperDetail) -> None:
    p = detail.paper
    st.markdown(f"**{md_text(p['title'])}**")
    authors = [md_text(a["name"]) for a in detail.authors]
    st.caption(", ".join(authors[:8]) + (f" and {len(authors) - 8} more" if len(authors) > 8 else "")
               or "Authors unknown")
    facts = [str(p["year"]) if p.get("year") else "year unknown", md_text(detail.venue)]
    cited = p.get("citation_count")
    in_graph = bool(ui.paper_graph().cites)  # without any citation (offline) these counts would all be 0
    counts = [f"cited {cited}× (Semantic Scholar)" if cited is not None else None,
              f"cited by {len(detail.citations)}, cites {len(detail.references)} in this graph" if in_graph
              else "no citations in this graph yet (they come from Semantic Scholar)"]
    st.markdown(" · ".join(f for f in facts if f) + "  \n" + " · ".join(c for c in counts if c))
    if detail.phenomena:
        st.markdown("**Phenomena:** " + ", ".join(md_text(f["name"]) for f in detail.phenomena))
    summary = p.get("tldr") or p.get("abstract") or p.get("digest")
    if summary:
        lead = "**TL;DR:** " if p.get("tldr") else "" if p.get("abstract") else "**The catalog's digest:** "
        st.markdown(lead + md_text(summary, limit=601))
    links = detail.links()
    if links:
        st.markdown(" · ".join(md_link(name, url) for name, url in links.items()))


def _node_details(detail: services.NodeDetail | None, drawn: dict) -> None:
    if detail is None:
        st.markdown(f"**{md_text(drawn.get('fullLabel') or drawn.get('label') or drawn['id'])}**")
        st.caption("Nothing more is stored about this node.")
        return
    st.markdown(f"**{md_text(detail.name)}** ({md_text(detail.kind.lower())})")
    if detail.description:
        st.caption(md_text(detail.description))
    st.markdown(f"**{ui.papers_count(detail.count)}**"
                + (f" ({detail.order})" if detail.count > 1 else ""))
    for item in detail.papers[:10]:
        st.page_link(ui.PAPER, label=f"{md_text(ui.short_title(item['title'], 48))} ({item['year'] or 'n.d.'})",
                     query_params={"paper": item["id"]}, help=md_text(item["title"]))  # cut with an ellipsis
    if detail.neighbours:
        st.markdown("**Neighbours:** " + ", ".join(f"{md_text(n['name'])} ({n['shared']})" for n in detail.neighbours[:8]))


def _selection_panel(state: dict, page: str, selected: list[str]) -> None:
    graph = ui.paper_graph()
    papers = [graph.papers[k] for k in selected if k in graph.papers]
    with st.container(border=True, key=f"{page}_panel"):
        st.markdown(f"**{ui.papers_count(len(papers))} selected**")
        for p in papers:
            st.markdown(f"- {md_text(p.title)} ({p.year or 'n.d.'})")
        if papers:
            st.download_button(f"Download BibTeX ({ui.papers_count(len(papers))})", services.selection_bibtex(graph, [p.id for p in papers]),
                               file_name="selection.bib", mime="application/x-bibtex", key=f"{page}_panel_bibtex",
                               on_click="ignore")
        st.button("Clear selection", key=f"{page}_panel_clear", on_click=_clear, args=(state,))
