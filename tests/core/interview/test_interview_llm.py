"""The LLM-backed interviewer: real client, loopback server, offline fallback per step."""

from __future__ import annotations

import openai
import pytest

from core.config import get_settings
from core.interview import InterviewContext, OfflineInterviewer, QuestionDraft, build_interviewer
from core.interview.llm_interviewer import FAILURES_BEFORE_OFFLINE, LLMInterviewer
from core.llm import OpenAIChatLLM, outside_data_blocks
from core.llm.fake import ScriptedLLM
from core.rag.types import Passage
from tests.core.llm.openai_stub import ok, running_stub, slow, status

PASSAGES = [Passage("In 2025 Acme plans to enter the Japanese market through a joint venture, targeting 500 stores "
                    "by 2027.", "Acme 2025 Annual Report", 12, "Strategy", 0.9)]


class Library:
    def search(self, company: str, query: str, k: int = 5) -> list[Passage]:
        return PASSAGES[:k]


def plan_reply(n: int, *, source_ids: list[str] | None = None, prefix: str = "Q") -> dict:
    return {"questions": [{"text": f"{prefix}{i}: how would you lead the Japan joint venture launch in year one?",
                           "competency": "leadership", "source_ids": source_ids or [], "reason": "Grounded in C1.",
                           "strong_answer": "Names partners, risks and a first milestone."} for i in range(n)]}


FOLLOW = {"ask": True, "kind": "ownership", "text": "Which part did you personally own?", "reason": "Mostly 'we'."}
QUESTION = QuestionDraft(text="Tell me about a time you improved a process.", stage=1, persona="lead",
                         competency="critical_thinking", language="en")
ANSWER = ("Our team had a slow release process, so we looked at it together. We split the work, we rebuilt the "
          "pipeline and we tested it with the other teams. In the end we shipped it and our manager was happy.")


def llm_for(stub_url: str, timeout: float = 5.0) -> OpenAIChatLLM:
    client = openai.OpenAI(api_key="k", base_url=stub_url, max_retries=0, timeout=timeout)
    return OpenAIChatLLM(client, "stub", timeout=timeout)


def context(**kw: object) -> InterviewContext:
    values: dict = {"company": "Acme", "role": "Analyst", "persona": "lead", "language": "en",
                    "questions_per_stage": 2, "retriever": Library()}
    values.update(kw)
    return InterviewContext(**values)


def test_llm_plans_each_stage_with_sources_mapped_from_ids() -> None:
    with running_stub(ok(plan_reply(2, source_ids=["C1", "X9"], prefix="A")), ok(plan_reply(2, prefix="B")),
                      ok(plan_reply(2, prefix="C"))) as stub:
        interviewer = LLMInterviewer(llm_for(stub.base_url))
        plan = interviewer.plan(context())
    assert [d.origin for d in plan] == ["llm"] * 6 and [d.stage for d in plan] == [1, 1, 2, 2, 3, 3]
    first = plan[0]
    assert first.competency == "leadership" and first.ncs == "resource_management"
    assert [s["source"] for s in first.sources] == ["Acme 2025 Annual Report"]  # X9 is unknown: dropped
    assert interviewer.take_notices() == []
    system, user = (m["content"] for m in stub.requests[1].body["messages"][:2])
    # Earlier questions are listed so the next stage does not repeat them — as data, never as system text.
    assert "A0:" not in system and "A0:" in user and "A0:" not in outside_data_blocks(user)


def test_a_failing_stage_falls_back_to_the_offline_interviewer_with_a_notice() -> None:
    with running_stub(status(500), ok(plan_reply(2)), ok(plan_reply(2, prefix="Z"))) as stub:
        interviewer = LLMInterviewer(llm_for(stub.base_url))
        plan = interviewer.plan(context())
    assert [d.stage for d in plan] == [1, 1, 2, 2, 3, 3]
    assert plan[0].origin != "llm" and plan[1].origin != "llm"
    assert {d.origin for d in plan[2:]} == {"llm"}
    (notice,) = interviewer.take_notices()
    assert "built-in interviewer" in notice and "unavailable" in notice


def test_too_few_llm_questions_are_topped_up_offline() -> None:
    llm = ScriptedLLM([plan_reply(1)])
    plan = LLMInterviewer(llm).plan(context(stages=(2,), questions_per_stage=3))
    assert len(plan) == 3 and plan[0].origin == "llm" and plan[1].origin != "llm"


