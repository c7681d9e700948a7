"""The Graph page of a large graph: groups first, then one group's papers.

Above :data:`graph.drawing.overview.OVERVIEW_MIN_PAPERS` papers the Graph page never
loads every paper: it shows clusters (or phenomena) as super-nodes from
aggregating queries, and a chosen group's best papers (``?group=cluster:3``).
"""
from __future__ import annotations

import streamlit as st

from app.pipeline.first_page import snapshot_papers
from app.web import groupview, ui
from graph.drawing import overview as ov
from graph.safe_text import md_text

__all__ = ["is_large", "render"]

SHOW_MORE_STEP = 300


@st.cache_data(ttl=ui.CACHE_TTL_S, show_spinner=False, max_entries=4)
def _paper_count(version_key: str) -> int:
    known = snapshot_papers(ui.settings(), version_key)  # a built graph's snapshot: no store to open
    if known is not None:
        return known
    return ui.with_store(lambda store: store.query("MATCH (p:Paper) RETURN count(p) AS n").rows[0][0])


@st.cache_data(ttl=ui.CACHE_TTL_S, show_spinner="Counting citations between groups…", max_entries=8)
def _overview(version_key: str, kind: str) -> tuple[ov.Overview, str]:
    found = ui.with_store(lambda store: ov.load_overview(store, kind))
    return found, groupview.render_overview_html(found)


@st.cache_data(ttl=ui.CACHE_TTL_S, show_spinner=False, max_entries=32)
def _drill_down(version_key: str, kind: str, key: str, top: int) -> tuple[ov.DrillDown, str]:
    part = ui.with_store(lambda store: ov.load_drill_down(store, kind, key, top=top))
    return part, groupview.render_drill_down_html(part)


def is_large() -> bool:
    """True when the graph is big enough to start from the overview."""
    return ui.guarded(_paper_count, ui.version()) >= ov.OVERVIEW_MIN_PAPERS


def render() -> None:
    group = groupview.parse_group_param(st.query_params.get("group"))
    if group is not None:
        return _render_group(*group)
    count = ui.guarded(_paper_count, ui.version())
    kind = st.radio("Group papers by", ["cluster", "phenomenon"], horizontal=True, key="overview_kind",
                    format_func=lambda k: {"cluster": "Clusters", "phenomenon": "Phenomena"}[k])
    found, html = ui.guarded(_overview, ui.version(), kind)
    if not found.nodes:
        hint = ("run `phenomena analyze` to cluster it" if kind == "cluster" else "no paper is about a phenomenon yet")
        st.info(f"This graph has {count:,} papers and no {kind} groups: {hint}.")
        return
    st.markdown(f"**{md_text(found.summary())}**")
    drawn = len(ov.strongest_links(found, groupview.LINKS_PER_GROUP))
    st.caption(f"{count:,} papers are too many to draw one by one: each circle is a {kind} (area: papers). "
               f"Links: each group's {groupview.LINKS_PER_GROUP} strongest (citations between two groups relative "
               f"to their sizes), {drawn:,} of the {len(found.edges):,} linked pairs; width: citations. "
               "Zoom in for the labels of small groups. Double-click a circle, or choose it below, to see its papers.")
    st.iframe(html, height=660)
    choices = {groupview.group_param(n.kind, n.key): n for n in found.nodes if n.key != ov.OTHER}

    def open_group() -> None:  # the choice goes to the address, and the box is cleared for the way back
        st.query_params["group"] = st.session_state["overview_open"]
        st.session_state["overview_open"] = None

    st.selectbox("Open a group", list(choices), index=None, key="overview_open", on_change=open_group,
                 placeholder="Choose a group…", format_func=lambda g: f"{choices[g].label} ({choices[g].papers:,} papers)")
    if found.folded:
        st.caption(f"The {found.folded:,} smaller {kind} groups are one circle; open one by its key in the "
                   f"address, e.g. `?group={kind}:KEY`.")


def _render_group(kind: str, key: str) -> None:
    top_key = f"overview_top_{kind}_{key}"
    st.session_state.setdefault(top_key, SHOW_MORE_STEP)
    part, html = ui.guarded(_drill_down, ui.version(), kind, key, st.session_state[top_key])
    if st.button("Back to the overview", icon=":material/arrow_back:"):
        del st.query_params["group"]
        st.rerun()
    st.markdown(f"**{md_text(part.summary())}**")
    if len(part.papers) < part.total:
        def more() -> None:
            st.session_state[top_key] += SHOW_MORE_STEP
        st.button(f"Show more (+{min(SHOW_MORE_STEP, part.total - len(part.papers)):,})", on_click=more)
    st.iframe(html, height=660)
    st.caption("Dot size: citations within the graph. Hover a paper for its title; double-click it to open its page.")
