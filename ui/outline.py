"""The better-answer outline next to an answer's feedback: the candidate's own sentences in
STAR order, bracketed placeholders for what to add (`core.feedback.outline` builds it)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.context import tr
from ui.safe import inert


def render_outline(outline: dict[str, Any] | None) -> None:
    """One line per STAR part; placeholders in italics (catalogue text), own words inert."""
    lines = (outline or {}).get("lines") or []
    if not lines:
        return
    st.markdown(f"**{tr('outline.title')}**")
    st.caption(tr("outline.caption"))
    if (outline or {}).get("notice"):
        st.caption(tr(f"outline.notice.{outline['notice']}"))  # type: ignore[index]
    for line in lines:
        label = tr(f"outline.part.{line['part']}")
        body = f"_{inert(line['text'])}_" if line.get("placeholder") else inert(line["text"])
        st.markdown(f"- **{label}**: {body}")
