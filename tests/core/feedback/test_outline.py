"""The better-answer outline: the candidate's own sentences in STAR order, placeholders for
what is missing, and never a fact the candidate did not give (answer, resume or question)."""

from __future__ import annotations

import pytest

from core.feedback.outline import (
    LLMOutline,
    Outline,
    OutlineLine,
    build_outline,
    check_llm_outline,
    clean_clause,
    llm_outline,
    new_facts,
    outline_new_facts,
)
from core.llm import LLMTimeout
from core.llm.fake import ScriptedLLM
from tests.readings import corpus_records, make_reading, reading_from_record

RECORDS = list(corpus_records())
# Facts an outline must never bring in: each is checked on every corpus outline.
INJECTED = {"en": ["We saved 37 % of the cost.", "I did this at Acme Logistics.", "It shipped in March 2019.",
                   "The Kubernetes move took nine days."],
            "ko": ["비용을 37% 줄였습니다.", "Acme에서 한 일입니다.", "2019년 3월에 끝났습니다.",
                   "일곱 명이 참여했습니다."]}


def test_the_corpus_is_large_enough_to_test_the_rule_on() -> None:
    assert len(RECORDS) >= 40
    assert {r["lang"] for r in RECORDS} == {"en", "ko"}


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_outline_of_every_corpus_answer_adds_no_fact(record: dict) -> None:
    reading, answer = reading_from_record(record)
    outline = build_outline(reading)
    assert outline_new_facts(outline, [answer, reading.question]) == []
    assert outline_new_facts(outline, [answer, reading.question], strict_korean=True) == []
    # Own words: every non-placeholder line is a sentence of the answer, in the order spoken.
    own = [line for line in outline.lines if not line.placeholder]
    for line in own:
        # The sentence's own words; only a leading joiner ("and", "그리고") may be dropped and
        # the first letter capitalised (`clean_clause`).
        said = answer[line.char_start:line.char_end].strip()
        assert said.casefold().endswith(line.text.casefold())
        assert clean_clause(said) == line.text
    starts = [line.char_start for line in own if line.part != "reflection"]
    assert all(p.startswith("[") and p.endswith("]") for p in (x.text for x in outline.lines if x.placeholder))
    # Every STAR part is there, said or as a placeholder.
    assert {line.part for line in outline.lines} >= {"situation", "task", "action", "result"}
    assert starts == sorted(starts) or len({line.part for line in own}) > 1


@pytest.mark.parametrize("record", RECORDS[::3], ids=[r["id"] for r in RECORDS[::3]])
def test_the_rule_catches_a_fact_slipped_into_an_outline(record: dict) -> None:
    reading, answer = reading_from_record(record)
    outline = build_outline(reading)
    for fake in INJECTED[record["lang"]]:
        tampered = Outline(lines=(*outline.lines, OutlineLine(part="result", text=fake, placeholder=False)))
        assert outline_new_facts(tampered, [answer, reading.question]), fake
        # ... and the same words inside a placeholder are allowed.
        fenced = Outline(lines=(*outline.lines, OutlineLine(part="result", text=f"[{fake}]", placeholder=True)))
        assert outline_new_facts(fenced, [answer, reading.question]) == []


def test_missing_parts_become_placeholders_and_said_parts_keep_the_candidates_words() -> None:
    reading, _answer = make_reading("Tell me about a time you fixed a slow process.", [
        ("situation", "we", "Our monthly close took nine days at the clinic."),
        ("action", "i", "I wrote a script that matched the invoices automatically."),
    ])
    outline = build_outline(reading)
    by_part = {line.part: line for line in outline.lines}
    assert by_part["situation"].text == "Our monthly close took nine days at the clinic."
    assert by_part["task"].placeholder and by_part["task"].text.startswith("[")
    assert by_part["result"].placeholder and "how much" in by_part["result"].text
    assert next(line.to_contract() for line in outline.lines) == {
        "part": "situation", "text": "Our monthly close took nine days at the clinic.", "placeholder": False}


