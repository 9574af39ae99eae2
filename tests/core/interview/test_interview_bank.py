"""The curated bank is large, balanced and bilingual; templates agree across languages."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from core.interview.bank import load_question_bank, load_templates, placeholders
from core.interview.competencies import NACE, NACE_TO_NCS, NCS, NCS_TO_NACE, competency_for, ncs_for

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_bank_has_at_least_sixty_questions_per_language(lang: str) -> None:
    assert sum(1 for q in load_question_bank() if q.has_language(lang)) >= 60


def test_bank_covers_every_stage_persona_pair_and_all_ten_ncs_areas() -> None:
    bank = load_question_bank()
    pairs = Counter((q.stage, p) for q in bank for p in q.personas)
    for stage in (1, 2, 3):
        for persona in ("lead", "executive"):
            assert pairs[(stage, persona)] >= 8, (stage, persona)
    assert {q.ncs for q in bank} == set(NCS)
    for stage in (1, 2, 3):
        assert len({q.ncs for q in bank if q.stage == stage}) >= 7


def test_every_question_has_ids_text_and_a_strong_answer_in_both_languages() -> None:
    bank = load_question_bank()
    assert len({q.id for q in bank}) == len(bank)
    for q in bank:
        assert q.ncs in NCS and q.stage in (1, 2, 3) and set(q.personas) <= {"lead", "executive"}
        for lang in ("en", "ko"):
            assert len(q.text[lang]) > 15 and len(q.strong[lang]) > 20, q.id
        assert HANGUL.search(q.text["ko"]) and not HANGUL.search(q.text["en"])
        assert q.text["ko"].rstrip().endswith(("?", ".", "요", "다")), q.id


def test_korean_questions_use_interview_register_not_plain_speech() -> None:
    # 존댓말: every Korean question ends politely (…요 / …니까 / …시오) rather than in 반말.
    for q in load_question_bank():
        ending = q.text["ko"].rstrip(" ?.")
        assert ending.endswith(("요", "니까", "시오", "세요", "습니다", "니다", "까")), (q.id, ending)


def test_templates_have_the_same_placeholders_in_both_languages() -> None:
    for key, entry in load_templates().items():
        assert set(entry) == {"en", "ko"}, key
        assert placeholders(entry["en"]) == placeholders(entry["ko"]), key


def test_templates_exist_for_every_stage_persona_and_follow_up_kind() -> None:
    templates = load_templates()
    for kind in ("company", "resume", "job"):
        for stage in (1, 2, 3):
            for persona in ("lead", "executive"):
                assert f"{kind}.{stage}.{persona}" in templates
    for kind in ("off_topic", "contradiction", "ownership", "result", "number_context", "specifics", "action",
                 "too_short", "impact"):
        for persona in ("lead", "executive"):
            assert f"followup.{kind}.{persona}" in templates


def test_competency_maps_are_total_and_round_trip_to_ncs() -> None:
    assert set(NCS_TO_NACE) == set(NCS) and set(NCS_TO_NACE.values()) <= set(NACE)
    assert set(NACE_TO_NCS) == set(NACE)
    for key in NCS:
        assert competency_for(key, "ko") == key
        assert competency_for(key, "en") in NACE
    for key in NACE:
        assert NCS_TO_NACE[ncs_for(key)] == key or ncs_for(key) in NCS


def test_shared_keys_are_labelled_by_the_session_framework() -> None:
    from core.interview.competencies import competency_label

    assert competency_label("technology", "en") == "Technology"
    assert competency_label("technology", "ko") == "기술능력"
    assert competency_label("critical_thinking", "en") == "Critical thinking"
    assert competency_label("problem_solving", "ko") == "문제해결능력"


def test_every_message_key_the_interviewer_uses_exists_in_both_languages() -> None:
    from pathlib import Path

    from core.i18n import load_catalog

    catalog = load_catalog()
    root = Path(__file__).resolve().parents[3]
    used: set[str] = set()
    for path in [*(root / "core" / "interview").glob("*.py"), root / "core" / "cli" / "interview.py"]:
        used |= set(re.findall(r'"(interview\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    for cause in ("timeout", "unavailable", "bad_reply"):
        used.add(f"interview.notice.cause.{cause}")
    for part in ("situation", "task", "action", "result"):
        used.add(f"interview.star.{part}")
    for persona in ("lead", "executive"):
        used.add(f"interview.persona_intro.{persona}")
        for kind in ("strength", "improve", "closing"):
            used.add(f"interview.persona_feedback.{persona}.{kind}")
    assert used, "no keys found"
    for key in used:
        assert key in catalog and catalog[key].get("en") and catalog[key].get("ko"), key
