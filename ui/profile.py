"""Widgets of the Profile & documents page: profile items, candidate documents, analysis.

Every decision is in `core.profile.service` / `core.resume.service`; these functions read
widgets, call one service function, and render. User text is rendered through
`ui.safe` (plain text or fully escaped Markdown) or in widgets, never as HTML. This module owns the session-state key
`profile_ui` (which item or document is being edited).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlmodel import Session

from core.db import crud
from core.db.models import PROFILE_ITEM_KINDS, Document
from core.profile import service as profile
from core.resume import service as docs
from ui.context import app_settings, db_engine, lang, tr
from ui.safe import inert, trs

STATE_KEY = "profile_ui"
TAB_KEY = "profile_tab"  # the open tab's label (st.tabs state tracking)
UPLOAD_TYPES = ["pdf", "docx", "txt", "md"]


@dataclass
class ProfileUIState:
    editing_item: int | None = None
    viewing_document: int | None = None
    flash: str = ""


@st.cache_resource(show_spinner=False)
def _llm() -> Any:
    """The configured LLM provider, or None (offline analysis only)."""
    try:
        from core.llm import resolve_llm

        return resolve_llm(app_settings())
    except Exception:  # noqa: BLE001 - a broken provider setup must not break the page
        return None


def state() -> ProfileUIState:
    if not isinstance(st.session_state.get(STATE_KEY), ProfileUIState):
        st.session_state[STATE_KEY] = ProfileUIState()
    return st.session_state[STATE_KEY]


def _lines(value: str) -> list[str]:
    return [ln.strip() for ln in value.splitlines() if ln.strip()]


def _done(message_key: str) -> None:
    state().flash = tr(message_key)
    st.rerun()


def render_flash() -> None:
    ui = state()
    if ui.flash:
        st.success(ui.flash)
        ui.flash = ""


# ----------------------------------------------------------------------------- pending items
def render_pending(user_id: int) -> None:
    with Session(db_engine()) as session:
        pending = profile.pending_items(session, owner_id=user_id)
    if not pending:
        return
    st.subheader(tr("profile.pending_title"))
    st.caption(tr("profile.pending_help"))
    for item in pending:
        with st.container(border=True):
            st.markdown(f"**{tr(f'profile.kind.{item.kind}')}** · {inert(item.title)} {inert(item.organization)}")
            if item.description:
                st.markdown(inert(item.description, multiline=True))
            left, right = st.columns(2)
            accept = left.button(tr("profile.accept"), key=f"accept_{item.id}")
            reject = right.button(tr("profile.reject"), key=f"reject_{item.id}")
            if accept or reject:
                with Session(db_engine()) as session:
                    profile.respond_to_item(session, owner_id=user_id, item_id=item.id or 0, accept=accept)
                _done("profile.accepted" if accept else "profile.rejected")


# ----------------------------------------------------------------------------- coach: prepare items
def render_coach_prepare(coach_id: int) -> None:
    """A coach prepares profile items for linked candidates; each waits for the candidate's yes."""
    with Session(db_engine()) as session:
        candidates = {cid: getattr(crud.get_user(session, user_id=cid), "username", str(cid))
                      for cid in crud.accepted_candidate_ids(session, coach_id=coach_id)}
    if not candidates:
        return
    st.markdown(f"#### {tr('profile.coach_prepare')}")
    st.caption(tr("profile.coach_prepare_help"))
    labels = {k: tr(f"profile.kind.{k}") for k in PROFILE_ITEM_KINDS}
    with st.form("coach_prepare", clear_on_submit=True):
        candidate = st.selectbox(tr("profile.candidate"), list(candidates), format_func=candidates.__getitem__)
        kind = st.selectbox(tr("profile.kind"), PROFILE_ITEM_KINDS, format_func=labels.__getitem__,
                            key="coach_kind")
        title = st.text_input(tr("profile.field.title"), max_chars=200, key="coach_title")
        org = st.text_input(tr("profile.field.organization"), max_chars=200, key="coach_org")
        description = st.text_area(tr("profile.field.description"), key="coach_description")
        submitted = st.form_submit_button(tr("profile.coach_send"))
    if not submitted:
        return
    if not title.strip():
        st.error(tr("profile.error.title_required"))
        return
    with Session(db_engine()) as session:
        profile.add_item(session, actor_id=coach_id, owner_id=candidate, kind=kind, title=title.strip(),
                         organization=org.strip(), description=description.strip())
    _done("profile.coach_sent")