def test_a_result_without_a_measure_and_a_loose_number_get_prompts() -> None:
    reading, _ = make_reading("Tell me about a success.", [
        ("situation", "i", "I joined a team with a big backlog."),
        ("task", "i", "I had to clear it."),
        ("action", "we", "We triaged 40 tickets (no context)"),
        ("result", "none", "The backlog got much smaller."),
    ])
    texts = [line.text for line in build_outline(reading).lines]
    assert any(text.startswith("[40") for text in texts)  # compared with what?
    assert any("yourself" in text for text in texts)  # actions only "we"
    assert any("compared with what, over what time" in text for text in texts)  # result without a number


def test_korean_outline_uses_korean_prompts() -> None:
    reading, answer = make_reading("갈등을 해결한 경험을 말해 주세요.", [
        ("situation", "we", "작년에 물류팀과 개발팀이 배포 일정 때문에 부딪혔습니다."),
        ("action", "i", "제가 두 팀의 요구를 표로 정리해서 회의를 열었습니다."),
    ], lang="ko")
    outline = build_outline(reading)
    result = next(line for line in outline.lines if line.part == "result")
    assert result.placeholder and "얼마나" in result.text
    assert outline_new_facts(outline, [answer], strict_korean=True) == []


def test_new_facts_reads_numbers_names_dates_and_korean_counters() -> None:
    source = "I led a team of five at Northwind in 2023 and cut costs by 12 %."
    assert new_facts("I led a team of five at Northwind in 2023.", [source]) == []
    assert set(new_facts("I led six people at Contoso in 2021.", [source])) == {"six", "contoso", "2021"}
    assert new_facts("세 명이 참여했고 오류가 0건이었습니다.", ["세 명이 참여했습니다. 오류는 0건."]) == []
    assert new_facts("네 명이 참여했습니다.", ["세 명이 참여했습니다."]) == ["네명"]
    assert new_facts("Kafka로 옮겼습니다.", ["큐를 옮겼습니다."]) == ["kafka"]
    assert new_facts("[by how much? e.g. 40 %]", [""]) == []


def test_a_number_moved_to_another_unit_is_a_new_fact() -> None:
    source = "The migration took three months. Three people helped, and errors fell by 40 percent."
    assert new_facts("The migration took three years.", [source]) == ["three years"]
    assert new_facts("The migration took three months.", [source]) == []
    assert new_facts("Errors fell by 40 percent.", [source]) == []
    assert new_facts("오류가 12만 건 줄었습니다.", ["오류가 12만 원 줄었습니다."]) != []


def _reply(lines: list[dict]) -> dict:
    return {"lines": lines}


def test_llm_outline_is_kept_when_it_only_reorders_the_candidates_words() -> None:
    reading, answer = make_reading("Tell me about a time you fixed a slow process.", [
        ("situation", "we", "Our monthly close took nine days."),
        ("action", "i", "I wrote a script that matched the invoices."),
        ("result", "none", "The close now takes four days."),
    ])
    llm = ScriptedLLM([_reply([
        {"part": "situation", "text": "Our monthly close took nine days.", "placeholder": False},
        {"part": "task", "text": "[what were you asked to fix, and by when?]", "placeholder": True},
        {"part": "action", "text": "I wrote a script that matched the invoices.", "placeholder": False},
        {"part": "result", "text": "The close now takes four days.", "placeholder": False}])])
    outline = llm_outline(llm, reading, answer=answer)
    assert outline.source == "llm" and outline.notice == ""
    assert "Rule" not in llm.calls[0][1]  # the answer goes in as untrusted data, roles as context
    assert "[situation]" in llm.calls[0][1]


@pytest.mark.parametrize("bad_text", ["The close now takes four days, saving $20,000 a year.",
                                      "At Contoso the close now takes four days.",
                                      "The close now takes four days since June."])
