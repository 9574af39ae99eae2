"""The labelled reader corpus passes its own checker (data/reader/validate.py), whose
vocabularies are copies of the reader's (it runs without the project installed)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from core.interview.reader import INTENTS, INTENTS_PATH
from core.interview.reader_eval import load_corpus

VALIDATE = Path(__file__).resolve().parents[3] / "data" / "reader" / "validate.py"


def _validator():
    spec = importlib.util.spec_from_file_location("reader_corpus_validate", VALIDATE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_validates(capsys) -> None:
    validator = _validator()
    assert validator.main() == 0, capsys.readouterr().out
    assert set(validator.INTENTS) == set(INTENTS)


def test_every_off_topic_training_answer_says_what_it_answers_instead() -> None:
    """The evidence head learns from them what an answer to each intent is not (a success
    story is no evidence of a failure story); a held-out answer never carries the label."""
    corpus = load_corpus()
    off_train = [a for a in corpus if a.split == "train" and not a.answers_question]
    assert off_train and all(a.answer_intent in INTENTS for a in off_train)
    assert all(a.answer_intent == "" for a in corpus if a.split == "heldout")


SETBACK_INTENTS = frozenset({"failure", "conflict", "weakness"})
# On-topic training answers to those intents that tell no setback: no story at all (en-012
# "i don't really fail much", en-178 "i handled it", en-211 / ko-211 "I can't think of
# one"), or a conflict-intent question answered without any clash being told (en-045
# persuading a manager who is never said to object, en-160 challenging a paper-file status
# quo nobody defends, en-163 an unpopular decision whose pushback only shows in the result).
NO_SETBACK = frozenset({"en-012", "en-045", "en-160", "en-163", "en-178", "en-211", "ko-211"})


def test_every_failure_conflict_weakness_answer_labels_its_setback_sentences() -> None:
    """Every on-topic training answer to a failure / conflict / weakness question labels
    every sentence `setback` (true: the sentence tells the mistake, the clash or the
    admitted shortcoming itself), and at least one is true unless the answer tells none;
    a held-out sentence never carries the label."""
    intents = json.loads(INTENTS_PATH.read_text(encoding="utf-8"))
    corpus = load_corpus()
    labelled = [a for a in corpus if a.split == "train" and a.answers_question
                and intents.get(a.question) in SETBACK_INTENTS]
    assert len(labelled) >= 87
    for a in labelled:
        assert all(isinstance(s.get("setback"), bool) for s in a.sentences), a.id
        told = any(s["setback"] for s in a.sentences)
        assert told != (a.id in NO_SETBACK), a.id
    assert all("setback" not in s for a in corpus if a.split == "heldout" for s in a.sentences)
