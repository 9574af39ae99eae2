"""Company library: companies, their documents (upload or paste, indexed with a progress
bar, delete or replace), and what the interviewer knows about each company."""

import streamlit as st

from ui import companies as view
from ui.auth import require_user
from ui.context import tr

user = require_user()
st.title(tr("rag.page.title"))
st.caption(tr("rag.page.intro"))
view.render_flash()
view.render_index_notices()

company = view.render_company_picker(user.id)
if company is not None:
    tab_docs, tab_search = st.tabs([tr("rag.page.documents"), tr("rag.page.search")])
    with tab_docs:
        view.render_documents(user.id, company)
        if company.owner_id == user.id:
            view.render_add_documents(user.id, company)
    with tab_search:
        view.render_search(user.id, company)
view.render_add_company(user.id)
