"""Logged-out landing page: what the app does, and the login / registration forms."""

import streamlit as st

from ui.auth import render_login_page
from ui.context import tr

st.title(tr("app.title"))
st.write(tr("app.tagline"))
st.caption(tr("privacy.what_we_measure"))
if render_login_page() is not None:
    st.rerun()