def test_follow_up_from_the_llm_is_validated_and_used() -> None:
    with running_stub(ok(FOLLOW)) as stub:
        decision = LLMInterviewer(llm_for(stub.base_url)).follow_up(context(), QUESTION, ANSWER, 0)
    assert decision.ask and decision.kind == "ownership" and decision.text == FOLLOW["text"]
    assert decision.notice == ""
    assert stub.requests[0].body["response_format"]["json_schema"]["name"] == "FollowUpReply"


def test_a_slow_llm_follow_up_falls_back_offline_with_a_notice() -> None:
    with running_stub(slow(10, FOLLOW)) as stub:
        interviewer = LLMInterviewer(llm_for(stub.base_url, timeout=0.3))
        decision = interviewer.follow_up(context(), QUESTION, ANSWER, 0)
    assert decision.ask and decision.kind == "ownership"  # the offline rules reached the same verdict
    assert "took too long" in decision.notice
    assert interviewer.take_notices() == [decision.notice]


def test_a_malformed_follow_up_is_retried_once_then_falls_back() -> None:
    with running_stub(ok("{not json"), ok({"ask": True, "kind": "result", "text": "", "reason": "x"})) as stub:
        interviewer = LLMInterviewer(llm_for(stub.base_url))
        decision = interviewer.follow_up(context(), QUESTION, ANSWER, 0)
    assert len(stub.requests) == 2  # one retry, then the offline interviewer
    assert "unusable" in decision.notice and decision.kind == "ownership"


def test_unknown_kinds_are_mapped_and_moving_on_is_kept() -> None:
    llm = ScriptedLLM([{"ask": True, "kind": "weird", "text": "Tell me more.", "reason": "r"},
                       {"ask": False, "kind": "move_on", "text": "", "reason": "Complete answer."}])
    interviewer = LLMInterviewer(llm)
    assert interviewer.follow_up(context(), QUESTION, ANSWER, 0).kind == "specifics"
    moved = interviewer.follow_up(context(), QUESTION, ANSWER, 0)
    assert not moved.ask and moved.kind == "move_on" and moved.reason == "Complete answer."


def test_the_depth_limit_is_enforced_without_calling_the_llm() -> None:
    llm = ScriptedLLM([FOLLOW])
    decision = LLMInterviewer(llm).follow_up(context(max_followup_depth=1), QUESTION, ANSWER, 1)
    assert decision.kind == "depth_limit" and llm.calls == []


def test_after_repeated_failures_the_llm_is_no_longer_called() -> None:
    with running_stub(status(500), status(500), ok(FOLLOW)) as stub:
        interviewer = LLMInterviewer(llm_for(stub.base_url))
        for _ in range(FAILURES_BEFORE_OFFLINE + 2):
            assert interviewer.follow_up(context(), QUESTION, ANSWER, 0).ask
    assert len(stub.requests) == FAILURES_BEFORE_OFFLINE


def test_build_interviewer_uses_the_configured_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(build_interviewer(get_settings()), OfflineInterviewer)
    with running_stub(ok(FOLLOW)) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        get_settings.cache_clear()
        interviewer = build_interviewer(get_settings())
        assert isinstance(interviewer, LLMInterviewer)
        assert interviewer.follow_up(context(), QUESTION, ANSWER, 0).text == FOLLOW["text"]
    assert isinstance(build_interviewer(get_settings(), llm=ScriptedLLM([])), LLMInterviewer)


def test_replies_in_the_wrong_language_are_not_used() -> None:
    korean_plan = {"questions": [{"text": "일본 합작법인 출범 첫해를 어떻게 이끌어 가시겠습니까?",
                                  "competency": "leadership", "source_ids": [], "reason": "r",
                                  "strong_answer": "s"}]}
    plan = LLMInterviewer(ScriptedLLM([korean_plan])).plan(context(stages=(2,), questions_per_stage=1))
    assert plan[0].origin != "llm"  # English session: topped up by the offline interviewer
    interviewer = LLMInterviewer(ScriptedLLM([FOLLOW]))
    decision = interviewer.follow_up(context(language="ko"), QUESTION, ANSWER, 0)
    assert decision.text != FOLLOW["text"] and "응답 형식 오류" in decision.notice


def test_the_timed_format_asks_the_llm_for_short_questions() -> None:
    llm = ScriptedLLM([plan_reply(1)])
    LLMInterviewer(llm).plan(context(format="timed", stages=(1,), questions_per_stage=1))
    system, _, _ = llm.calls[0]
    assert "Timed format" in system and "50" in system
