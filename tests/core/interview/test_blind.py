"""Blind-hiring check: the committed model on the held-out split of the labelled set (never
trained on), sentence offsets from the reader's reading, documents, and the off switch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.feedback.analyze import AnswerInput, analyze_answer
from core.interview.blind import (
    MAX_SENTENCE_CHARS,
    MODEL_PATH,
    NONE_LABEL,
    BlindModel,
    check_answer,
    check_document,
    default_embed,
    default_model,
)
from tests.readings import make_reading

ROOT = Path(__file__).resolve().parents[3]
BLIND_DIR = ROOT / "data" / "blind"
READER_DIR = ROOT / "data" / "reader"
# Issue 15's goals, in each language: recall >= 90 %, false flags <= 5 % on ordinary answers
# (held-out: en 0.971 / 2.7 %, ko 0.929 / 3.5 %; BENCHMARKS.md, data/blind/metrics.json).
RECALL_FLOOR = {"en": 0.90, "ko": 0.90}
FALSE_FLAG_GOAL = 0.05


def _heldout() -> list[dict]:
    rows = []
    for path in sorted(BLIND_DIR.glob("protected_details_*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] == "heldout"]


def _ordinary_heldout(lang: str) -> list[str]:
    out = []
    for path in sorted(READER_DIR.glob("answers_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (record := json.loads(line))["split"] == "heldout" and record["lang"] == lang:
                out += [s["text"] for s in record["sentences"]]
    return out


@pytest.fixture(scope="module")
def model() -> BlindModel:
    return default_model()


def test_the_model_is_small_plain_arrays_and_matches_its_encoder(model: BlindModel) -> None:
    assert MODEL_PATH.stat().st_size < 200_000
    with np.load(MODEL_PATH, allow_pickle=False) as data:  # no pickle anywhere in the file
        assert set(data.files) == {"blind_W", "blind_b", "blind_classes", "meta"}
    assert model.head.weights.shape == (len(model.classes), default_embed(["x"]).shape[1])
    assert NONE_LABEL in model.classes and 0 < model.threshold < 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_heldout_recall_meets_the_goal(model: BlindModel, lang: str) -> None:
    rows = [r for r in _heldout() if r["lang"] == lang and r["category"] != NONE_LABEL]
    assert len(rows) >= 30
    labels = [label for label, _ in model.classify(default_embed([r["text"] for r in rows]))]
    recall = sum(label != NONE_LABEL for label in labels) / len(rows)
    assert recall >= RECALL_FLOOR[lang], recall


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_ordinary_answers_are_rarely_flagged(model: BlindModel, lang: str) -> None:
    sentences = _ordinary_heldout(lang)
    assert len(sentences) >= 200
    labels = [label for label, _ in model.classify(default_embed(sentences))]
    rate = sum(label != NONE_LABEL for label in labels) / len(sentences)
    assert rate <= FALSE_FLAG_GOAL, rate


def test_answer_check_points_at_the_readers_sentences() -> None:
    reading, answer = make_reading("Tell me about yourself.", [
        ("other", "i", "Thanks for having me."),
        ("situation", "i", "I'm 24 and I grew up in Busan before moving to Seoul for university."),
        ("action", "i", "At my last job I rebuilt the deployment scripts so releases took an hour instead of a day."),
    ], question_type="self_description")
    details = check_answer(reading)
    assert [d.sentence for d in details] == [reading.sentences[1].text]
    detail = details[0]
    assert answer[detail.char_start:detail.char_end] == detail.sentence
    assert detail.category in ("age", "birthplace")


def test_korean_document_lines_are_checked() -> None:
    text = "저는 1995년생이고 대구에서 나고 자랐습니다.\n주문 API 응답 시간을 300ms에서 40ms로 줄였습니다.\n"
    details = check_document(text)
    assert [d.sentence for d in details] == ["저는 1995년생이고 대구에서 나고 자랐습니다."]
    assert text[details[0].char_start:details[0].char_end] == details[0].sentence


def test_empty_and_tiny_texts_are_not_embedded() -> None:
    def refuse(_texts):
        raise AssertionError("nothing to embed")

    assert check_document("", embed=refuse) == ()
    assert check_document("네.\n", embed=refuse) == ()


def test_answer_feedback_flags_a_detail_and_the_switch_turns_it_off() -> None:
    answer = ("My father is a judge at the district court. "
              "At my last job I rewrote the refund rules and complaints fell from 40 to 12 a month.")
    on = analyze_answer(AnswerInput(answer_text=answer, question_text="Why this role?")).to_dict()
    flagged = [i for i in on["feedback"] if i["kind"] == "blind"]
    assert [i["key"] for i in flagged] == ["blind.family"]
    assert flagged[0]["quote"] == "My father is a judge at the district court."
    assert answer[flagged[0]["evidence"]["char_start"]:flagged[0]["evidence"]["char_end"]] == flagged[0]["quote"]
    assert "blind" in flagged[0]["next_step"].lower()
    off = analyze_answer(AnswerInput(answer_text=answer, question_text="Why this role?", blind_check=False)).to_dict()
    assert not [i for i in off["feedback"] if i["kind"] == "blind"]


@pytest.mark.slow
def test_the_training_script_reproduces_the_committed_weights() -> None:
    """`scripts/train_blind.py` on the committed data gives the committed model (weights within
    float32 rounding, the same classes, threshold and encoder). About 30 s of CPU."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_blind", ROOT / "scripts" / "train_blind.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh, _cv, _rows = script.train(BLIND_DIR, READER_DIR)
    assert script.differences(fresh, BlindModel.load(MODEL_PATH)) == []


