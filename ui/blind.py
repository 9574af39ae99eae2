"""The blind-hiring check on an uploaded resume or cover letter (Profile page).

The check itself is `core.interview.blind.check_document`; results are cached per text so a
rerun does not embed the document again. Off when the user turned it off in Settings."""

from __future__ import annotations

import streamlit as st

from core import preferences
from core.interview.blind import ProtectedDetail, check_document
from ui.context import db_engine, tr
from ui.safe import inert


@st.cache_data(show_spinner=False, max_entries=64)
def _details(text: str) -> tuple[ProtectedDetail, ...]:
    return check_document(text)


def render_document_check(user_id: int, text: str) -> None:
    """Flagged sentences of one document, each with its category and why that category
    matters (`blind.why.<category>`)."""
    st.markdown(f"**{tr('blind.profile.title')}**")
    if not preferences.blind_check_on(db_engine(), user_id=user_id):
        st.caption(tr("blind.profile.off"))
        return
    with st.spinner(tr("blind.profile.title")):
        details = _details(text or "")
    if not details:
        st.caption(tr("blind.profile.none"))
        return
    st.caption(tr("blind.profile.caption"))
    for detail in details:
        category = tr(f"blind.category.{detail.category}")
        st.markdown(f"- **{category}**: “{inert(detail.sentence[:300])}”")
        st.caption(tr(f"blind.why.{detail.category}"))
