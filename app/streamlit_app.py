"""The explorer app's entry point: `streamlit run app/streamlit_app.py` (or `phenomena app`).

Pages live in ``app/pages/``; each reads widgets, calls ``app.services`` through
``app.ui``, and renders.
"""
import sys
from pathlib import Path

# `streamlit run` puts only this folder on sys.path; the packages live one level up.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

st.set_page_config(page_title="Phenomena Atlas", page_icon=":material/hub:", layout="wide")

pages = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/graph.py", title="Graph", icon=":material/hub:", url_path="graph"),
    st.Page("pages/paper.py", title="Paper", icon=":material/article:", url_path="paper"),
    st.Page("pages/cypher.py", title="Cypher", icon=":material/terminal:", url_path="cypher"),
]
st.navigation(pages).run()
