"""The better-answer outline next to an answer's feedback: the candidate's own sentences in
STAR order, bracketed placeholders for what to add (`core.feedback.outline` builds it)."""

from __future__ import annotations

import streamlit as st

from core.feedback.outline import Outline
from ui.context import tr
from ui.safe import inert


def render_outline(outline: Outline | None) -> None:
    """One line per STAR part; placeholders in italics (catalogue text), own words inert; the
    notice when an LLM outline was replaced by the one from the candidate's own words."""
    if outline is None or not outline.lines:
        return
    st.markdown(f"**{tr('outline.title')}**")
    st.caption(tr("outline.caption"))
    if outline.notice:
        st.info(tr(f"outline.notice.{outline.notice}"))
    for line in outline.lines:
        label = tr(f"outline.part.{line.part}")
        body = f"_{inert(line.text)}_" if line.placeholder else inert(line.text)
        st.markdown(f"- **{label}**: {body}")