def test_a_long_unpunctuated_paragraph_is_read_in_pieces_and_the_detail_found() -> None:
    """A resume paragraph with no sentence ends: the detail past MAX_SENTENCE_CHARS is still
    read, and reported with the offsets of its own piece."""
    filler = ("built and ran the order pipeline for the checkout team and cut the p95 latency "
              "of the payment service while mentoring two new engineers on the on-call rota ")
    text = filler * 5 + "my father is a senior judge at the supreme court and my mother is a surgeon"
    assert len(text) > 2 * MAX_SENTENCE_CHARS
    details = check_document(text, lang="en")
    assert details and all(len(d.sentence) <= MAX_SENTENCE_CHARS for d in details)
    assert any(d.category == "family" and "senior judge" in d.sentence for d in details)
    for d in details:
        assert text[d.char_start:d.char_end] == d.sentence


def test_a_korean_cover_letter_gives_sentence_category_and_the_category_reason() -> None:
    from core.feedback.blind import blind_items
    from core.feedback.text import TimeMap
    from core.i18n import t

    letter = ("안녕하십니까. 저는 물류 운영 경력 5년의 지원자입니다.\n"
              "저는 결혼해서 아이가 둘 있습니다.\n"
              "재고 관리 시스템을 개선해 출고 오류를 40% 줄였습니다.\n")
    details = check_document(letter, lang="ko")
    assert [(d.sentence, d.category) for d in details] == [("저는 결혼해서 아이가 둘 있습니다.", "marital")]
    item = blind_items(details, "ko", TimeMap(letter, None))[0]
    assert item.evidence.quote == "저는 결혼해서 아이가 둘 있습니다." and "결혼 여부" in item.text
    assert item.next_step.startswith(t("blind.why.marital", "ko")) and "남녀고용평등법" in item.next_step


# New-user finding #1 (session 22): a typed practice answer had its employer clause flagged as
# a school name and its technology clause as a hometown. The product path is `analyze_answer`
# (what the practice summary and the report show): the reader splits the answer into clauses
# and the check reads each one. Employers, products, technologies and team names are not
# protected details; named schools and hometowns still are.
FINDING_ANSWERS = {
    "en": ("In my last role at Fleetwise I led a team of three engineers to rebuild the telemetry ingestion "
           "pipeline. The old pipeline dropped events at peak load, so I proposed moving to Kafka and Go. "
           "I planned the migration in three phases and ran both systems in parallel for two weeks. As a "
           "result throughput rose from 8 million to 40 million events per day and incidents fell from 9 to 3 "
           "per quarter."),
    "ko": ("최근 직장인 플릿와이즈에서 엔지니어 세 명과 함께 텔레메트리 수집 파이프라인을 다시 만들었습니다. "
           "기존 파이프라인이 피크 때 이벤트를 잃어버려서 카프카와 Go로 옮기자고 제안했습니다. "
           "이전을 세 단계로 나누고 2주 동안 두 시스템을 함께 돌렸습니다. "
           "그 결과 처리량이 하루 800만 건에서 4000만 건으로 늘고 장애가 분기 9건에서 3건으로 줄었습니다."),
}
# Written fresh for this test (not in data/blind): employers after "at", products, tools, teams.
WORK_VARIANTS = {
    "en": ("At Dunmore Analytics I was the on-call lead for the Billing squad. "
           "In my last job at Voltway I rewrote the pricing service in Rust, so I suggested moving the cron "
           "jobs to Airflow. We built Quarry, our internal search tool, on Spark and Power BI."),
    "ko": ("던모어애널리틱스에서 결제 스쿼드의 온콜 리드를 맡았습니다. "
           "볼트웨이에 있을 때 가격 서비스를 러스트로 다시 짰고, 크론 작업을 에어플로우로 옮기자고 했습니다. "
           "사내 검색 도구인 쿼리를 파이썬과 스파크로 만들고 Power BI로 보고서를 붙였습니다."),
}


def _blind_flags(answer: str, lang: str) -> list[tuple[str, str]]:
    analysis = analyze_answer(AnswerInput(answer_text=answer, question_text="Tell me about yourself.",
                                          language=lang)).to_dict()
    return [(i["key"], i["quote"]) for i in analysis["feedback"] if i["kind"] == "blind"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_employers_and_technologies_in_an_answer_are_not_flagged(lang: str) -> None:
    assert _blind_flags(FINDING_ANSWERS[lang], lang) == []
    assert _blind_flags(WORK_VARIANTS[lang], lang) == []


@pytest.mark.parametrize(("lang", "answer", "expected"), [
    ("en", "I studied at Seoul National University. At Fleetwise I moved our queue to Kafka and Go.",
     [("blind.school", "I studied at Seoul National University.")]),
    ("en", "I grew up in Daegu. At Voltway I proposed moving the reports to Power BI.",
     [("blind.birthplace", "I grew up in Daegu.")]),
    ("ko", "부산대학교 졸업 후 물류 회사에 입사했습니다. 그곳에서 파이썬과 카프카로 정산을 자동화했습니다.",
     [("blind.school", "부산대학교 졸업 후 물류 회사에 입사했습니다.")]),
    pytest.param("ko", "고향이 부산이라서 바다를 좋아합니다. 플릿와이즈에서는 카프카와 Go로 수집기를 옮겼습니다.",
                 [("blind.birthplace", "고향이 부산이라서 바다를 좋아합니다.")],
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "known false flag left after session 22's retraining: the work clause "
                     "'…에서는 카프카와 Go로 … 옮겼습니다' still reads as birthplace (P(protected) 0.36-0.40 "
                     "at threshold 0.25); the hometown sentence itself is flagged right"))),
])
def test_named_schools_and_hometowns_are_still_flagged_beside_work_sentences(
        lang: str, answer: str, expected: list[tuple[str, str]]) -> None:
    assert _blind_flags(answer, lang) == expected
