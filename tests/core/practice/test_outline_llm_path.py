"""The better-answer outline on the LLM path, through the answer path (PracticeService ->
analyze_answer -> LLMOutliner) and the real `openai` client talking to our own
OpenAI-compatible server on loopback: a reply that adds a fact is replaced by the offline
outline with a notice; a faithful one is kept; the resume is a source of facts."""

from __future__ import annotations

import openai
from sqlmodel import Session

from core.db import crud
from core.feedback.outline import LLMOutliner, Outline
from core.llm import OpenAIChatLLM
from tests.core.llm.openai_stub import ok, running_stub, status

ANSWER = ("Last year our checkout failed often. I rewrote the retry logic and added alerts. "
          "As a result, failed payments fell by 40 percent in 3 months.")
OWN_WORDS = [{"part": "situation", "text": "Last year our checkout failed often.", "placeholder": False},
             {"part": "task", "text": "[what were you asked to fix?]", "placeholder": True},
             {"part": "action", "text": "I rewrote the retry logic and added alerts.", "placeholder": False}]


def _outliner(base_url: str) -> LLMOutliner:
    client = openai.OpenAI(api_key="test-key", base_url=base_url, max_retries=0, timeout=5.0)
    return LLMOutliner(OpenAIChatLLM(client, "stub-model", timeout=5.0, name="compatible"), timeout_s=5.0)


def _answer(engine, make_user, make_service, reply, *, resume: str = "") -> tuple[Outline | None, list]:
    user = make_user(engine)
    resume_id = None
    if resume:
        with Session(engine) as db:
            resume_id = crud.add_document(db, owner_id=user, kind="resume", title="CV", text=resume).id
    with running_stub(reply) as stub:
        service = make_service(engine, outliner=_outliner(stub.base_url))
        session_id = service.start_session(user, company="Acme", role="Engineer", max_followup_depth=0,
                                           resume_document_id=resume_id)
        question = service.next_question(user, session_id)
        attempt = service.begin_attempt(user, question.id, "text")
        result = service.submit_answer(user, attempt.id or 0, text=ANSWER)
    assert result.analysis is not None
    with Session(engine) as db:  # what the report and the page read back
        stored = crud.get_analysis(db, viewer_id=user, attempt_id=result.attempt_id).payload["outline"]
    assert Outline.from_dict(stored) == result.analysis.outline
    return result.analysis.outline, stub.requests


def test_an_llm_outline_that_adds_an_employer_is_replaced_by_the_offline_one(db_engine, make_user, make_service):
    adds_fact = {"lines": [*OWN_WORDS, {"part": "result", "placeholder": False,
                                        "text": "At Contoso, failed payments fell by 40 percent in 3 months."}]}
    outline, requests = _answer(db_engine, make_user, make_service, ok(adds_fact))
    assert len(requests) == 1 and requests[0].path.endswith("/chat/completions")
    assert outline is not None and (outline.source, outline.notice) == ("offline", "new_fact")
    assert "Contoso" not in outline.text()
    assert any(line.text == "Last year our checkout failed often." for line in outline.lines)  # own words


def test_an_llm_outline_that_adds_a_number_is_replaced(db_engine, make_user, make_service):
    adds_number = {"lines": [*OWN_WORDS, {"part": "result", "placeholder": False,
                                          "text": "Failed payments fell by 40 percent in 3 months, saving $12,000."}]}
    outline, _ = _answer(db_engine, make_user, make_service, ok(adds_number))
    assert outline is not None and outline.notice == "new_fact" and "12,000" not in outline.text()


def test_a_faithful_llm_outline_is_kept_and_may_use_the_resume(db_engine, make_user, make_service):
    from_resume = {"lines": [*OWN_WORDS, {"part": "result", "placeholder": False,
                                          "text": "At Contoso, failed payments fell by 40 percent in 3 months."}]}
    outline, _ = _answer(db_engine, make_user, make_service, ok(from_resume),
                         resume="Payments engineer at Contoso, 2021-2024.")
    assert outline is not None and (outline.source, outline.notice) == ("llm", "")
    assert "Contoso" in outline.text()


def test_an_unreachable_llm_gives_the_offline_outline_with_a_notice(db_engine, make_user, make_service):
    outline, _ = _answer(db_engine, make_user, make_service, status(503, "down"))
    assert outline is not None and (outline.source, outline.notice) == ("offline", "unavailable")