# ----------------------------------------------------------------------------- profile items
def render_profile_items(user_id: int) -> None:
    with Session(db_engine()) as session:
        grouped = profile.items_by_kind(session, viewer_id=user_id)
    ui = state()
    for kind in PROFILE_ITEM_KINDS:
        st.markdown(f"#### {tr(f'profile.kind.{kind}')}")
        items = grouped.get(kind) or []
        if not items:
            st.caption(tr("common.none_yet"))
        for n, item in enumerate(items):
            if ui.editing_item == item.id:
                _item_form(user_id, kind, item)
                continue
            text, up, down, edit, delete = st.columns([8, 1, 1, 1, 1])
            end = tr("profile.present") if item.end == "present" else item.end
            dates = " – ".join(x for x in (item.start, end) if x)
            line = " · ".join(inert(x) for x in (item.title, item.organization, dates) if x)
            text.markdown(line or "—")
            if item.description:
                text.caption(inert(item.description, multiline=True))
            if up.button("↑", key=f"up_{item.id}", disabled=n == 0, help=tr("profile.move_up")):
                _move(user_id, item.id or 0, -1)
            if down.button("↓", key=f"down_{item.id}", disabled=n == len(items) - 1, help=tr("profile.move_down")):
                _move(user_id, item.id or 0, +1)
            if edit.button("✎", key=f"edit_{item.id}", help=tr("profile.edit")):
                ui.editing_item = item.id
                st.rerun()
            if delete.button("✕", key=f"del_{item.id}", help=tr("common.delete")):
                with Session(db_engine()) as session:
                    crud.delete_profile_item(session, owner_id=user_id, item_id=item.id or 0)
                _done("common.deleted")
    st.markdown(f"#### {tr('profile.add_item')}")
    _item_form(user_id, None, None)


def _move(user_id: int, item_id: int, offset: int) -> None:
    with Session(db_engine()) as session:
        profile.move_item(session, owner_id=user_id, item_id=item_id, offset=offset)
    st.rerun()


def _item_form(user_id: int, kind: str | None, item: Any) -> None:
    key = f"item_form_{item.id if item else 'new'}"
    with st.form(key, clear_on_submit=item is None):
        if item is None:
            labels = {k: tr(f"profile.kind.{k}") for k in PROFILE_ITEM_KINDS}
            kind = st.selectbox(tr("profile.kind"), PROFILE_ITEM_KINDS, format_func=labels.__getitem__)
        title = st.text_input(tr("profile.field.title"), value=item.title if item else "", max_chars=200)
        org = st.text_input(tr("profile.field.organization"), value=item.organization if item else "", max_chars=200)
        left, right = st.columns(2)
        start = left.text_input(tr("profile.field.start"), value=item.start if item else "", max_chars=16,
                                placeholder="2021-03")
        end = right.text_input(tr("profile.field.end"), value=item.end if item else "", max_chars=16,
                               placeholder=tr("profile.present"))
        description = st.text_area(tr("profile.field.description"), value=item.description if item else "")
        submitted = st.form_submit_button(tr("common.save"))
    if item is not None and st.button(tr("common.cancel"), key=f"cancel_{item.id}"):
        state().editing_item = None
        st.rerun()
    if not submitted:
        return
    if not title.strip():
        st.error(tr("profile.error.title_required"))
        return
    fields = {"title": title.strip(), "organization": org.strip(), "start": start.strip(), "end": end.strip(),
              "description": description.strip()}
    with Session(db_engine()) as session:
        if item is None:
            profile.add_item(session, actor_id=user_id, owner_id=user_id, kind=kind or "skill", **fields)
        else:
            profile.update_item(session, owner_id=user_id, item_id=item.id, **fields)
    state().editing_item = None
    _done("common.saved")


# ----------------------------------------------------------------------------- documents
def _kind_label(kind: str) -> str:
    return tr(f"profile.doc_kind.{kind}")


