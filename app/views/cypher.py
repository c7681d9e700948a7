"""Cypher console: saved queries as forms, or free Cypher; read-only by construction."""
import streamlit as st

from app import services, ui
from graph.errors import AtlasError

st.title("Cypher")
st.caption("Read-only: a query that writes is refused. Node labels: Paper, Author, Venue, Keyword, "
           "Phenomenon; relationships: CITES, WROTE, HAS_KEYWORD, ABOUT, PUBLISHED_IN.")
ui.version()  # one line and stop when there is no graph

try:  # saved queries come from queries/ when that package offers them
    from queries import list_queries, load_query
    saved = {str(name): name for name in list_queries()}
except (ImportError, AttributeError, AtlasError, OSError):
    saved, load_query = {}, None

FREE = "Free Cypher"
choice = st.selectbox("Query", [FREE, *saved], key="cypher_choice") if saved else FREE
if choice == FREE:
    default_text = "MATCH (p:Paper)-[:ABOUT]->(f:Phenomenon)\nRETURN f.name AS phenomenon, count(p) AS papers\n" \
                   "ORDER BY papers DESC"
else:
    loaded = load_query(saved[choice])
    default_text = getattr(loaded, "text", None) or getattr(loaded, "cypher", None) or str(loaded)
    description = getattr(loaded, "description", None)
    if description:
        st.caption(description)

# No st.form: the parameter fields must follow the text as it is edited.
text = st.text_area("Cypher", value=default_text, height=160, key=f"cypher_text:{choice}")
params = {}
names = services.query_parameters(text)
if names:
    cols = st.columns(min(len(names), 4))
    for i, name in enumerate(names):
        raw = cols[i % len(cols)].text_input(f"${name}", key=f"cypher_param:{choice}:{name}")
        params[name] = int(raw) if raw.strip().lstrip("-").isdigit() else raw
left, right, _ = st.columns([1, 1, 3])
limit = left.number_input("Row limit", min_value=1, max_value=100_000, value=1000, step=100)
timeout_s = right.number_input("Timeout (s)", min_value=1, max_value=300, value=10)
submitted = st.button("Run", type="primary")

if submitted:
    try:
        result = ui.run_query(text, params, int(limit), float(timeout_s))
    except AtlasError as err:
        st.error(str(err), icon=":material/error:")
    else:
        note = f" (stopped at the limit of {int(limit)})" if result.truncated else ""
        st.markdown(f"**{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}{note}**")
        if result.rows:
            st.dataframe(services.table_rows(result), hide_index=True)
