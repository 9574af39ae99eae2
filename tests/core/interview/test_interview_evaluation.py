"""Evaluation: scripted candidates answer real bank questions; each follow-up must target
what that answer lacked, in both languages and both personas (docs/notes/interviewer.md
reports the same table)."""

from __future__ import annotations

import pytest

from core.interview import InterviewContext, OfflineInterviewer, QuestionDraft, followup_draft

RESUME_EN = ("- Reduced page load time by 40% by introducing a caching layer.\n"
             "- Led a team of 6 engineers to rebuild the checkout.\n")
RESUME_KO = ("- 캐시 계층을 도입해 페이지 로딩 시간을 40% 단축\n"
             "- 6명의 개발자를 이끌고 결제 시스템 재구축\n")

QUESTION_EN = QuestionDraft(
    text="Tell me about a time you improved the performance of a product or process. What did you do?",
    stage=1, persona="lead", competency="critical_thinking", bank_id="eval-en", language="en")
QUESTION_KO = QuestionDraft(
    text="제품이나 업무 과정의 성능을 개선했던 경험을 말씀해 주세요. 구체적으로 무엇을 하셨나요?",
    stage=1, persona="lead", competency="problem_solving", bank_id="eval-ko", language="ko")

CANDIDATES_EN = {
    "strong": ("Last year at my previous company our checkout page was slow and customers were abandoning carts. "
               "My task was to find the cause. I profiled the page with Lighthouse, then I moved image resizing to "
               "a CDN and I added a caching layer for the product API. As a result, load time went from 4.2 "
               "seconds to 2.5 seconds within a month, and cart abandonment dropped from 31% to 24%.",
               "move_on"),
    "vague": ("I think I'm generally good at improving things. I always work hard and try to do my best in various "
              "situations, and things usually work out well in the end for everyone involved, more or less.",
              # a strengths speech to a "tell me about a time" question does not answer it (issue 14:
              # off-topic means off the question); the old regex detector called it "specifics"
              "off_topic"),
    "off_topic": ("My favourite hobby is hiking. Mountains are beautiful in autumn, and I love taking photos of the "
                  "scenery with friends on weekends. Last month I climbed Seoraksan with my cousin.",
                  "off_topic"),
    "we_without_i": ("Our checkout was slow, so we looked into it. We split the work, we rebuilt the product API "
                     "together and we tested it with customers. In the end we shipped it on time and our client "
                     "was happy with the faster pages.",
                     "ownership"),
    "number_without_context": ("At my last job the reporting process was slow. I interviewed the analysts, then I "
                               "automated the Excel exports with Python and I documented the new process. "
                               "As a result, the reporting process improved by 35%.",
                               "number_context"),
    "resume_contradiction": ("At my previous company the product pages were slow. I profiled them, then I added a "
                             "caching layer in front of the API. As a result the page load time went down by about "
                             "15% compared with the month before.",
                             "contradiction"),
    "no_result": ("At my previous company our deployment process was slow. I measured each step, then I "
                  "parallelised the test suite and I moved the builds to a bigger machine, and I wrote a short guide "
                  "for the team on how to use the new pipeline.",
                  "result"),
    "too_short": ("I made the website faster.", "too_short"),
}

