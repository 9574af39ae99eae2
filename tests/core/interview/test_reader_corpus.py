"""The labelled reader corpus passes its own checker (data/reader/validate.py), whose
vocabularies are copies of the reader's (it runs without the project installed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from core.interview.reader import INTENTS
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
