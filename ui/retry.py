"""Attempts of one question ("Answer again"): two attempts side by side with the sentence that
made the difference highlighted (the Practice page after a new attempt, and the report), and
on the report every attempt with the best and the last marked and a choice of the one that
counts for the session score (`core.feedback.retry` computes; this only renders)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.feedback.retry import AttemptDiff, AttemptMark, MeasureChange
from core.feedback.types import Evidence, FeedbackItem
from core.report.types import AnswerReport
from ui import safe
from ui.context import tr
from ui.safe import inert

# The candidate picks the attempt that counts: (question_id, attempt_id or None for "the last").
PickAttempt = Callable[[int, int | None], None]


def _value(change: MeasureChange, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}%" if change.unit == "%" else f"{value:g}"


def _change(change: MeasureChange) -> str:
    if change.delta is None:
        return "—"
    arrow = "" if change.better is None else (" ✓" if change.better else " ✗")
    number = f"{change.delta:+.0f} pp" if change.unit == "%" else f"{change.delta:+g}"
    return number + arrow


def _why(reason: str) -> str:
    kind, _, what = reason.partition(":")
    if kind == "star":
        return tr("practice_modes.diff.why_star", part=tr(f"outline.part.{what}"))
    return tr("practice_modes.diff.why_number", number=inert(what))


def render_diff(diff: AttemptDiff, *, before_label: str = "", after_label: str = "") -> None:
    """The attempt before and the new one side by side: both transcripts (the sentence that
    made the difference highlighted in the new one), STAR parts added and still missing,
    numbers added, and the measures with their change (✓ better, ✗ worse)."""
    st.markdown(f"**{tr('practice_modes.diff.title')}**")
    before_col, after_col = st.columns(2)
    with before_col:
        st.caption(before_label or tr("practice_modes.diff.before"))
        safe.text(diff.before_transcript)
    key = diff.key_sentence
    with after_col:
        st.caption(after_label or tr("practice_modes.diff.after"))
        if key is not None and key.char_start is not None and key.char_end is not None:
            mark = FeedbackItem(kind="content", key="retry.key_sentence", grade="good", text="", next_step="",
                                evidence=Evidence(char_start=key.char_start, char_end=key.char_end))
            safe.transcript(diff.after_transcript, [mark])
        else:
            safe.text(diff.after_transcript)
    if key is not None:
        st.markdown(f"{tr('practice_modes.diff.key')} :green-background[{inert(key.text)}] — {_why(key.reason)}")
    if diff.star_added:
        st.success(tr("progress.star_gained", parts=", ".join(tr(f"outline.part.{p}") for p in diff.star_added)))
    if diff.star_missing:
        st.warning(tr("practice_modes.diff.star_missing",
                      parts=", ".join(tr(f"outline.part.{p}") for p in diff.star_missing)))
    if diff.numbers_added:
        st.caption(tr("practice_modes.diff.numbers_added", numbers=", ".join(inert(n) for n in diff.numbers_added)))
    st.table([{tr("progress.measure"): tr(f"practice_modes.measure.{c.name}"),
               tr("progress.before"): _value(c, c.before), tr("progress.after"): _value(c, c.after),
               tr("progress.change"): _change(c)} for c in diff.changes])


def _attempt_label(index: int, mark: AttemptMark) -> str:
    tags = [tr(f"retry.{tag}") for tag, on in (("best", mark.best), ("last", mark.last)) if on]
    score = "—" if mark.score is None else f"{mark.score:g}/100"
    return f"#{index}: {score}" + (f" · {', '.join(tags)}" if tags else "")


def render_attempts(answer: AnswerReport, pick: PickAttempt | None = None) -> None:
    """Every analysed attempt of the answer's question, the best and the last marked, each
    compared with the one before. With `pick` (the owner's report) a choice of the attempt
    that counts for the session score (the last unless the candidate picks another)."""
    marks = answer.attempts.marks
    if len(marks) < 2:
        return
    st.markdown(f"**{tr('retry.attempts', n=len(marks))}**")
    labels = {m.attempt_id: _attempt_label(i, m) for i, m in enumerate(marks, 1)}
    counting = next((m.attempt_id for m in marks if m.counts), marks[-1].attempt_id)
    question_id = answer.question_id
    if pick is not None:
        key = f"count_attempt_{question_id}"
        last = marks[-1].attempt_id

        def chosen() -> None:
            value = st.session_state.get(key)
            pick(question_id, None if value is None or int(value) == last else int(value))

        st.radio(tr("practice_modes.pick.label"), list(labels), index=list(labels).index(counting),
                 format_func=lambda aid: labels[aid], key=key, on_change=chosen,
                 help=tr("practice_modes.pick.help"))
    else:
        for attempt_id, label in labels.items():
            suffix = f" · {tr('retry.counts')}" if attempt_id == counting else ""
            st.markdown(f"- {label}{suffix}")
    for i, diff in enumerate(answer.attempts.diffs, 1):
        render_diff(diff, before_label=f"#{i}", after_label=f"#{i + 1}")
