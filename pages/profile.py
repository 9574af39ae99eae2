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
if user.role == "coach":
    view.render_coach_prepare(user.id)

# A keyed, state-tracking tab set keeps the user's tab across reruns (saving, selecting),
# and only the open tab's content runs.
sections = (
    (tr("profile.tab.profile"), view.render_profile_items),
    (tr("profile.tab.documents"), view.render_documents),
    (tr("profile.tab.analysis"), view.render_analysis),
)
tabs = st.tabs([label for label, _ in sections], key=view.TAB_KEY, on_change="rerun")
for tab, (_, render) in zip(tabs, sections, strict=True):
    if tab.open is not False:
        with tab:
            render(user.id)
