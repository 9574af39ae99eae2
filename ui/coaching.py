"""Widgets of the coach's workspace: assigned work on Home, weaknesses on Progress, the
privacy choice on Coaching, and the parts of the Assignments, Cohort and Review pages.

Every decision lives in `core.coaching`; this module reads widgets and renders results.
Untrusted text (names, questions, comments, transcripts) goes through `ui.safe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

import streamlit as st
from sqlmodel import Session

from core.coaching import assignments as work
from core.coaching import batch, comments
from core.coaching.cohort import LEVELS, Cohort
from core.coaching.errors import WorkspaceError
from core.coaching.rubrics import MEASURES, RubricResult
from core.coaching.sessions import start_with_questions
from core.coaching.weaknesses import Drill, Weakness, recurring_weaknesses, suggest_drill
from core.db import crud
from core.feedback.types import TimedWord
from core.practice.service import PracticeError, PracticeService
from core.report.progress import load_answers
from ui.context import app_settings, db_engine, tr
from ui.safe import inert, text

PRACTICE_PAGE = "pages/practice.py"


@st.cache_resource(show_spinner=False)
def _service() -> PracticeService:
    return PracticeService(engine=db_engine(), settings=app_settings())


def service() -> PracticeService:
    """The practice service (the one `run-session` uses); tests patch this."""
    return _service()


def attempt(action: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a workspace action; a user mistake becomes one clear message (None returned)."""
    try:
        return action(*args, **kwargs)
    except WorkspaceError as exc:
        st.error(tr(exc.key) + (f" ({inert(exc.detail)})" if exc.detail else ""))
    except crud.AccessDenied:
        st.error(tr("common.not_allowed"))
    except PracticeError as exc:
        st.error(tr(exc.key))
    return None


def linked_candidates(coach_id: int) -> dict[int, str]:
    with Session(db_engine()) as db:
        out = {}
        for cid in crud.accepted_candidate_ids(db, coach_id=coach_id):
            user = crud.get_user(db, user_id=cid)
            if user is not None:
                out[cid] = user.username
        return out


# ----------------------------------------------------------------------------- Home and Progress
def assigned_to_me(user_id: int) -> None:
    """Home: what coaches assigned to me, with a one-click start."""
    mine = work.assigned_to(db_engine(), candidate_id=user_id)
    if not mine:
        return
    st.subheader(tr("coaching.home.assigned"))
    for view in mine:
        member = view.members[0]
        due = view.due_at.strftime("%Y-%m-%d") if view.due_at else "—"
        cols = st.columns([4, 2, 2])
        # The title defaults to the role: say it once.
        role = "" if view.role.strip() == view.title.strip() else f"{inert(view.role)} · "
        cols[0].markdown(f"**{inert(view.title)}** · {inert(view.company) or '—'} · {role}"
                         f"{tr('coaching.mode.' + view.mode)} · {tr('coaching.home.by', coach=inert(view.coach))}")
        cols[1].write(tr("coaching.home.due", date=due) + " · " + tr(f"coaching.state.{member.state}"))
        if member.state != "finished" and cols[2].button(
                tr("coaching.home.start" if member.session_id is None else "coaching.home.continue"),
                key=f"assignment_start_{view.id}"):
            started = attempt(work.start_assignment, db_engine(), service(), candidate_id=user_id,
                              assignment_id=view.id)
            if started is not None:
                open_in_practice(user_id, started)


def weakness_line(weakness: Weakness) -> str:
    return tr("coaching.weak.line", name=tr(f"coaching.weak.{weakness.id}"), answers=weakness.answers,
              sessions=weakness.sessions)


def drill_box(drill: Drill | None, *, user_id: int | None = None, key: str = "drill") -> None:
    """The next drill; with `user_id` (the candidate themself) a button starts it."""
    if drill is None:
        st.caption(tr("coaching.drill.none"))
        return
    names = ", ".join(tr(f"coaching.weak.{w}") for w in drill.targets)
    st.markdown(tr("coaching.drill.title", count=drill.count, names=names))
    for question in drill.questions:
        st.markdown(f"- {inert(question)}")
    if user_id is not None and drill.questions and st.button(tr("coaching.drill.start"), key=key):
        started = attempt(start_with_questions, service(), user_id, questions=drill.questions, format="drill",
                          options={"source": "drill", "drill_targets": list(drill.targets)})
        if started is not None:
            open_in_practice(user_id, started)


