"""transcheck dashboard: `streamlit run app.py` (or `transcheck dashboard`).

A thin router; the pages live in transcheck.dashboard.
"""

import streamlit as st

from transcheck.dashboard import app_pages

# An emoji icon becomes an inline data: URL; a ":material/...:" page icon
# makes Streamlit fetch the favicon from fonts.gstatic.com, and this tool is
# offline (the nav icons use the Material Symbols font Streamlit bundles).
st.set_page_config(page_title="transcheck", page_icon="🌐", layout="wide")
st.navigation(app_pages()).run()