def render_add_document(user_id: int, documents: list[Document]) -> None:
    st.markdown(f"#### {tr('profile.add_document')}")
    with st.form("add_document", clear_on_submit=True):
        # format_func may run outside the script (AppTest), so labels are resolved here, in the run.
        labels = {k: _kind_label(k) for k in docs.CANDIDATE_KINDS}
        kind = st.selectbox(tr("profile.doc_kind"), docs.CANDIDATE_KINDS, format_func=labels.__getitem__)
        targets = {0: tr("profile.new_document")} | {d.id or 0: f"{_kind_label(d.kind)} · {d.title} (v{d.version})"
                                                     for d in documents}
        target = st.selectbox(tr("profile.version_of"), list(targets), format_func=lambda i: targets[i])
        title = st.text_input(tr("profile.doc_title"), max_chars=300)
        upload = st.file_uploader(tr("profile.upload"), type=UPLOAD_TYPES)
        pasted = st.text_area(tr("profile.paste"), height=160)
        submitted = st.form_submit_button(tr("profile.save_document"))
    if not submitted:
        return
    text, filename, pages = pasted, "", 0
    warnings: list[str] = []
    if upload is not None:
        from core.documents import DocumentError

        try:
            text, pages, warnings = docs.read_upload_with_warnings(upload.getvalue(), upload.name, app_settings())
            filename = upload.name
        except DocumentError as exc:
            st.error(tr(exc.message_key))
            return
    group = next((d.group_id for d in documents if d.id == target), None) if target else None
    if group:
        kind = next(d.kind for d in documents if d.id == target)
    try:
        with Session(db_engine()) as session:
            saved = docs.save_document(session, owner_id=user_id, kind=kind, text=text, title=title.strip(),
                                       filename=filename, group_id=group, pages=pages)
    except docs.DocumentInputError as exc:
        st.error(tr(exc.message_key))
        return
    state().viewing_document = saved.id
    if warnings:  # saved, and told what in the file could not be read
        state().flash = " ".join([tr("profile.document_saved"), *(tr(key) for key in warnings)])
        st.rerun()
    _done("profile.document_saved")


def render_documents(user_id: int) -> None:
    with Session(db_engine()) as session:
        documents = docs.list_candidate_documents(session, viewer_id=user_id)
    render_add_document(user_id, documents)
    st.markdown(f"#### {tr('profile.your_documents')}")
    if not documents:
        st.info(tr("profile.no_documents"))
        return
    ui = state()
    for doc in documents:
        with st.container(border=True):
            info, view, delete = st.columns([8, 2, 2])
            info.markdown(f"**{inert(doc.title)}**  \n{_kind_label(doc.kind)} · v{doc.version} · "
                          f"{doc.created_at:%Y-%m-%d %H:%M}" + (f" · {inert(doc.filename)}" if doc.filename else ""))
            if view.button(tr("profile.view_correct"), key=f"view_{doc.id}"):
                ui.viewing_document = None if ui.viewing_document == doc.id else doc.id
                st.rerun()
            if delete.button(tr("common.delete"), key=f"deldoc_{doc.id}"):
                with Session(db_engine()) as session:
                    docs.delete_document_group(session, owner_id=user_id, document_id=doc.id or 0)
                ui.viewing_document = None
                _done("common.deleted")
            if ui.viewing_document == doc.id:
                render_document_detail(user_id, doc)


def render_document_detail(user_id: int, doc: Document) -> None:
    with Session(db_engine()) as session:
        versions = docs.list_versions(session, viewer_id=user_id, document_id=doc.id or 0)
    if len(versions) > 1:
        st.caption(tr("profile.versions") + ": " + ", ".join(
            f"v{v.version} ({v.created_at:%Y-%m-%d %H:%M})" for v in versions))
    fields = dict(doc.structured or {})
    with st.form(f"correct_{doc.id}"):
        st.caption(tr("profile.correct_help"))
        if doc.kind == "resume":
            new = _resume_fields(doc.id or 0, fields)
        elif doc.kind == "job_posting":
            new = _job_fields(doc.id or 0, fields)
        else:
            new = _letter_fields(doc.id or 0, fields)
        text = st.text_area(tr("profile.full_text"), value=doc.text, height=200, key=f"text_{doc.id}")
        submitted = st.form_submit_button(tr("profile.save_corrections"))
    if doc.kind in ("resume", "cover_letter"):
        from ui.blind import render_document_check

        render_document_check(user_id, doc.text)
    if doc.kind == "resume" and st.button(tr("profile.import_to_profile"), key=f"import_{doc.id}"):
        with Session(db_engine()) as session:
            added = profile.import_from_resume(session, owner_id=user_id, structured=fields)
        state().flash = tr("profile.imported", count=len(added))
        st.rerun()
    if submitted:
        with Session(db_engine()) as session:
            saved = docs.save_corrections(session, owner_id=user_id, document_id=doc.id or 0,
                                          structured={**fields, **new},
                                          text=text if text.strip() != doc.text.strip() else None)
        state().viewing_document = saved.id
        _done("profile.corrections_saved")


