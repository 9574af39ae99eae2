"""The answer reader's off-topic signals (issue 14): the question-rank features on small
hand-made vectors, and the question labels and paired training answers they are trained from."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.interview.reader import (
    INTENTS,
    INTENTS_PATH,
    TOPICS,
    TOPICS_PATH,
    question_rank_features,
)
from core.interview.reader_eval import CORPUS_DIR, load_corpus


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float64)
    return v / np.linalg.norm(v)


MEMORY_Q = np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1), _unit(1, 1, 0)])


def test_the_asked_question_ranks_first_when_the_answer_is_nearest_to_it() -> None:
    asked = _unit(0.2, 0.1, 1.0)
    answer = _unit(0.1, 0.0, 1.0)
    share, z, sentence_z = question_rank_features(asked, answer, answer[None, :], MEMORY_Q)
    # only the memory question (0, 0, 1) is nearer to the answer than the asked one
    assert share == pytest.approx(0.25)
    assert z > 1.0 and sentence_z > 1.0


def test_an_answer_nearer_to_other_questions_ranks_the_asked_one_low() -> None:
    asked = _unit(0.0, 0.0, 1.0)
    answer = _unit(1.0, 0.9, 0.05)
    share, z, _ = question_rank_features(asked, answer, answer[None, :], MEMORY_Q)
    assert share >= 0.75 and z < 0.0


def test_one_sentence_on_the_question_lifts_the_sentence_rank_not_the_answer_rank() -> None:
    asked = _unit(0.0, 0.0, 1.0)
    scene = _unit(1.0, 0.8, 0.0)
    on_point = _unit(0.0, 0.1, 1.0)
    sentences = np.stack([scene, scene, scene, on_point])
    answer = _unit(*sentences.mean(axis=0))
    _, z, sentence_z = question_rank_features(asked, answer, sentences, MEMORY_Q)
    assert sentence_z > z


def test_rank_features_leave_out_masked_memory_rows_and_are_zero_without_memory() -> None:
    asked = _unit(0.0, 0.0, 1.0)
    answer = _unit(0.0, 0.1, 1.0)
    keep = np.array([True, True, False, True])  # the asked question's own row is left out
    assert question_rank_features(asked, answer, answer[None, :], MEMORY_Q, keep)[0] == 0.0
    assert question_rank_features(asked, answer, answer[None, :], np.zeros((0, 3))) == [0.0, 0.0, 0.0]


def test_topics_refine_the_intents_without_clashing() -> None:
    topics = [t for family in TOPICS.values() for t in family]
    assert set(TOPICS) <= set(INTENTS)
    assert len(set(topics)) == len(topics) and not set(topics) & set(INTENTS)


def test_every_training_question_has_an_intent_and_topics_sit_inside_their_intent() -> None:
    intents = json.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    topics = json.loads(TOPICS_PATH.read_text(encoding="utf-8"))
    train_questions = {a.question for a in load_corpus() if a.split == "train"}
    assert train_questions <= set(intents), sorted(train_questions - set(intents))[:5]
    assert set(intents.values()) <= set(INTENTS)
    for question, topic in topics.items():
        assert question in train_questions, question
        assert topic in TOPICS[intents[question]], (question, topic)


def test_the_session_23_training_answers_come_in_off_topic_and_on_topic_pairs() -> None:
    # every hard off-topic answer has an on-topic twin to the same question, so a story's
    # shape alone cannot teach "off-topic" (data/reader/README.md)
    for lang in ("en", "ko"):
        path = CORPUS_DIR / f"answers_{lang}_16.jsonl"
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(records) >= 40
        assert all(r["split"] == "train" and r["train_added"] == "2026-11-30-s23" for r in records)
        by_question: dict[str, set[bool]] = {}
        for r in records:
            by_question.setdefault(r["question"], set()).add(r["answers_question"])
        assert all(kinds == {True, False} for kinds in by_question.values())
        assert sum(r["style"] == "spoken" for r in records) >= len(records) // 4
