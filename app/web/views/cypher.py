"""Cypher console: saved queries as forms, or free Cypher; read-only by construction."""
import streamlit as st

from app.web import graphpanel, graphview, services, ui
from graph.errors import AtlasError
from graph.model import schema
from graph.safe_text import md_message, md_text

GRAPH_LIMIT = 2000  # papers drawn from one result

st.title("Cypher")
st.caption("Read-only: a query that writes is refused. Node labels: " + ", ".join(schema.NODE_LABELS)
           + "; relationships: " + ", ".join(f"{rel} ({a}→{b})" for rel, (a, b, _) in schema.REL_TYPES.items())
           + "; ABOUT has a confidence: strong, medium, weak.")
ui.version()  # one line and stop when there is no graph

FREE = ""
saved = dict(services.list_saved_queries())
choice = st.selectbox("Query", [FREE, *saved], key="cypher_choice",
                      format_func=lambda name: "Free Cypher" if name == FREE else saved[name])

params: dict = {}
if choice == FREE:
    text = st.text_area("Cypher", height=160, key="cypher_text", value=(
        "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon)\nRETURN f.name AS phenomenon, count(p) AS papers\n"
        "ORDER BY papers DESC"))
    names = services.query_parameters(text)  # fields follow the text as it is edited
    if names:
        cols = st.columns(min(len(names), 4))
        for i, name in enumerate(names):
            raw = cols[i % len(cols)].text_input(f"${name}", key=f"cypher_param:{name}")
            params[name] = int(raw) if raw.strip().lstrip("-").isdigit() else raw
else:
    query = ui.guarded(services.load_saved_query, choice, ui.settings().store)
    if query.description:
        st.caption(query.description)
    raw = {}
    cols = st.columns(min(max(len(query.params), 1), 4))
    for i, p in enumerate(query.params):
        label = f"${p.name}" + (" (required)" if p.required else "")
        key = f"saved_param:{choice}:{p.name}"
        col = cols[i % len(cols)]
        if p.type == "bool":
            raw[p.name] = col.checkbox(label, value=bool(p.default), key=key)
        elif p.type in ("int", "float"):
            raw[p.name] = col.number_input(label, value=p.default, key=key,
                                           step=1 if p.type == "int" else None)
        else:
            raw[p.name] = col.text_input(label, value=p.default or "", key=key)
    text = ui.guarded(query.text_for, ui.settings().store)
    with st.expander("Cypher"):
        st.code(text, language="cypher")

left, right, _ = st.columns([1, 1, 3])
limit = left.number_input("Row limit", min_value=1, max_value=100_000, value=1000, step=100)
timeout_s = right.number_input("Timeout (s)", min_value=1, max_value=300, value=10)

if st.button("Run", type="primary"):
    # Kept in the session: clicking the result's graph reruns the page, which must not lose the result.
    st.session_state.pop("cypher_last", None)
    try:
        saved_query = None
        if choice != FREE:  # typed values; names checked against the graph ("did you mean …?")
            params, saved_query = services.saved_query_params(query, raw), query
        run = ui.run_query(text, params, int(limit), float(timeout_s), saved=saved_query)
    except AtlasError as err:
        st.session_state["cypher_last"] = {"error": str(err)}
    else:  # why an empty result is empty: edges the query needs are missing, or nothing matched
        st.session_state["cypher_last"] = {"result": run.result, "limit": int(limit), "why": run.why_empty}

last = st.session_state.get("cypher_last")
if last and "error" in last:
    st.error(md_message(last["error"]), icon=":material/error:")  # it can quote the query and the graph
elif last:
    result = last["result"]
    note = f" (stopped at the limit of {last['limit']})" if result.truncated else ""
    st.markdown(f"**{ui.plural(len(result.rows), 'row')}{note}**")
    if result.rows:
        st.dataframe(services.table_rows(result), hide_index=True)
    else:  # why: edges the query needs are missing (and how to add them), or nothing matched
        st.info(last["why"], icon=":material/info:")
    papers = services.paper_ids_in(result, ui.paper_graph().papers)
    if papers:
        data, view, legend, summary, view_key = ui.graph_data(only=papers[:GRAPH_LIMIT], top_n=GRAPH_LIMIT,
                                                              layers=graphview.DEFAULT_LAYERS)
        st.markdown(f"**The result as a graph: {md_text(summary[0].lower() + summary[1:])}**")
        st.markdown(ui.legend_html(legend), unsafe_allow_html=True)
        graphpanel.show_graph(data, view_key, page="cypher")
