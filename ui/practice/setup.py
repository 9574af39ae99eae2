"""The set-up form: company, role, persona, stages, depth, documents, language, format, mode
(practice or exam), options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from core.db.limits import TooLong, require_fits
from core.db.models import Company, InterviewSession
from core.practice.documents import DocumentOption
from core.practice.flow import MODES, Choices, Mode
from core.practice.service import SetupChoices
from ui.context import tr


@dataclass(frozen=True)
class SessionSetup:
    """What the user chose: the service's `start_session` arguments and the room's choices."""

    company: str
    role: str
    persona: str
    stages: tuple[int, ...]
    questions_per_stage: int
    max_followup_depth: int
    resume_document_id: int | None
    job_document_id: int | None
    choices: Choices

    def start_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of `PracticeService.start_session` (the options are stored with the session)."""
        c = self.choices
        return {"company": self.company, "role": self.role, "persona": self.persona, "stages": list(self.stages),
                "language": c.language, "format": c.format, "questions_per_stage": self.questions_per_stage,
                "max_followup_depth": self.max_followup_depth, "resume_document_id": self.resume_document_id,
                "job_document_id": self.job_document_id, "mode": c.mode,
                "options": {"read_aloud": c.read_aloud, "record_video": c.record_video, "hints": c.hints}}


def choices_from_options(options: dict[str, Any], language: str, format: str, mode: str = "practice") -> Choices:
    """The room's choices of a stored session (after a reload)."""
    return Choices(language=language, format=format, read_aloud=bool(options.get("read_aloud", True)),
                   record_video=bool(options.get("record_video", False)), hints=bool(options.get("hints", True)),
                   mode=_mode(mode))


def _mode(value: object) -> Mode:
    return "exam" if value == "exam" else "practice"


def _document_picker(label_key: str, key: str, options: tuple[DocumentOption, ...], default: int | None) -> int | None:
    """A document selectbox showing `default` until the user picks one; their pick is kept
    across reruns (e.g. a language change) for as long as the widget stays on the page."""
    ids: list[int | None] = [None, *(o.id for o in options)]
    chosen_key = f"{key}_chosen"
    if not st.session_state.get(chosen_key) or st.session_state.get(key, -1) not in ids:
        st.session_state[key] = default  # before the widget exists, so it is its value (no index=)
        st.session_state[chosen_key] = False
    titles = {o.id: o.title for o in options}
    picked = st.selectbox(tr(label_key), ids, key=key, on_change=_mark_chosen, args=(chosen_key,),
                          format_func=lambda i: tr("practice.setup.none") if i is None else titles[i])
    return None if picked is None else int(picked)


def _mark_chosen(chosen_key: str) -> None:
    st.session_state[chosen_key] = True


def setup_form(offer: SetupChoices, default_language: str) -> SessionSetup | None:
    """The set-up step; returns the user's choices when they start."""
    # Outside the form: changing the language reruns the script, so the document defaults follow it.
    language = st.radio(tr("practice.setup.language"), ["en", "ko"], horizontal=True, key="practice_setup_language",
                        index=0 if default_language == "en" else 1,
                        format_func=lambda code: {"en": "English", "ko": "한국어"}[code])
    # The candidate's own material grounds the questions (claims, requirements): by default the
    # newest document in the interview's language, until the user picks one (core.practice.documents).
    resume_id = _document_picker("practice.setup.resume", "practice_setup_resume", offer.resumes,
                                 offer.default_resume(str(language)))
    job_id = _document_picker("practice.setup.job_posting", "practice_setup_job", offer.job_postings,
                              offer.default_job_posting(str(language)))
    with st.form("practice_setup"):
        company = st.selectbox(tr("practice.setup.company"), options=["", *offer.companies],
                               format_func=lambda n: n or tr("practice.setup.no_company"))
        other = st.text_input(tr("practice.setup.company_other"))
        role = st.text_input(tr("practice.setup.role"))
        persona = st.radio(tr("practice.setup.persona"), ["lead", "executive"], horizontal=True,
                           format_func=lambda p: tr(f"persona.{p}"))
        stages = st.multiselect(tr("practice.setup.stages"), [1, 2, 3], default=[1, 2, 3],
                                format_func=lambda s: tr(f"stage.{s}"))
        per_stage = st.slider(tr("practice.setup.per_stage"), min_value=1, max_value=5, value=2)
        depth = st.slider(tr("practice.setup.followup_depth"), min_value=0, max_value=3, value=1,
                          help=tr("practice.setup.followup_depth_help"))
        fmt = st.radio(tr("practice.setup.format"), ["standard", "timed", "drill"],
                       format_func=lambda f: tr(f"format.{f}"))
        mode = st.radio(tr("practice_modes.setup.mode"), list(MODES), horizontal=True,
                        format_func=lambda m: tr(f"mode.{m}"), help=tr("practice_modes.setup.mode_help"))
        read_aloud = st.checkbox(tr("practice.setup.read_aloud"), value=True)
        record_video = st.checkbox(tr("practice.setup.record_video"), value=False,
                                   help=tr("practice.setup.record_video_help"))
        hints = st.checkbox(tr("practice.setup.hints"), value=True, help=tr("practice.setup.hints_help"))
        submitted = st.form_submit_button(tr("practice.setup.start"), type="primary")
    if not submitted:
        return None
    if not stages:
        st.warning(tr("practice.setup.need_stage"))
        return None
    try:  # the same limits the database has, checked here so the form keeps what was typed
        require_fits(Company, "name", other or company or "")
        require_fits(InterviewSession, "role", role)
    except TooLong as exc:
        st.error(tr(exc.message_key, limit=exc.limit, length=exc.length))
        return None
    chosen = sorted(stages)[:1] if fmt == "drill" else sorted(stages)  # a drill is one stage
    return SessionSetup(company=(other or company or "").strip(), role=role.strip(), persona=str(persona),
                        stages=tuple(chosen), questions_per_stage=int(per_stage), max_followup_depth=int(depth),
                        resume_document_id=resume_id, job_document_id=job_id,
                        choices=Choices(language=str(language), format=str(fmt), read_aloud=bool(read_aloud),
                                        record_video=bool(record_video), hints=bool(hints), mode=_mode(mode)))
