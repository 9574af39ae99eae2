"""All attempts of one question on the report ("Answer again"): the best and the last marked,
the one that counts, and what changed from the attempt before (`core.feedback.retry`)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.context import tr
from ui.safe import inert


def render_attempts(answer: dict[str, Any]) -> None:
    history = answer.get("attempts") or {}
    marks = history.get("marks") or []
    if len(marks) < 2:
        return
    st.markdown(f"**{tr('retry.attempts', n=len(marks))}**")
    for i, mark in enumerate(marks, 1):
        tags = [tr(f"retry.{tag}") for tag in ("best", "last", "counts") if mark.get(tag)]
        score = "—" if mark.get("score") is None else f"{mark['score']:g}"
        st.markdown(f"- #{i}: {score}/100" + (f" · {', '.join(tags)}" if tags else ""))
    for diff in history.get("diffs") or []:
        rows = [{tr("progress.measure"): c["name"], tr("progress.before"): c["before"],
                 tr("progress.after"): c["after"], tr("progress.change"): c["delta"]} for c in diff["changes"]]
        st.dataframe(rows, hide_index=True)
        if diff.get("star_added"):
            st.success(tr("progress.star_gained", parts=", ".join(tr(f"outline.part.{p}") for p in diff["star_added"])))
        key = diff.get("key_sentence")
        if key:
            st.markdown(f"> :green-background[{inert(key['text'])}]")
