"""Profile & documents: the standardised resume, candidate documents with versions, and
the resume / cover-letter analysis (claims, gaps, expected questions)."""

import streamlit as st

from ui import profile as view
from ui.auth import require_user
from ui.context import tr

user = require_user()
st.title(tr("profile.title"))
st.caption(tr("profile.intro"))
view.render_flash()
view.render_pending(user.id)

tab_profile, tab_documents, tab_analysis = st.tabs(
    [tr("profile.tab.profile"), tr("profile.tab.documents"), tr("profile.tab.analysis")]
)
with tab_profile:
    view.render_profile_items(user.id)
with tab_documents:
    view.render_documents(user.id)
with tab_analysis:
    view.render_analysis(user.id)
