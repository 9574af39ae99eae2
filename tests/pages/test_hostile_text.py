"""Every page, with hostile Markdown in every field a user, a document or a model can fill:
no Markdown-rendering element (markdown, captions, alerts, titles, and the labels of
expanders, tabs, buttons, metrics and widgets) may carry it as a construct.

Escaped for HTML is not safe for Markdown (issue 16, item 4): `![](http://host/t.gif)` in an
answer made a coach's browser fetch that URL. Plain-text elements (`st.text`, data frames,
select-box options) show the text verbatim and are allowed to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from doubles import FallbackInterviewer, SimpleDraft, add_user
from google.protobuf.json_format import MessageToDict
from markdown_it import MarkdownIt
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.db import crud
from core.db.models import CoachLink, ProfileItem
from core.interview.types import QuestionDraft
from core.practice import PracticeService
from tests.login import sign_in

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ("![](http://127.0.0.1:9/t.gif) [click](http://evil) <img src=x onerror=alert(1)> :red[x] $x$ **b** "
           ":smile: www.evil.test")
# What must never reach a Markdown renderer literally (each opens a construct).
CONSTRUCTS = ("![](", "](http", "<img", ":red[", "$x$", "**b**", ":smile:", "www.evil")
# Element fields that are plain text by design (never parsed as Markdown).
PLAIN_ELEMENTS = {"text", "code", "arrow_data_frame", "plotly_chart", "arrow_vega_lite_chart", "json", "exception"}
PLAIN_FIELDS = {"options", "default", "value", "rawValue", "rawValues", "placeholder", "formId", "id", "data", "spec",
                "rawDefaultValues"}
_MD = MarkdownIt("commonmark").enable("table")


class HostileInterviewer(FallbackInterviewer):
    """Asks one question written by "the model", citing a hostile document passage."""

    def plan(self, context: Any) -> list[QuestionDraft]:
        return [SimpleDraft(text=HOSTILE, stage=1, competency="problem_solving", strong_answer=HOSTILE,
                            sources=[{"source": HOSTILE, "page": 1, "section": HOSTILE, "text": HOSTILE}],
                            reason=HOSTILE, bank_id="hostile-1")]

    def follow_up(self, context: Any, question: Any, answer_text: str, depth: int) -> Any:
        return super().follow_up(context, question, "We cut costs by 30%.", 1)


def _strings(value: Any, *, field: str = "") -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in PLAIN_FIELDS:
                yield from _strings(inner, field=key)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, field=field)


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def markdown_sources(at: AppTest) -> list[str]:
    """Every string of every element or block that Streamlit renders as Markdown."""
    out = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", "") in PLAIN_ELEMENTS:
            continue
        out.extend(_strings(MessageToDict(proto)))
    return out


def plain_sources(at: AppTest) -> str:
    return "\n".join(str(t.value) for t in at.text)


def assert_inert(at: AppTest, where: str, *, shown: bool = True) -> None:
    assert not at.exception, (where, at.exception)
    sources = markdown_sources(at)
    for source in sources:
        for construct in CONSTRUCTS:
            assert construct not in source, f"{where}: {construct!r} reaches Markdown in {source[:200]!r}"
        rendered = _MD.render(source)
        assert "<img" not in rendered and "<a " not in rendered, f"{where}: {rendered[:200]!r}"
        assert "127.0.0.1" not in "".join(
            part for part in rendered.split('"')[1::2]), f"{where}: URL in an attribute: {rendered[:200]!r}"
    everything = "\n".join(sources) + plain_sources(at)
    # The hostile text was rendered (inert), not dropped: the walk would prove nothing otherwise.
    assert not shown or "127.0.0.1&#58;9" in everything or "127.0.0.1:9" in plain_sources(at), \
        f"{where}: not shown"


@pytest.fixture
def world(app_engine, tmp_path):
    """A candidate and a linked coach whose every text field is hostile."""
    settings = get_settings()
    with Session(app_engine) as db:
        cand = add_user(db, "cand")
        coach = add_user(db, "coach-x", role="coach")
        crud.update_user(db, user_id=cand, name=HOSTILE, email=HOSTILE[:60])
        db.add(CoachLink(coach_id=coach, candidate_id=cand, status="accepted", invited_by=cand))
        db.commit()
        crud.set_share_scope(db, candidate_id=cand, coach_id=coach, scope="all")  # the coach sees every session
        db.add(ProfileItem(user_id=cand, kind="career", title=HOSTILE, organization=HOSTILE, description=HOSTILE))
        company = crud.create_company(db, owner_id=cand, name=HOSTILE[:200], description=HOSTILE)
        broken = crud.add_document(db, owner_id=None, company_id=company.id, kind="company", title=HOSTILE,
                                   text=HOSTILE, filename=HOSTILE[:200], status="error")
        crud.update_document(db, owner_id=None, document_id=broken.id or 0, error=HOSTILE[:400])
        crud.add_document(db, owner_id=cand, kind="resume", title=HOSTILE, text=HOSTILE, filename="cv.txt")
        crud.add_document(db, owner_id=cand, kind="job_posting", title=HOSTILE, text=HOSTILE,
                          structured={"title": HOSTILE, "company": HOSTILE})
    service = PracticeService(app_engine, settings, interviewer=HostileInterviewer(), use_default_retriever=False)
    # An unfinished session: its role shows on the practice page's "resume" button.
    service.start_session(cand, company=HOSTILE[:200], role=HOSTILE[:200], stages=[1], questions_per_stage=1)
    sid = service.start_session(cand, company=HOSTILE[:200], role=HOSTILE[:200], stages=[1], questions_per_stage=1,
                                max_followup_depth=0)
    question = service.next_question(cand, sid)
    attempt = service.begin_attempt(cand, question.id, "text")
    service.submit_answer(cand, attempt.id, text=HOSTILE + " At my last job I cut costs by 30%.")
    service.finish_session(cand, sid)
    from core.report import coach as coaching

    coaching.comment_on_answer(app_engine, coach_id=coach, attempt_id=attempt.id, text=HOSTILE, score_override=70)
    return {"candidate": cand, "coach": coach, "session_id": sid}


def _open(page: str, uid: int, **state: Any) -> AppTest:
    """Through Home.py (navigation and the sidebar, which shows the user's name, run too)."""
    at = AppTest.from_file(str(ROOT / "Home.py"), default_timeout=90)
    sign_in(at, uid)
    at.session_state["ares_lang"] = "en"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", ["pages/home.py", "pages/reports.py", "pages/progress.py", "pages/practice.py",
                                  "pages/settings.py", "pages/coach.py"])