def test_llm_outline_that_adds_a_fact_is_replaced_by_the_offline_one(bad_text: str) -> None:
    reading, answer = make_reading("Tell me about a time you fixed a slow process.", [
        ("situation", "we", "Our monthly close took nine days."),
        ("result", "none", "The close now takes four days."),
    ])
    llm = ScriptedLLM([_reply([{"part": "result", "text": bad_text, "placeholder": False}])])
    outline = llm_outline(llm, reading, answer=answer)
    assert outline.source == "offline" and outline.notice == "new_fact"
    assert outline.lines == build_outline(reading).lines


def test_llm_outline_falls_back_when_malformed_unbracketed_or_unreachable() -> None:
    reading, answer = make_reading("Q?", [("action", "i", "I fixed the build.")])
    assert llm_outline(ScriptedLLM(['{"lines": "no"}']), reading, answer=answer).notice == "malformed"
    assert llm_outline(ScriptedLLM([LLMTimeout("slow")]), reading, answer=answer).notice == "unavailable"
    unbracketed = LLMOutline.model_validate(_reply([{"part": "result", "text": "say the result", "placeholder": True}]))
    assert check_llm_outline(unbracketed, [answer], "en") is None


def test_korean_llm_outline_with_a_new_company_name_is_refused() -> None:
    _reading, answer = make_reading("지원 동기는?", [("situation", "i", "저는 물류 회사에서 일했습니다.")],
                                   lang="ko", question_type="motivation")
    reply = LLMOutline.model_validate(_reply([{"part": "situation", "text": "저는 쿠팡에서 일했습니다.",
                                               "placeholder": False}]))
    assert check_llm_outline(reply, [answer], "ko") is None


def test_a_sentence_the_blind_check_flags_is_never_put_into_the_outline() -> None:
    """Found in the browser: "and my father works as a bank manager" became the Situation of
    the better answer while the same page told the candidate to leave it out."""
    from core.feedback.analyze import AnswerInput, analyze_answer

    answer = ("My father works as a bank manager in Daegu. At my last team our nightly data pipeline took "
              "six hours. I rewrote the joins. As a result it took 40 minutes.")
    question = "Tell me about a problem you solved."
    checked = analyze_answer(AnswerInput(answer, question))
    assert any("father" in str(i) for i in checked.feedback if i.kind.startswith("blind")), \
        [i.kind for i in checked.feedback]
    assert checked.outline is not None
    assert not any("father" in line.text for line in checked.outline.lines)
    unchecked = analyze_answer(AnswerInput(answer, question, blind_check=False))
    assert not any(i.kind.startswith("blind") for i in unchecked.feedback)


def test_a_quoted_clause_starts_cleanly_without_a_leading_joiner() -> None:
    # New-user finding s22 #6: "Action: and I made it faster by changing some queries."
    reading, answer = make_reading("Tell me about a time you improved performance.", [
        ("situation", "i", "Our billing reports took an hour."),
        ("action", "i", "I profiled the slowest report,"),
        ("action", "i", "and I made it faster by changing some queries."),
        ("result", "none", "So then, the report ran in 5 minutes."),
    ])
    texts = [line.text for line in build_outline(reading).lines if not line.placeholder]
    assert "I made it faster by changing some queries." in texts
    assert "The report ran in 5 minutes." in texts
    assert not any(text.split()[0].casefold() in {"and", "so", "then"} for text in texts)
    assert outline_new_facts(build_outline(reading), [answer]) == []


@pytest.mark.parametrize(("said", "quoted"), [
    ("그리고 제가 쿼리를 바꿔서 빠르게 만들었습니다.", "제가 쿼리를 바꿔서 빠르게 만들었습니다."),
    ("그래서, 보고서가 5분 만에 끝났습니다.", "보고서가 5분 만에 끝났습니다."),
    ("Andrew reviewed it.", "Andrew reviewed it."),  # a name that starts like "and" stays
    ("but the team kept the old job.", "The team kept the old job."),
    ("So.", "So."),  # nothing but a joiner: kept as said
])
def test_clean_clause_drops_only_leading_joiners(said: str, quoted: str) -> None:
    assert clean_clause(said) == quoted