def _resume_fields(doc_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    contact = dict(fields.get("contact") or {})
    left, right = st.columns(2)
    contact["name"] = left.text_input(tr("profile.field.name"), value=contact.get("name", ""), key=f"n_{doc_id}")
    contact["email"] = right.text_input(tr("profile.field.email"), value=contact.get("email", ""), key=f"e_{doc_id}")
    summary = st.text_area(tr("profile.field.summary"), value=fields.get("summary", ""), key=f"s_{doc_id}")
    experience = []
    for n, entry in enumerate(fields.get("experience") or []):
        st.markdown(f"**{tr('profile.field.experience')} {n + 1}**")
        cols = st.columns(4)
        values = [cols[i].text_input(tr(f"profile.field.{name}"), value=str(entry.get(name, "")),
                                     key=f"x{n}_{name}_{doc_id}")
                  for i, name in enumerate(("role", "organization", "start", "end"))]
        bullets = st.text_area(tr("profile.field.bullets"), value="\n".join(entry.get("bullets") or []),
                               key=f"x{n}_b_{doc_id}")
        experience.append({**entry, **dict(zip(("role", "organization", "start", "end"), values, strict=True)),
                           "bullets": _lines(bullets)})
    education = st.text_area(tr("profile.field.education"), key=f"ed_{doc_id}",
                             value="\n".join(e.get("text", "") for e in fields.get("education") or []))
    skills = st.text_area(tr("profile.field.skills"), value=", ".join(fields.get("skills") or []), key=f"sk_{doc_id}")
    old_education = {e.get("text", ""): e for e in fields.get("education") or []}
    return {"contact": contact, "summary": summary.strip(), "experience": experience,
            "education": [old_education.get(t, {"text": t, "degree_org": t, "start": "", "end": ""})
                          for t in _lines(education)],
            "skills": [s.strip() for s in skills.split(",") if s.strip()]}


def _job_fields(doc_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    left, right = st.columns(2)
    out: dict[str, Any] = {
        "title": left.text_input(tr("profile.field.job_title"), value=fields.get("title", ""), key=f"jt_{doc_id}"),
        "company": right.text_input(tr("profile.field.company"), value=fields.get("company", ""), key=f"jc_{doc_id}"),
    }
    for name in ("requirements_must", "requirements_nice", "responsibilities"):
        value = st.text_area(tr(f"profile.field.{name}"), value="\n".join(fields.get(name) or []),
                             key=f"{name}_{doc_id}", help=tr("profile.one_per_line"))
        out[name] = _lines(value)
    return out


def _letter_fields(doc_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    items = []
    for n, item in enumerate(fields.get("items") or []):
        question = st.text_input(tr("profile.field.question", n=n + 1), value=item.get("question", ""),
                                 key=f"q{n}_{doc_id}")
        answer = st.text_area(tr("profile.field.answer"), value=item.get("answer", ""), key=f"a{n}_{doc_id}")
        items.append({**item, "question": question.strip(), "answer": answer.strip()})
    return {"items": items}


# ----------------------------------------------------------------------------- analysis
def render_analysis(user_id: int) -> None:
    with Session(db_engine()) as session:
        documents = docs.list_candidate_documents(session, viewer_id=user_id)
    if not documents:
        st.info(tr("profile.no_documents"))
        return

    def choose(kind: str, label: str, preferred: int | None, scope: object = "", first: bool = True) -> int | None:
        options: dict[int, str] = {0: tr("profile.none")}
        options |= {d.id or 0: d.title for d in documents if d.kind == kind}
        ids = list(options)
        default = ids.index(preferred) if preferred in ids else (1 if len(ids) > 1 and first else 0)
        # The key changes with the documents and the chosen resume, so defaults follow them.
        picked = st.selectbox(label, ids, index=default, format_func=options.__getitem__,
                              key=f"analysis_{kind}_{len(ids)}_{scope}")
        return picked or None

    resume_id = choose("resume", tr("profile.doc_kind.resume"), None)
    resume_doc = next((d for d in documents if d.id == resume_id), None)
    inputs = ((docs.stored_analysis(resume_doc) or {}).get("inputs") or {}) if resume_doc else {}
    if inputs:  # a posting or letter corrected since then: offer its newest version
        with Session(db_engine()) as session:
            inputs = {k: docs.latest_of(session, viewer_id=user_id, document_id=v) for k, v in inputs.items()}
    # Defaults: what the stored analysis used; without one, the newest posting and no letter.
    letter_id = choose("cover_letter", tr("profile.doc_kind.cover_letter"), inputs.get("cover_letter_id"), resume_id,
                       first=False)
    job_id = choose("job_posting", tr("profile.doc_kind.job_posting"), inputs.get("job_id"), resume_id,
                    first=not inputs)
    if st.button(tr("profile.analyze"), type="primary", key="run_analysis"):
        try:
            with st.spinner(tr("profile.analyzing")), Session(db_engine()) as session:
                docs.analyze_documents(session, owner_id=user_id, resume_id=resume_id, job_id=job_id,
                                       cover_letter_id=letter_id, lang=lang(), llm=_llm())
        except docs.DocumentInputError as exc:
            st.error(tr(exc.message_key))
            return
        _done("profile.analysis_done")
    target = next((d for d in documents if d.id == (resume_id or letter_id)), None)
    analysis = docs.stored_analysis(target) if target else None
    if analysis is None:
        st.caption(tr("profile.no_analysis"))
        return
    render_analysis_result(analysis)


def render_analysis_result(analysis: dict[str, Any]) -> None:
    summary = analysis.get("summary") or {}
    cols = st.columns(4)
    cols[0].metric(tr("profile.metric.claims"), len(analysis.get("claims") or []))
    cols[1].metric(tr("profile.metric.numeric"), summary.get("numeric_claims", 0))
    if summary.get("requirements_total"):
        cols[2].metric(tr("profile.metric.requirements"),
                       f"{summary.get('requirements_met', 0)}/{summary.get('requirements_total')}")
    years = summary.get("candidate_years")
    cols[3].metric(tr("profile.metric.years"), years if years is not None else "—",
                   help=None if years is not None else tr("profile.years_unknown"))
    if analysis.get("language") != lang():
        st.caption(tr("profile.analysis_language"))
    st.caption(tr("profile.engine_llm") if analysis.get("engine") == "llm" else tr("profile.engine_rules"))

    st.subheader(tr("profile.claims_title"))
    st.caption(tr("profile.claims_help"))
    rows = []
    for c in analysis.get("claims") or []:
        source = c.get("source") or {}
        where = " · ".join([tr(f"profile.doc_kind.{source.get('document')}"), str(source.get("section", "")),
                            f"{tr('profile.line')} {source.get('line')}"])
        rows.append({tr("profile.col.kind"): tr(f"profile.claim_kind.{c['kind']}"), tr("profile.col.value"): c["value"],
                     tr("profile.col.source"): where, tr("profile.col.text"): c["text"]})
    st.dataframe(rows, hide_index=True, width="stretch")

    if analysis.get("job"):
        st.subheader(trs("profile.gaps_title", title=analysis["job"].get("title") or ""))
        gaps = analysis.get("gaps") or []
        if not gaps:
            st.success(tr("profile.no_gaps"))
        for gap in gaps:
            badge = tr(f"profile.priority.{gap['priority']}") + " · " + tr(f"profile.status.{gap['status']}")
            st.markdown(f"**{badge}** — {inert(gap['requirement'])}")
            if gap.get("missing"):
                st.caption(tr("profile.gap_missing", terms=inert(", ".join(gap["missing"]))))
        met = analysis.get("matches") or []
        if met:
            st.caption(tr("profile.met", items="; ".join(inert(m["requirement"]) for m in met)))

    st.subheader(tr("profile.questions_title"))
    for n, q in enumerate(analysis.get("expected_questions") or [], start=1):
        with st.container(border=True):
            st.markdown(f"**{n}. {inert(q['question'])}**")
            st.caption(tr("profile.why") + " " + inert(q["why"]))
            st.markdown(inert(q["answer_guide"], multiline=True))

    notes = analysis.get("cover_letter_notes") or []
    if notes:
        st.subheader(tr("profile.cl_title"))
        for note in notes:
            with st.container(border=True):
                grade = tr(f"grade.{note['specificity']}")
                st.markdown(f"**{note['index']}. {inert(note['question'] or tr('profile.cl_untitled'))}** — {grade}")
                for line in note["notes"]:
                    st.markdown("- " + inert(line))