CANDIDATES_KO = {
    "strong": ("작년 이전 회사에서 결제 페이지가 느려 고객 이탈이 많았던 상황이 있었습니다. 제가 맡은 역할은 원인을 "
               "찾는 것이었습니다. 먼저 Lighthouse로 페이지를 분석했고, 이미지 처리를 CDN으로 옮기고 상품 API에 "
               "캐시를 도입했습니다. 그 결과 한 달 만에 로딩 시간이 4.2초에서 2.5초로 줄었고, 장바구니 이탈률이 "
               "31%에서 24%로 감소했습니다.",
               "move_on"),
    "vague": ("저는 개선하는 일을 나름 잘하는 편인 것 같습니다. 항상 열심히 하고 여러 가지 상황에서 최선을 다했고, "
              "대체로 다 잘 마무리되었던 것 같습니다. 정말 많이 배웠습니다.",
              "off_topic"),
    "off_topic": ("저는 주말마다 친구들과 등산을 즐깁니다. 가을 산이 정말 아름답고, 사진 찍는 것도 좋아합니다. "
                  "지난달에는 사촌과 함께 설악산에 다녀왔는데 경치가 정말 좋았습니다.",
                  "off_topic"),
    "we_without_i": ("저희 팀은 결제 페이지가 느려서 원인을 찾아보기로 했습니다. 저희가 일을 나눠서 상품 API를 함께 "
                     "다시 만들었고, 우리 팀이 고객과 같이 테스트했습니다. 결국 저희는 일정 안에 배포했고 고객사도 "
                     "만족했습니다.",
                     "ownership"),
    "number_without_context": ("이전 회사에서 보고서 작성 업무가 너무 오래 걸렸습니다. 제가 직접 분석가들을 "
                               "인터뷰했고, 파이썬으로 엑셀 추출을 자동화했습니다. 그 결과 보고 업무가 35% "
                               "개선되었습니다.",
                               "number_context"),
    "resume_contradiction": ("이전 회사에서 상품 페이지가 느렸습니다. 제가 직접 원인을 분석했고, API 앞에 캐시 "
                             "계층을 도입했습니다. 그 결과 페이지 로딩 시간이 전월 대비 15% 정도 단축되었습니다.",
                             "contradiction"),
    "no_result": ("이전 회사에서 배포 과정이 너무 느렸던 상황이 있었습니다. 제가 단계별 소요 시간을 측정했고, "
                  "테스트를 병렬로 돌리도록 바꿨고, 빌드 서버를 더 큰 장비로 옮겼습니다. 팀원들을 위한 "
                  "사용 가이드도 작성했습니다.",
                  "result"),
    "too_short": ("웹사이트를 빠르게 만들었습니다.", "too_short"),
}


def _context(lang: str, persona: str) -> InterviewContext:
    return InterviewContext(company="Acme", role="Engineer", persona=persona, language=lang,
                            resume_text=RESUME_KO if lang == "ko" else RESUME_EN, max_followup_depth=2)


# Scripted answers the current reader model gets wrong (its measured off-topic recall and
# follow-up agreement on the held-out corpus are in BENCHMARKS.md); strict, so a model that
# fixes them turns these into failures to update.
# The English hobbies answer is caught since session 22 (question-intent / answer-evidence heads),
# the Korean one since session 23 (paired hard off-topic training answers, question-rank features).
KNOWN_MISSES = {("ko", "vague")}


def _names(lang: str, names: list[str]) -> list[object]:
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="known miss of the reader model"))
            if (lang, n) in KNOWN_MISSES else n for n in names]


@pytest.mark.parametrize("persona", ["lead", "executive"])
@pytest.mark.parametrize("name", _names("en", list(CANDIDATES_EN)))
def test_english_follow_up_targets_what_the_answer_lacked(name: str, persona: str) -> None:
    answer, expected = CANDIDATES_EN[name]
    question = QuestionDraft(**{**QUESTION_EN.to_dict(), "persona": persona, "sources": ()})
    decision = OfflineInterviewer().follow_up(_context("en", persona), question, answer, depth=0)
    assert decision.kind == expected, (name, decision)
    assert decision.ask == (expected != "move_on")
    assert decision.text and decision.reason


@pytest.mark.parametrize("persona", ["lead", "executive"])
@pytest.mark.parametrize("name", _names("ko", list(CANDIDATES_KO)))
def test_korean_follow_up_targets_what_the_answer_lacked(name: str, persona: str) -> None:
    answer, expected = CANDIDATES_KO[name]
    question = QuestionDraft(**{**QUESTION_KO.to_dict(), "persona": persona, "sources": ()})
    decision = OfflineInterviewer().follow_up(_context("ko", persona), question, answer, depth=0)
    assert decision.kind == expected, (name, decision)
    assert decision.ask == (expected != "move_on")


