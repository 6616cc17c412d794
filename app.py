"""transcheck dashboard: `streamlit run app.py` (or `transcheck dashboard`).

A thin router; the pages live in transcheck.dashboard.
"""

import streamlit as st

from transcheck.dashboard import app_pages

st.set_page_config(page_title="transcheck", page_icon=":material/translate:", layout="wide")
st.navigation(app_pages()).run()
