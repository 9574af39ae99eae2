"""Logged-out landing page: what the app does, and the login / registration forms."""

import streamlit as st

from ui.auth import render_login_page
from ui.context import tr
from ui.practice.browser import forget_drafts

st.title(tr("app.title"))
st.write(tr("app.tagline"))
st.caption(tr("privacy.what_we_measure"))
if render_login_page() is not None:
    st.rerun()
# Drawn after every logout (this is the page a logged-out tab gets): typed answers the tab
# kept for a reload (ui.practice.browser.keep_draft) leave with the person who typed them.
forget_drafts()
