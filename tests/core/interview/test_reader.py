"""The answer reader: its committed model measured on the held-out split, and behaviour on
fresh answers (written for these tests, not in the corpus) in English and Korean."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from core.interview import InterviewContext, OfflineInterviewer, QuestionDraft
from core.interview.reader import MODEL_PATH, main_actor, noun_phrase_subject, read_answer
from core.interview.reader_eval import evaluate_reader, load_corpus

ROOT = Path(__file__).resolve().parents[3]

# Floors under the measured held-out numbers (BENCHMARKS.md "Answer reader"): a retrained
# model that falls below them is a regression. The goals (90 % agreement, 90 %
# off-topic recall at <= 5 % false alarms, 0 false-premise challenges) are not met yet;
# BENCHMARKS.md gives the true numbers.
FLOORS = {"role_accuracy": 0.82, "question_type_accuracy": 0.9, "concrete_accuracy": 0.9,
          "followup_agreement": 0.8, "off_topic_recall": 0.6, "numbers_found": 0.92,
          "actor_accuracy": 0.8}
# Per-language floors where a language's measure sits away from the shared one. Session 24
# (answer-evidence head taught by the off-topic answers' `answer_intent`, intent head by 318
# intent-labelled questions; read once at 01:53 UTC, BENCHMARKS.md "Session 24"): English
# 0.807 agreement / 0.60 off-topic recall (session 23: 0.783 / 0.55), Korean 0.869 / 0.80
# (0.857 / 0.75). The English agreement floor is back at session 22's 0.8; its recall floor is
# one off-topic answer (of 20) under the measure, because a borderline answer can flip
# between CPUs.
LANGUAGE_FLOORS = {"en": {"followup_agreement": 0.8, "off_topic_recall": 0.55},
                   "ko": {"followup_agreement": 0.84, "off_topic_recall": 0.7}}
# The held-out split grew again in session 22 (40 answers written fresh, 14 of them hard
# off-topic): with the question-intent / answer-evidence heads it measured off-topic recall
# 0.65 en / 0.70 ko, false off-topic 0.063 / 0.094, false-premise challenges 2 / 1 of 29;
# session 23: false off-topic 0.079 / 0.078, false premises 3 / 2; session 24: 0.063 / 0.078, 2 / 2.
CEILINGS = {"false_off_topic_rate": 0.1, "false_premise_challenges": 3}


@pytest.fixture(scope="module")
def heldout() -> dict:
    return evaluate_reader("heldout")


def test_the_model_is_small_plain_arrays_and_has_a_heldout_split() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    with zipfile.ZipFile(MODEL_PATH) as z:  # npz = zip of .npy arrays, loaded with allow_pickle=False
        assert all(name.endswith(".npy") for name in z.namelist())
    corpus = load_corpus()
    splits = {a.split for a in corpus}
    assert splits == {"train", "heldout"}
    for lang in ("en", "ko"):
        assert sum(1 for a in corpus if a.lang == lang and a.split == "heldout") >= 20


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_heldout_measures_stay_above_their_floors(heldout: dict, lang: str) -> None:
    measures = heldout["by_language"][lang]
    for name, floor in {**FLOORS, **LANGUAGE_FLOORS[lang]}.items():
        assert measures[name] >= floor, (lang, name, measures[name])
    for name, ceiling in CEILINGS.items():
        assert measures[name] <= ceiling, (lang, name, measures[name])


QUESTION_EN = QuestionDraft(text="Tell me about a time you led a change that others were unsure about.", stage=1,
                            persona="lead", competency="leadership", language="en")
STRONG_EN = ("I owned the rollout plan for our new billing system. I broke the change into four feature flags, "
             "wrote the migration for the rates table myself, and set up a daily check-in with finance. "
             "As a result we moved all 1,200 customers two weeks before the deadline, and billing disputes fell "
             "from 31 to 4 in the first month.")
SITUATION_ONLY_EN = ("A customer was angry because her order had arrived broken for the third time. She wrote to us "
                     "every day for a week, and the emails got longer and angrier. We were all worried about "
                     "losing the account, which was one of our biggest at the time.")
QUESTION_KO = QuestionDraft(text="어려운 목표를 달성했던 경험을 말씀해 주세요.", stage=1, persona="lead",
                            competency="problem_solving", language="ko")
STRONG_KO = ("작년 인턴 때 주문 관리 시스템의 배포 일정이 2주 앞당겨진 상황이었습니다. 제가 테스트 자동화를 맡아서 "
             "회귀 테스트 120개를 직접 작성했고, 매일 아침 개발팀과 15분씩 결함을 점검했습니다. 그 결과 마감 이틀 "
             "전에 배포했고, 첫 달 오류 건수가 0건이었습니다.")


def _decide(question: QuestionDraft, answer: str, lang: str):
    return OfflineInterviewer().follow_up(InterviewContext(language=lang), question, answer, 0)


def test_a_strong_first_person_answer_is_not_told_it_lacks_actions() -> None:
    reading = read_answer(QUESTION_EN.text, STRONG_EN, lang="en")
    assert any(s.role == "action" and s.actor == "i" for s in reading.sentences)
    assert "result" in reading.roles_present()
    assert not _decide(QUESTION_EN, STRONG_EN, "en").ask


def test_a_korean_strong_answer_with_numbers_in_context_moves_on() -> None:
    reading = read_answer(QUESTION_KO.text, STRONG_KO, lang="ko")
    numbers = {n.text: n.has_context for s in reading.sentences for n in s.numbers}
    assert numbers.get("이틀") is True and numbers.get("0건") is True
    decision = _decide(QUESTION_KO, STRONG_KO, "ko")
    assert decision.kind != "number_context" and not decision.ask


def test_a_situation_only_answer_is_asked_what_was_done_not_about_we() -> None:
    decision = _decide(QUESTION_EN, SITUATION_ONLY_EN, "en")
    assert decision.ask and decision.kind == "action"
    assert "“" in decision.text  # it quotes the candidate's own words
    # the clause the session-22 heads read as the speaker's action: a noun-phrase subject
    reading = read_answer(QUESTION_EN.text, SITUATION_ONLY_EN, lang="en")
    emails = next(s for s in reading.sentences if "emails" in s.text)
    assert emails.role != "action" and emails.actor != "i"


@pytest.mark.parametrize("answer", [
    "I fixed billing reports. My task was to make ingestion reliable.",
    "Last year our data pipeline kept failing at night. My task was to make ingestion reliable. I added retries "
    "and alerts in Airflow. As a result failures dropped from 12 to 1 a month.",
])
def test_the_speakers_task_named_as_such_is_read_as_the_task(answer: str) -> None:
    reading = read_answer(QUESTION_EN.text, answer, lang="en")
    task = next(s for s in reading.sentences if s.text.startswith("My task"))
    assert task.role == "task", task


def test_follow_ups_quote_the_candidates_words_in_korean_too() -> None:
    answer = ("저희 팀이 결제 페이지가 느려서 원인을 찾았습니다. 저희가 상품 API를 다시 만들고 고객과 같이 "
              "테스트했습니다. 결국 일정 안에 배포했고 고객사도 만족했습니다.")
    decision = _decide(QUESTION_KO, answer, "ko")
    assert decision.ask and decision.kind in {"ownership", "result", "number_context"}
    quoted = decision.text.split("“", 1)[1].split("”", 1)[0]
    assert quoted and quoted in answer


def test_a_bare_percentage_in_the_result_gets_a_number_context_question() -> None:
    answer = ("In my internship I looked after the weekly newsletter. I rewrote the subject lines and I started "
              "testing two versions of every send. Open rates went up 40 %.")
    decision = _decide(QUESTION_EN, answer, "en")
    assert decision.kind == "number_context" and "40 %" in decision.text


@pytest.mark.parametrize("answer", ["", "um", "um uh like you know", "Yes."])
def test_nothing_to_hold_on_to_gets_the_generic_too_short_question(answer: str) -> None:
    decision = _decide(QUESTION_EN, answer, "en")
    assert decision.ask and decision.kind == "too_short"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_read_answer_cli_prints_the_contract_keys_and_the_followup_decision(tmp_path: Path) -> None:
    answer = tmp_path / "a.txt"
    answer.write_bytes(STRONG_KO.encode("cp949"))
    out = _cli("read-answer", "--question", QUESTION_KO.text, "--answer-file", str(answer), "--lang", "ko",
               "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"question_type", "answers_question", "sentences", "competency", "follow_up"} <= set(data)
    assert {"text", "role", "actor", "concrete", "numbers"} <= set(data["sentences"][0])
    assert {"ask", "kind", "text", "reason"} <= set(data["follow_up"])
    follow = _cli("followup", "--question", QUESTION_KO.text, "--answer-file", str(answer), "--lang", "ko",
                  "--offline", "--json")
    same = json.loads(follow.stdout)
    assert (same["ask"], same["kind"], same["text"]) == (data["follow_up"]["ask"], data["follow_up"]["kind"],
                                                         data["follow_up"]["text"])


def test_read_answer_cli_bad_inputs_get_a_sensible_path(tmp_path: Path) -> None:
    binary = tmp_path / "b.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    out = _cli("read-answer", "--question", "Why us?", "--answer-file", str(binary), "--lang", "en", "--json")
    assert out.returncode != 0 and "Traceback" not in out.stderr and "binary" in out.stderr
    long_paste = tmp_path / "long.txt"
    long_paste.write_text(" ".join([STRONG_EN] * 90), encoding="utf-8")  # ~5,000 words
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("제가 API를 rewrite 했고 latency가 40% 줄었습니다. Then I wrote the docs.", encoding="utf-8")
    for path in (long_paste, mixed):
        out = _cli("read-answer", "--question", "Tell me about a project.", "--answer-file", str(path), "--lang",
                   "en", "--json")
        assert out.returncode == 0 and "Traceback" not in out.stderr
        assert json.loads(out.stdout)["follow_up"]["kind"]


@pytest.mark.parametrize(("sentence", "actor"), [
    ("제가 직접 발표 자료를 다시 만들었습니다.", "i"),
    ("저희 팀이 주간 회의를 없앴습니다.", "we"),
    # acting with others is the speaker's action (data/reader/README.md)
    ("동아리 후배들과 함께 안내 책자를 새로 만들었습니다.", None),
    # 제가 opens a relative clause: the sentence's subject is the café, the head decides
    ("제가 일하던 카페에서는 주문 실수가 잦았습니다.", None),
    ("음 제가 이제", None),  # a filler start names no actor
    ("I rewrote the onboarding guide.", "i"),
])
def test_main_clause_subject_overrides_the_actor_head_only_when_it_is_the_subject(sentence: str,
                                                                                 actor: str | None) -> None:
    lang = "en" if sentence.isascii() else "ko"
    assert main_actor(sentence, lang) == actor


@pytest.mark.parametrize(("question", "intent"), [
    # fresh questions (not in the corpus): what the question asks for, beyond its type
    # read as a success-story question until session 24 (P 0.57); with the intent-labelled
    # questions of data/reader/questions_intents.jsonl: failure (P 0.45)
    ("Tell me about a time your proposal was turned down by your manager.", "failure"),
    ("Tell me about your proudest accomplishment at work.", "story"),
    ("왜 저희 회사에서 일하고 싶으신가요?", "why_us"),
    ("Explain how a hash map works.", "technical"),
])
def test_the_intent_head_reads_what_a_fresh_question_asks_for(question: str, intent: str) -> None:
    from core.interview.reader import INTENTS, default_embed, intent_vector, load_model

    p = intent_vector(load_model().heads["intent"], default_embed([question]))[0]
    assert INTENTS[int(p.argmax())] == intent, dict(zip(INTENTS, p.round(2), strict=True))


def test_a_story_that_answers_a_different_question_is_off_topic() -> None:
    # a full, strong success story told to a motivation question (issue 14's example 2)
    story = ("At my last job I owned the migration of our billing system. I split it into four stages, wrote the "
             "cut-over scripts myself and ran a rehearsal every Friday. As a result we moved 1,200 customers "
             "without a single failed invoice.")
    reading = read_answer("Why do you want to work for our company?", story, lang="en")
    assert not reading.answers_question
    assert read_answer(QUESTION_EN.text, STRONG_EN, lang="en").answers_question


@pytest.mark.parametrize(("sentence", "lang", "expected"), [
    ("and the emails got longer and angrier.", "en", True),
    ("and the PM would update the roadmap", "en", True),
    ("It created a lot of tension between our teams.", "en", True),
    ("um so everyone in the office was stressed", "en", True),
    # a subject pronoun is named: the pronoun decides, not the noun phrase
    ("the first month i'd meet everyone on the team", "en", False),
    ("She wrote to us every day for a week,", "en", False),
    ("then prepare a recovery plan with clear dates", "en", False),
    ("한 투숙객이 밤새 난방이 되지 않았다며 새벽에 프런트로 내려오셨습니다.", "ko", True),
    ("월말 마감이 나흘에서 이틀로 줄었고", "ko", True),
    ("제가 원인을 찾았습니다.", "ko", False),
    # adverbs ending in 이 and a verb going somewhere are not subjects
    ("고객과 같이 테스트했습니다.", "ko", False),
    ("인근 상점 다섯 곳을 직접 찾아가 협찬을 요청했습니다.", "ko", False),
])
def test_a_noun_phrase_subject_is_read_off_the_clause(sentence: str, lang: str, expected: bool) -> None:
    assert noun_phrase_subject(sentence, lang) is expected


def _reading(lang: str, texts: list[tuple[str, str, str]], qtype: str = "technical"):
    from core.interview.reading import AnswerReading, SentenceReading
    from core.language import count_words

    sentences = tuple(SentenceReading(index=i, text=t, char_start=0, char_end=len(t), role=role,  # type: ignore[arg-type]
                                      role_confidence=0.9, actor=actor, concrete=False)  # type: ignore[arg-type]
                      for i, (t, role, actor) in enumerate(texts))
    return AnswerReading(language=lang, question="q", question_type=qtype, answers_question=True,  # type: ignore[arg-type]
                         relevance=0.5, sentences=sentences, word_count=count_words(" ".join(t for t, _, _ in texts)))


def test_a_long_answer_read_as_one_sentence_is_not_too_short() -> None:
    from core.interview.followups import LONG_ENOUGH_WORDS, plan_follow_up

    run_on = ("어 그 요즘 제일 유망한 산업이라고 생각해서요 뭐 앞으로도 계속 성장할 것 같고 "
              "저도 같이 성장하고 싶어서 관심을 갖게 됐어요")
    assert len(run_on.split()) >= LONG_ENOUGH_WORDS["ko"]
    assert plan_follow_up(_reading("ko", [(run_on, "other", "i")], "motivation")).kind == "specifics"
    short = "어 그냥 좋은 회사라서 지원했어요"
    assert plan_follow_up(_reading("ko", [(short, "other", "i")], "motivation")).kind == "too_short"
    # nothing meaningful at all stays too short however long the fillers run
    fillers = " ".join(["um uh like you know"] * 5)
    assert plan_follow_up(_reading("en", [(fillers, "other", "none")])).kind == "too_short"