def open_in_practice(user_id: int, session_id: int) -> None:
    """Go to Practice with `session_id` open at its current question (one click, not the set-up
    form with a "continue" button)."""
    from ui.practice import actions  # the Practice page's own resume: repairs a cut-off recording too

    actions.resume(user_id, session_id)
    st.switch_page(PRACTICE_PAGE)


def my_weaknesses(viewer_id: int, owner_id: int) -> None:
    """Progress: the three weaknesses that recur most over recent sessions, and the drill."""
    answers = load_answers(db_engine(), viewer_id=viewer_id, owner_id=owner_id)
    found = recurring_weaknesses(answers)
    st.subheader(tr("coaching.weak.title"))
    if not found:
        st.caption(tr("coaching.weak.none"))
        return
    for weakness in found:
        st.markdown("- " + weakness_line(weakness))
    drill_box(suggest_drill(found), user_id=owner_id if owner_id == viewer_id else None, key="progress_drill")


def share_choice(candidate_id: int, link_id: int) -> None:
    """Coaching page, candidate side: what this coach sees (the privacy choice)."""
    with Session(db_engine()) as db:
        link = next((k for k in crud.list_links(db, user_id=candidate_id)
                     if k.id == link_id and k.candidate_id == candidate_id), None)
        if link is None:
            return
        coach_id = link.coach_id
        current = crud.share_scope(db, coach_id=coach_id, candidate_id=candidate_id)
    options = ["assignments", "all"]
    choice = st.radio(tr("coaching.share.label"), options, index=options.index(current), horizontal=True,
                      format_func=lambda o: tr(f"coaching.share.{o}"), key=f"share_{link_id}")
    if choice != current:
        with Session(db_engine()) as db:
            crud.set_share_scope(db, candidate_id=candidate_id, coach_id=coach_id, scope=choice)
        st.success(tr("coaching.share.saved"))


# ----------------------------------------------------------------------------- Assignments page
def _due(picked: Any) -> datetime | None:
    return datetime.combine(picked, time(23, 59, 59), tzinfo=UTC) if picked else None


def assignment_form(coach_id: int, candidates: dict[int, str], rubrics: list[tuple[int, str, Any]]) -> None:
    # Outside the form: a box ticked inside a form changes nothing until the form is sent, so
    # the date field could not appear when the box is ticked (nor hide when it is cleared).
    has_due = st.checkbox(tr("coaching.form.has_due"), key="assign_has_due")
    with st.form("assignment_form", clear_on_submit=False):
        who = st.multiselect(tr("coaching.form.candidates"), list(candidates), format_func=lambda c: candidates[c],
                             key="assign_candidates")
        left, right = st.columns(2)
        title = left.text_input(tr("coaching.form.title"), key="assign_title")
        role = right.text_input(tr("coaching.form.role"), key="assign_role")
        company = left.text_input(tr("coaching.form.company"), key="assign_company")
        mode = right.radio(tr("coaching.form.mode"), list(work.ASSIGNMENT_MODES), horizontal=True,
                           format_func=lambda m: tr(f"coaching.mode.{m}"), key="assign_mode")
        persona = left.selectbox(tr("coaching.form.persona"), ["lead", "executive"],
                                 format_func=lambda p: tr(f"persona.{p}"), key="assign_persona")
        language = right.selectbox(tr("coaching.form.language"), ["en", "ko"],
                                   format_func=lambda code: {"en": "English", "ko": "한국어"}[code], key="assign_lang")
        stages = left.multiselect(tr("coaching.form.stages"), [1, 2, 3], default=[1, 2, 3], key="assign_stages")
        count = right.number_input(tr("coaching.form.count"), 1, work.MAX_QUESTIONS, 3, key="assign_count")
        own = st.text_area(tr("coaching.form.questions"), key="assign_questions")
        due = st.date_input(tr("coaching.form.due"), key="assign_due") if has_due else None
        shown = st.multiselect(tr("coaching.form.visible"), list(work.MEASURE_SWITCHES),
                               default=list(work.MEASURE_SWITCHES), format_func=lambda m: tr(f"coaching.switch.{m}"),
                               key="assign_visible")
        rubric_names = {0: tr("coaching.form.no_rubric"), **{rid: name for rid, name, _g in rubrics}}
        rubric = st.selectbox(tr("coaching.form.rubric"), list(rubric_names), format_func=lambda r: rubric_names[r],
                              key="assign_rubric")
        if st.form_submit_button(tr("coaching.form.create")):
            visible = () if set(shown) == set(work.MEASURE_SWITCHES) else tuple(shown)
            spec = work.AssignmentSpec(role=role, title=title, company=company, stages=tuple(stages),
                                       persona=persona, mode=mode, language=language,
                                       questions=tuple(line for line in own.splitlines() if line.strip()),
                                       question_count=int(count), due_at=_due(due),
                                       visible_measures=visible, rubric_id=rubric or None)
            if attempt(work.create_assignment, db_engine(), coach_id=coach_id, candidate_ids=who, spec=spec):
                # The list above was drawn before the form was sent: draw the page again so the
                # new assignment is listed and the form starts empty; the message survives the
                # rerun in session state (new-user finding s22 #11).
                st.session_state[_CREATED_KEY] = True
                for key in _FORM_KEYS:
                    st.session_state.pop(key, None)
                st.rerun()


