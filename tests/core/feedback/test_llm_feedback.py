"""The optional LLM pass: validated items are added, bad ones dropped, failures fall back."""

from __future__ import annotations

from core.feedback import AnswerInput, analyze_answer
from core.feedback.llm import LLMRefiner
from core.llm import LLMTimeout
from core.llm.fake import ScriptedLLM

ANSWER = "At my last job I cut build time from 40 to 8 minutes by caching dependencies. We shipped daily after."
QUESTION = "Tell me about a time you improved a process."


def test_valid_llm_items_are_added_with_evidence_and_invalid_ones_dropped():
    llm = ScriptedLLM([{"items": [
        {"grade": "average", "observation": "The trade-off of caching is not explained.",
         "next_step": "Say what could go stale and how you handled it.", "quote": "by caching dependencies"},
        {"grade": "needs_improvement", "observation": "You sound nervous.", "next_step": "Relax.",
         "quote": "At my last job"},
        {"grade": "good", "observation": "Invented quote.", "next_step": "-", "quote": "words never said"}]}])
    payload = analyze_answer(AnswerInput(ANSWER, QUESTION), refine=LLMRefiner(llm)).to_dict()
    extra = [f for f in payload["feedback"] if f["source"] == "llm"]
    assert [f["text"] for f in extra] == ["The trade-off of caching is not explained."]
    assert extra[0]["evidence"]["quote"] == "by caching dependencies"
    assert payload["llm"] == {"used": True, "model": "scripted", "offered": 3, "kept": 1}
    assert "<<<DATA answer>>>" in llm.calls[0][1]


def test_llm_failure_keeps_the_rule_feedback_and_says_why():
    rules_only = analyze_answer(AnswerInput(ANSWER, QUESTION)).to_dict()
    payload = analyze_answer(AnswerInput(ANSWER, QUESTION),
                             refine=LLMRefiner(ScriptedLLM([LLMTimeout("slow")]))).to_dict()
    assert payload["llm"] == {"used": False, "error": "timeout"}
    assert [f["key"] for f in payload["feedback"]] == [f["key"] for f in rules_only["feedback"]]
    assert payload["score"] == rules_only["score"]
