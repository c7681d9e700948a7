"""The explorer app's entry point: `streamlit run app/web/streamlit_app.py` (or `phenomena app`).

Pages live in ``app/web/views/`` (not ``pages/``: Streamlit would add its legacy page list beside st.navigation); each reads widgets, calls ``app.web.services`` through
``app.web.ui``, and renders.
"""
import sys
from pathlib import Path

# `streamlit run` puts only this folder on sys.path; the packages live one level up.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from app.web.style import APP_CSS  # noqa: E402

# No page_icon: a Material icon favicon is fetched from fonts.gstatic.com (found by the offline browser test).
st.set_page_config(page_title="Phenomena Atlas", layout="wide")
st.html(APP_CSS)  # style only: takes no room on the page

# No icons on pages either: the current page's icon becomes the favicon, fetched from the same CDN.
pages = [
    st.Page("views/home.py", title="Home", default=True),
    st.Page("views/graph.py", title="Graph", url_path="graph"),
    st.Page("views/paper.py", title="Paper", url_path="paper"),
    st.Page("views/phenomena.py", title="Phenomena", url_path="phenomena"),
    st.Page("views/maps.py", title="Maps", url_path="maps"),
    st.Page("views/timeline.py", title="Time axis", url_path="timeline"),
    st.Page("views/seedmap.py", title="Seed map", url_path="seedmap"),
    st.Page("views/paths.py", title="Paths", url_path="paths"),
    st.Page("views/clusters.py", title="Clusters", url_path="clusters"),
    st.Page("views/library.py", title="My library", url_path="library"),
    st.Page("views/cypher.py", title="Cypher", url_path="cypher"),
]
st.navigation(pages).run()