_CREATED_KEY = "assign_created_notice"
_FORM_KEYS = ("assign_has_due", "assign_candidates", "assign_title", "assign_role", "assign_company", "assign_mode",
              "assign_persona", "assign_lang", "assign_stages", "assign_count", "assign_questions", "assign_due",
              "assign_visible", "assign_rubric")


def created_notice() -> None:
    """"Assignment created." once, on the run after the form created one (see `assignment_form`)."""
    if st.session_state.pop(_CREATED_KEY, False):
        st.success(tr("coaching.form.created"))


def assignment_table(views: list[work.AssignmentView]) -> None:
    if not views:
        st.caption(tr("coaching.assignments.none"))
        return
    rows = [{tr("coaching.col.assignment"): f"#{v.id} {v.title}", tr("coaching.col.candidate"): m.username,
             tr("coaching.col.state"): tr(f"coaching.state.{m.state}"),
             tr("coaching.col.due"): v.due_at.strftime("%Y-%m-%d") if v.due_at else "—",
             tr("coaching.col.session"): m.session_id}
            for v in views for m in v.members]
    st.dataframe(rows, hide_index=True)


def rubric_form(coach_id: int) -> None:
    from core.coaching.rubrics import Goal, create_rubric

    measures = ["", *MEASURES]
    with st.form("rubric_form"):
        name = st.text_input(tr("coaching.rubric.name"), key="rubric_name")
        goals = []
        for i in range(4):
            cols = st.columns([4, 3, 2, 2, 2])
            goal_text = cols[0].text_input(tr("coaching.rubric.goal", n=i + 1), key=f"goal_text_{i}")
            measure = cols[1].selectbox(tr("coaching.rubric.measure"), measures, key=f"goal_measure_{i}",
                                        format_func=lambda m: tr(f"coaching.measure.{m or 'none'}"))
            threshold = cols[2].number_input(tr("coaching.rubric.threshold"), 0.0, 1000.0, 0.0, key=f"goal_limit_{i}")
            weight = cols[3].number_input(tr("coaching.rubric.weight"), 0.5, 10.0, 1.0, step=0.5, key=f"goal_w_{i}")
            kind = cols[4].selectbox(tr("coaching.rubric.kind"), ["yes_no", "rated"], key=f"goal_kind_{i}",
                                     format_func=lambda k: tr(f"coaching.rubric.kind.{k}"))
            if goal_text.strip():
                goals.append(Goal(id="", text=goal_text, kind=kind, weight=float(weight), measure=measure or None,
                                  threshold=float(threshold) if threshold else None))
        if st.form_submit_button(tr("coaching.rubric.create")):
            if attempt(create_rubric, db_engine(), coach_id=coach_id, name=name, goals=goals):
                st.success(tr("coaching.rubric.created"))