def test_follow_ups_quote_the_evidence() -> None:
    iv = OfflineInterviewer()
    ctx = _context("en", "lead")
    contradiction = iv.follow_up(ctx, QUESTION_EN, CANDIDATES_EN["resume_contradiction"][0], 0)
    assert "40%" in contradiction.text and "15%" in contradiction.text
    number = iv.follow_up(ctx, QUESTION_EN, CANDIDATES_EN["number_without_context"][0], 0)
    assert "35%" in number.text and "35%" in number.reason
    ownership = iv.follow_up(ctx, QUESTION_EN, CANDIDATES_EN["we_without_i"][0], 0)
    # the follow-up quotes the candidate's own "we" sentence instead of counting pronouns
    assert ownership.kind == "ownership" and "we" in ownership.text.split("“", 1)[1].split("”")[0].lower()
    ko = iv.follow_up(_context("ko", "lead"), QUESTION_KO, CANDIDATES_KO["we_without_i"][0], 0)
    assert "저희" in ko.text


def test_personas_phrase_the_same_follow_up_differently() -> None:
    answer = CANDIDATES_EN["no_result"][0]
    lead = OfflineInterviewer().follow_up(_context("en", "lead"), QUESTION_EN, answer, 0)
    executive_q = QuestionDraft(**{**QUESTION_EN.to_dict(), "persona": "executive", "sources": ()})
    executive = OfflineInterviewer().follow_up(_context("en", "executive"), executive_q, answer, 0)
    assert lead.kind == executive.kind == "result"
    assert lead.text != executive.text and "business" in executive.text


def test_moving_on_is_stated_with_a_reason() -> None:
    decision = OfflineInterviewer().follow_up(_context("en", "lead"), QUESTION_EN, CANDIDATES_EN["strong"][0], 0)
    assert not decision.ask and decision.kind == "move_on"
    assert "Moving on" in decision.reason and "the result" in decision.reason
    ko = OfflineInterviewer().follow_up(_context("ko", "lead"), QUESTION_KO, CANDIDATES_KO["strong"][0], 0)
    assert "다음 질문" in ko.text and "다음 질문" in ko.reason


def test_depth_is_bounded_and_configurable() -> None:
    vague = CANDIDATES_EN["vague"][0]
    shallow = InterviewContext(language="en", max_followup_depth=1)
    deep = InterviewContext(language="en", max_followup_depth=2)
    iv = OfflineInterviewer()
    assert iv.follow_up(shallow, QUESTION_EN, vague, 0).ask
    stop = iv.follow_up(shallow, QUESTION_EN, vague, 1)
    assert not stop.ask and stop.kind == "depth_limit" and "(1)" in stop.reason
    assert iv.follow_up(deep, QUESTION_EN, vague, 1).ask
    assert not iv.follow_up(InterviewContext(max_followup_depth=0), QUESTION_EN, vague, 0).ask
    # a configured depth above the hard ceiling is capped
    assert not iv.follow_up(InterviewContext(max_followup_depth=99), QUESTION_EN, vague, 3).ask


def test_a_follow_up_question_is_a_draft_of_its_own_and_skips_the_off_topic_check() -> None:
    iv = OfflineInterviewer()
    ctx = _context("en", "lead")
    decision = iv.follow_up(ctx, QUESTION_EN, CANDIDATES_EN["we_without_i"][0], 0)
    follow = followup_draft(QUESTION_EN, decision)
    assert follow.origin == "followup" and follow.stage == 1 and follow.bank_id == "eval-en>ownership"
    answer = ("I personally wrote the caching layer and the load tests. I chose Redis because the team knew it, "
              "and as a result the API latency went from 900 ms to 300 ms in two weeks.")
    assert iv.follow_up(ctx, follow, answer, 1).kind == "move_on"


def test_a_team_size_that_contradicts_the_resume_is_questioned() -> None:
    answer = ("At my previous company I led the checkout rebuild. We were a small team of 3 people, so I split the "
              "work by page and I reviewed every change myself. As a result we shipped in six weeks, from a plan of "
              "ten.")
    decision = OfflineInterviewer().follow_up(_context("en", "lead"), QUESTION_EN, answer, 0)
    assert decision.kind == "contradiction" and "6 engineers" in decision.text