def test_candidate_pages_render_hostile_text_inert(world, page):
    # Progress shows measures of one session (no user text until there are retakes or stories).
    assert_inert(_open(page, world["candidate"]), page, shown=page != "pages/progress.py")


@pytest.mark.parametrize("tab", ["Profile", "Documents", "Analysis"])
def test_profile_tabs_render_hostile_text_inert(world, tab):
    at = _open("pages/profile.py", world["candidate"], profile_tab=tab)
    if tab == "Documents":  # open the document's detail too
        next(b for b in at.button if b.label == "View / correct").click().run()
    if tab == "Analysis":
        at.button(key="run_analysis").click().run()
    assert_inert(at, f"profile/{tab}")


def test_company_library_renders_hostile_names_documents_and_passages_inert(world):
    at = _open("pages/companies.py", world["candidate"])
    assert_inert(at, "companies")


def test_coach_sees_a_hostile_answer_comment_and_question_inert(world):
    at = _open("pages/coach.py", world["coach"])
    assert_inert(at, "coach")
    assert any(e.label.startswith("Q1.") for e in at.expander)


@pytest.mark.parametrize("page", ["pages/assignments.py", "pages/cohort.py", "pages/review.py"])
def test_coach_workspace_pages_render_hostile_names_inert(world, page):
    # Without assignments these pages show the linked candidate's name and little else:
    # the walk still proves no construct reaches Markdown; not that hostile text is shown.
    assert_inert(_open(page, world["coach"]), page, shown=False)


def test_the_interview_question_sources_and_summary_render_inert():
    def script() -> None:

        from core.live.summary import AnswerSummary, Observation
        from core.practice.flow import QuestionView
        from ui.practice import widgets

        text = ("![](http://127.0.0.1:9/t.gif) [click](http://evil) <img src=x onerror=alert(1)> :red[x] $x$ "
                "**b** :smile: www.evil.test")
        widgets.render_question(QuestionView(id=1, text=text, sources=({"source": text, "page": 2, "section": text,
                                                                         "text": text},)))
        widgets.render_summary(AnswerSummary(attempt_id=1, status="analyzed", transcript=text,
                                             observations=(Observation(text=text, grade="good", next_step=""),)))

    at = AppTest.from_function(script, default_timeout=60).run()
    assert_inert(at, "practice question")
