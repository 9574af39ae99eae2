"""The LLM follow-up path is checked against the answer reader: the reader's labels go to
the model as a data block, and a reply whose premise the reading shows false (or a
malformed one) is replaced by the offline decision with a notice. Real client, loopback
OpenAI-compatible server."""

from __future__ import annotations

import json
import re

import openai

from core.interview import InterviewContext, QuestionDraft
from core.interview.llm_interviewer import LLMInterviewer
from core.llm import OpenAIChatLLM
from tests.core.llm.openai_stub import ok, running_stub

QUESTION = QuestionDraft(text="Tell me about a time you improved a process at work.", stage=1, persona="lead",
                         competency="critical_thinking", language="en")
# Actions by the speaker and a measured result with its baseline: nothing is missing.
STRONG = ("At my last job our weekly sales report took two days to build by hand. I was asked to fix it. "
          "I wrote a Python script that pulled the numbers from the CRM, and I set up a dashboard in Looker for "
          "the sales leads. As a result the report went from two days to twenty minutes a week.")


def _llm(url: str) -> OpenAIChatLLM:
    client = openai.OpenAI(api_key="k", base_url=url, max_retries=0, timeout=5.0)
    return OpenAIChatLLM(client, "stub", timeout=5.0)


def test_the_reading_goes_to_the_llm_as_a_data_block() -> None:
    reply = {"ask": False, "kind": "move_on", "text": "", "reason": "Complete answer."}
    with running_stub(ok(reply)) as stub:
        LLMInterviewer(_llm(stub.base_url)).follow_up(InterviewContext(), QUESTION, STRONG, 0)
    user = next(m["content"] for m in stub.requests[0].body["messages"] if m["role"] == "user")
    block = re.search(r"<<<DATA answer_reading>>>\n(.*?)\n<<<END DATA>>>", user, re.S)
    assert block, user
    labels = json.loads(block.group(1))
    assert labels["question_type"] == "behavioural"
    assert {s["role"] for s in labels["sentences"]} >= {"action", "result"}


def test_a_reply_contradicting_the_reading_falls_back_to_the_offline_decision() -> None:
    # "what was the result?" although a result sentence was read
    reply = {"ask": True, "kind": "result", "text": "What was the result of that?", "reason": "No result."}
    with running_stub(ok(reply)) as stub:
        interviewer = LLMInterviewer(_llm(stub.base_url))
        decision = interviewer.follow_up(InterviewContext(), QUESTION, STRONG, 0)
    assert decision.kind != "result" and decision.text != reply["text"]
    assert "contradicted" in decision.notice
    assert interviewer.take_notices() == [decision.notice]


def test_a_reply_consistent_with_the_reading_is_used() -> None:
    reply = {"ask": True, "kind": "impact", "text": "How did the sales leads use the dashboard afterwards?",
             "reason": "The result is there; the impact on the team is not."}
    with running_stub(ok(reply)) as stub:
        decision = LLMInterviewer(_llm(stub.base_url)).follow_up(InterviewContext(), QUESTION, STRONG, 0)
    assert decision.ask and decision.kind == "impact" and decision.text == reply["text"] and not decision.notice


def test_a_malformed_reply_falls_back_to_the_same_decision_as_offline() -> None:
    from core.interview import OfflineInterviewer

    with running_stub(ok("{not json"), ok("still not json")) as stub:
        decision = LLMInterviewer(_llm(stub.base_url)).follow_up(InterviewContext(), QUESTION, STRONG, 0)
    offline = OfflineInterviewer().follow_up(InterviewContext(), QUESTION, STRONG, 0)
    assert decision.notice and (decision.ask, decision.kind, decision.text) == (offline.ask, offline.kind,
                                                                                 offline.text)