def rubric_result(result: RubricResult, *, coach_id: int | None = None) -> None:
    """Rubric score beside the AI score: each goal, its value, its evidence; the coach marks the rest."""
    from core.coaching.rubrics import RATED_MAX, mark_goal

    score = "—" if result.score is None else f"{result.score:.0f}/100"
    st.markdown(f"**{tr('coaching.rubric.score')}** {score} · {inert(result.name)}"
                + (f" · {tr('coaching.rubric.pending', n=result.pending)}" if result.pending else ""))
    for goal in result.goals:
        value = "—" if goal.value is None else f"{goal.value * 100:.0f}%"
        st.markdown(f"- {inert(goal.goal.text)} · {value} · {tr('coaching.rubric.source.' + goal.source)}")
        for ev in goal.evidence:
            mark = {True: "✓", False: "✗", None: "–"}[ev.met]
            st.caption(f"{mark} {inert(ev.question[:80])} — {inert(ev.detail)}")
        if coach_id is not None and goal.source != "auto":
            top = RATED_MAX if goal.goal.kind == "rated" else 1
            low = 1 if goal.goal.kind == "rated" else 0
            picked = st.slider(tr("coaching.rubric.mark"), low, top, top,
                               key=f"mark_{result.session_id}_{goal.goal.id}")
            if st.button(tr("coaching.rubric.save_mark"), key=f"save_mark_{result.session_id}_{goal.goal.id}"):
                attempt(mark_goal, db_engine(), coach_id=coach_id, session_id=result.session_id,
                        rubric_id=result.rubric_id, goal_id=goal.goal.id, mark=picked)
                st.rerun()


def batch_form(coach_id: int, candidates: dict[int, str], views: list[work.AssignmentView]) -> None:
    with st.form("batch_form", clear_on_submit=True):
        candidate = st.selectbox(tr("coaching.batch.candidate"), list(candidates),
                                 format_func=lambda c: candidates[c], key="batch_candidate")
        options = {0: tr("coaching.batch.no_assignment"), **{v.id: f"#{v.id} {v.title}" for v in views}}
        assignment_id = st.selectbox(tr("coaching.batch.assignment"), list(options), format_func=lambda a: options[a],
                                     key="batch_assignment")
        archive = st.file_uploader(tr("coaching.batch.zip"), type=["zip"], key="batch_zip")
        manifest = st.file_uploader(tr("coaching.batch.csv"), type=["csv"], key="batch_csv")
        if st.form_submit_button(tr("coaching.batch.start")):
            if archive is None:
                st.error(tr("coaching.batch.need_zip"))
                return
            start_batch(coach_id, int(candidate), archive.getvalue(),
                        manifest.getvalue() if manifest is not None else None, assignment_id or None)


def start_batch(coach_id: int, candidate_id: int, zip_bytes: bytes, csv_bytes: bytes | None,
                assignment_id: int | None) -> int | None:
    """Unpack the upload, queue the job and start it in the background; returns the job id."""
    import tempfile
    from pathlib import Path

    settings = app_settings()
    upload = Path(tempfile.mkdtemp(prefix="batch-", dir=settings.ares_data_dir))
    rows = attempt(batch.unpack_zip, zip_bytes, upload, csv_bytes)
    if rows is None:
        return None
    job_id = attempt(batch.create_job, db_engine(), settings, coach_id=coach_id, candidate_id=candidate_id,
                     rows=rows, assignment_id=assignment_id, service=service())
    if job_id is not None:
        batch.start_in_background(db_engine(), settings, job_id, service())
        st.success(tr("coaching.batch.started", n=len(rows)))
    return job_id


def batch_jobs(coach_id: int, names: dict[int, str]) -> bool:
    """Every job with its progress bar; True while one is still working."""
    jobs = batch.list_jobs(db_engine(), coach_id=coach_id)
    if not jobs:
        st.caption(tr("coaching.batch.none"))
        return False
    working = False
    for job in jobs:
        label = tr("coaching.batch.job", id=job.job_id, candidate=names.get(job.candidate_id, "?"),
                   status=tr(f"coaching.batch.status.{job.status}"), done=job.done, total=job.total)
        st.progress(job.fraction, text=label)
        if job.status == "failed" and job.error:
            st.caption(tr("coaching.batch.failed"))
        for item in job.items:
            if item.status == "failed":
                st.caption(f"✗ {inert(item.file)}: {inert(item.error[:120])}")
        working = working or job.status in ("queued", "running")
    return working


# ----------------------------------------------------------------------------- Cohort page
def level_legend() -> None:
    parts = [f"{tr('coaching.level.' + name)} ≥ {low:g}" for name, low in LEVELS[:-1]]
    st.caption(tr("coaching.cohort.legend", levels=" · ".join(parts), lowest=tr("coaching.level.needs_work")))


