"""Widgets of the Company library page: companies, documents with indexing progress, and
the "what the interviewer knows" search.

Every decision is in `core.rag.service`; these functions read widgets, call one service
function and render. User and document text is rendered through `ui.safe` (plain
text or fully escaped Markdown), never as HTML. This module owns the session-state key `companies_ui`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from core.db import crud
from core.db.limits import TooLong
from core.db.models import Company, Document
from core.documents import DocumentError, ExtractedDocument
from core.rag import service
from core.rag.embeddings import EmbeddingError
from ui.context import app_settings, db_engine, lang, tr
from ui.safe import inert, trs

STATE_KEY = "companies_ui"
UPLOAD_TYPES = ["pdf", "docx", "txt", "md", "html", "htm"]
DOC_TYPES = ("annual_report", "press_release", "careers", "other")


@dataclass
class CompaniesUIState:
    company_id: int | None = None
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, message): success | error | info


def state() -> CompaniesUIState:
    if not isinstance(st.session_state.get(STATE_KEY), CompaniesUIState):
        st.session_state[STATE_KEY] = CompaniesUIState()
    return st.session_state[STATE_KEY]


def render_flash() -> None:
    ui = state()
    for kind, message in ui.flash:
        getattr(st, kind, st.info)(message)
    ui.flash = []


@st.cache_resource(show_spinner=False)
def _index_check(_engine: Any, model_key: str) -> list[str]:
    """Once per process and embedding model: re-index documents missing from the index."""
    return service.ensure_index_current(_engine, app_settings(), lang=lang())


def render_index_notices() -> None:
    settings = app_settings()
    for notice in _index_check(db_engine(), f"{settings.embedding_provider}:{settings.embedding_model}"):
        st.info(notice)


# ----------------------------------------------------------------------------- companies
def render_company_picker(user_id: int) -> Company | None:
    companies = service.list_library(db_engine(), user_id=user_id)
    if not companies:
        st.info(tr("rag.page.no_companies"))
        return None
    ui = state()
    ids = [c.id for c in companies]
    index = ids.index(ui.company_id) if ui.company_id in ids else 0
    labels = {c.id: c.name + (" ★" if c.owner_id is None else "") for c in companies}
    chosen = st.selectbox(tr("rag.page.company"), ids, index=index, format_func=lambda i: labels[i],
                          key="companies_pick")
    ui.company_id = chosen
    company = next(c for c in companies if c.id == chosen)
    if company.owner_id is None:
        st.caption(tr("rag.page.shared"))
    if company.description:
        st.caption(inert(company.description, multiline=True))
    return company


def render_add_company(user_id: int) -> None:
    with st.form("companies_add", clear_on_submit=True):
        st.markdown(f"**{tr('rag.page.add_company')}**")
        name = st.text_input(tr("rag.page.company_name"), key="companies_new_name")
        language = st.selectbox(tr("rag.page.company_language"), ["en", "ko"],
                                format_func=lambda v: {"en": "English", "ko": "한국어"}[v])
        if not st.form_submit_button(tr("rag.page.create")):
            return
    try:
        company = service.create_library_company(db_engine(), user_id=user_id, name=name, language=language)
    except service.CompanyNameTaken:
        st.error(tr("rag.page.name_taken"))
        return
    except TooLong as exc:
        st.error(tr(exc.message_key, limit=exc.limit, length=exc.length))
        return
    except ValueError:
        st.error(tr("rag.page.name_required"))
        return
    ui = state()
    ui.company_id = company.id
    ui.flash.append(("success", trs("rag.page.created", name=company.name)))
    st.rerun()


# ----------------------------------------------------------------------------- documents
def _status(doc: Document) -> str:
    return tr(f"rag.page.status.{doc.status}") if doc.status in {"ready", "indexing", "pending", "error"} \
        else doc.status


def render_documents(user_id: int, company: Company) -> None:
    assert company.id is not None
    st.subheader(tr("rag.page.documents"))
    docs = service.list_company_documents(db_engine(), user_id=user_id, company_id=company.id)
    if not docs:
        st.caption(tr("rag.page.no_documents"))
        return
    writable = company.owner_id == user_id
    for doc in docs:
        with st.container(border=True):
            cols = st.columns([6, 2, 1]) if writable else st.columns([6, 2])
            kind = (doc.structured or {}).get("kind", "")
            chunks = (doc.structured or {}).get("chunks", 0)
            cols[0].markdown(trs("rag.page.doc_line", title=doc.title, kind=kind, pages=doc.pages,
                                      chunks=chunks, version=doc.version))
            cols[1].markdown(_status(doc))
            if doc.status == "error" and doc.error:
                cols[0].caption(inert(doc.error))
            if writable and cols[2].button(tr("rag.page.delete"), key=f"companies_del_{doc.id}"):
                title = service.delete_company_document(db_engine(), app_settings(), user_id=user_id,
                                                        document_id=doc.id or 0)
                state().flash.append(("success", trs("rag.page.deleted", title=title)))
                st.rerun()
            if writable:
                _render_replace(user_id, doc)


def _render_replace(user_id: int, doc: Document) -> None:
    with st.expander(tr("rag.page.replace")):
        upload = st.file_uploader(tr("rag.page.replace"), type=UPLOAD_TYPES, key=f"companies_rep_{doc.id}",
                                  label_visibility="collapsed")
    if upload is None:
        return
    extracted = _extract(upload.getvalue(), upload.name)
    if extracted is None:
        return
    bar = st.progress(0.0, text=trs("rag.progress.reading", name=upload.name))
    try:
        result = service.replace_company_document(db_engine(), app_settings(), user_id=user_id,
                                                  document_id=doc.id or 0, extracted=extracted,
                                                  filename=upload.name,
                                                  progress=lambda f, m: bar.progress(min(1.0, f), text=m),
                                                  lang=lang())
    except EmbeddingError:
        st.error(tr("rag.error.embedding"))
        return
    except service.DuplicateDocument as exc:
        st.info(trs("rag.page.duplicate", title=upload.name, existing=exc.existing.title))
        return
    state().flash.append(("success", trs("rag.page.replaced", title=result.document.title,
                                        version=result.document.version)))
    st.session_state.pop(f"companies_rep_{doc.id}", None)
    st.rerun()


def _extract(data: bytes, name: str) -> ExtractedDocument | None:
    try:
        return service.extract_upload(data, name, app_settings())
    except DocumentError as exc:
        st.error(trs("rag.page.failed", title=name, reason=tr(exc.message_key)))
        return None


def render_add_documents(user_id: int, company: Company) -> None:
    """Upload files or paste text; each item is extracted, stored and indexed with a progress bar."""
    assert company.id is not None
    with st.form("companies_docs", clear_on_submit=True):
        files = st.file_uploader(tr("rag.page.upload"), type=UPLOAD_TYPES, accept_multiple_files=True)
        pasted = st.text_area(tr("rag.page.paste"), height=140)
        paste_title = st.text_input(tr("rag.page.paste_title"))
        cols = st.columns(2)
        doc_type = cols[0].selectbox(tr("rag.page.doc_type"), DOC_TYPES,
                                     format_func=lambda v: tr(f"rag.doc_type.{v}"))
        year = cols[1].number_input(tr("rag.page.year"), min_value=0, max_value=2100, value=0, step=1)
        if not st.form_submit_button(tr("rag.page.add_documents")):
            return
    items: list[tuple[str, bytes | None, str]] = [(f.name, f.getvalue(), f.name) for f in files or []]
    if pasted.strip():
        items.append((paste_title.strip() or tr("rag.page.paste_title"), None, pasted))
    if not items:
        st.warning(tr("rag.page.nothing_to_add"))
        return
    ui = state()
    for title, data, source in items:
        bar = st.progress(0.0, text=trs("rag.progress.reading", name=title))
        try:
            extracted = service.extract_upload(data, source, app_settings()) if data is not None \
                else service.extract_pasted(source, app_settings())
            result = service.add_company_document(
                db_engine(), app_settings(), user_id=user_id, company_id=company.id, extracted=extracted,
                title=(extracted.title if data is not None and extracted.title else title),
                filename=source if data is not None else "", doc_type=doc_type, year=int(year) or None,
                progress=lambda f, m, _bar=bar: _bar.progress(min(1.0, f), text=m), lang=lang())
        except service.DuplicateDocument as exc:
            ui.flash.append(("info", trs("rag.page.duplicate", title=title, existing=exc.existing.title)))
            continue
        except DocumentError as exc:
            ui.flash.append(("error", trs("rag.page.failed", title=title, reason=tr(exc.message_key))))
            continue
        except EmbeddingError:
            ui.flash.append(("error", trs("rag.page.failed", title=title, reason=tr("rag.error.embedding"))))
            continue
        except crud.AccessDenied:
            ui.flash.append(("error", tr("common.not_allowed")))
            break
        ui.flash.append(("success", trs("rag.page.added", title=result.document.title, chunks=result.chunks)))
    st.rerun()


# ----------------------------------------------------------------------------- search
def render_search(user_id: int, company: Company) -> None:
    assert company.id is not None
    st.subheader(tr("rag.page.search"))
    st.caption(tr("rag.page.search_help"))
    query = st.text_input(tr("rag.page.query"), key="companies_query")
    if not query.strip():
        return
    passages = service.search_company(db_engine(), app_settings(), user_id=user_id, company_id=company.id,
                                      query=query, k=5)
    if not passages:
        st.info(tr("rag.page.no_results"))
        return
    for passage in passages:
        with st.container(border=True):
            values = {"source": passage.source, "section": passage.section or "—", "score": f"{passage.score:.2f}"}
            citation = trs("rag.page.citation", page=passage.page, **values) if passage.page \
                else trs("rag.page.citation_nopage", **values)
            st.caption(citation)
            st.markdown(inert(passage.text, multiline=True))
