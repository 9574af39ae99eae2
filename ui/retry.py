"""All attempts of one question on the report ("Answer again"): the best and the last marked,
the one that counts, and what changed from the attempt before (`core.feedback.retry`)."""

from __future__ import annotations

import streamlit as st

from core.report.types import AttemptHistory
from ui.context import tr
from ui.safe import inert


def render_attempts(history: AttemptHistory) -> None:
    marks = history.marks
    if len(marks) < 2:
        return
    st.markdown(f"**{tr('retry.attempts', n=len(marks))}**")
    for i, mark in enumerate(marks, 1):
        tags = [tr(f"retry.{tag}") for tag, on in (("best", mark.best), ("last", mark.last), ("counts", mark.counts))
                if on]
        score = "—" if mark.score is None else f"{mark.score:g}"
        st.markdown(f"- #{i}: {score}/100" + (f" · {', '.join(tags)}" if tags else ""))
    for diff in history.diffs:
        rows = [{tr("progress.measure"): c.name, tr("progress.before"): c.before,
                 tr("progress.after"): c.after, tr("progress.change"): c.delta} for c in diff.changes]
        st.dataframe(rows, hide_index=True)
        if diff.star_added:
            st.success(tr("progress.star_gained", parts=", ".join(tr(f"outline.part.{p}") for p in diff.star_added)))
        if diff.key_sentence is not None:
            st.markdown(f"> :green-background[{inert(diff.key_sentence.text)}]")