def cohort_table(cohort: Cohort) -> None:
    rows = []
    for row in cohort.candidates:
        data: dict[str, Any] = {
            tr("coaching.col.candidate"): row.username, tr("coaching.col.sessions"): row.sessions,
            tr("coaching.col.last"): row.last_activity.strftime("%Y-%m-%d") if row.last_activity else "—",
            tr("coaching.col.overall"): row.overall.score,
            tr("coaching.col.level"): tr(f"coaching.level.{row.overall.level}") if row.overall.level else "—"}
        for measure in row.delivery:
            data[tr(f"coaching.delivery.{measure.name}")] = measure.value
        if row.assignment_state:
            data[tr("coaching.col.state")] = tr(f"coaching.state.{row.assignment_state}")
        data[tr("coaching.col.weaknesses")] = ", ".join(tr(f"coaching.weak.{w.id}") for w in row.weaknesses)
        rows.append(data)
    st.dataframe(rows, hide_index=True)


def cohort_charts(cohort: Cohort) -> None:
    import plotly.graph_objects as go

    names = [row.username for row in cohort.candidates]
    overall = go.Figure(go.Bar(x=names, y=[row.overall.score for row in cohort.candidates],
                               text=[tr(f"coaching.level.{r.overall.level}") if r.overall.level else ""
                                     for r in cohort.candidates]))
    for name, low in LEVELS[:-1]:
        overall.add_hline(y=low, line_dash="dot", annotation_text=tr(f"coaching.level.{name}"))
    overall.update_layout(title=tr("coaching.cohort.chart_overall"), yaxis_range=[0, 100], height=320)
    st.plotly_chart(overall)
    competencies = sorted({c.name for row in cohort.candidates for c in row.competencies})
    if competencies:
        heat = go.Figure(go.Heatmap(
            z=[[next((c.score for c in row.competencies if c.name == comp), None) for comp in competencies]
               for row in cohort.candidates], x=competencies, y=names, zmin=0, zmax=100, colorscale="RdYlGn"))
        heat.update_layout(title=tr("coaching.cohort.chart_competencies"), height=320)
        st.plotly_chart(heat)


# ----------------------------------------------------------------------------- Review page
def player(data: bytes, suffix: str, start_s: float) -> None:
    if suffix in (".mp4", ".mov", ".webm", ".mkv"):
        st.video(data, start_time=int(start_s))
    else:
        st.audio(data, format="audio/wav" if suffix == ".wav" else None, start_time=int(start_s))


def timeline(threads: list[comments.CommentView], length: float | None) -> None:
    """The answer's timeline with every pinned comment as a marker."""
    import plotly.graph_objects as go

    pinned = [c for c in threads if c.at_s is not None]
    if not pinned:
        return
    fig = go.Figure(go.Scatter(x=[c.at_s for c in pinned], y=[0] * len(pinned), mode="markers+text",
                               text=[f"#{i + 1}" for i in range(len(pinned))], textposition="top center",
                               hovertext=[c.text[:80] for c in pinned], marker={"size": 14, "symbol": "diamond"}))
    fig.update_layout(height=140, yaxis={"visible": False}, xaxis={"title": "s", "range": [0, max(
        length or 0.0, max(c.at_s or 0.0 for c in pinned) + 1)]}, margin={"t": 10, "b": 30})
    st.plotly_chart(fig)


def transcript_with_comments(transcript: str, words: Sequence[TimedWord],
                             threads: list[comments.CommentView]) -> None:
    numbers = {c.id: i + 1 for i, c in enumerate(c for c in threads if c.at_s is not None)}
    for piece in comments.place_in_transcript(transcript, words, threads):
        if piece.comment_ids:
            st.markdown(" ".join(f"**[#{numbers.get(cid, '?')}]**" for cid in piece.comment_ids))
        if piece.text:
            text(piece.text)


def thread(comment: comments.CommentView, user_id: int) -> None:
    moment = "" if comment.at_s is None else f"{comment.at_s:.1f} s · "
    st.markdown(f"**{moment}{inert(comment.author)}**")
    text(comment.text)
    for answer in comment.replies:
        st.markdown(f"↳ **{inert(answer.author)}**")
        text(answer.text)
    with st.form(f"reply_{comment.id}", clear_on_submit=True):
        body = st.text_input(tr("coaching.review.reply"), key=f"reply_text_{comment.id}")
        if st.form_submit_button(tr("coaching.review.send_reply")):
            if attempt(comments.reply, db_engine(), user_id=user_id, comment_id=comment.id, text=body):
                st.rerun()
