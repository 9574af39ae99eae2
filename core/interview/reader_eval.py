"""The answer reader measured on its labelled corpus (`data/reader/answers_*.jsonl`).

`load_corpus()` reads the labelled answers; `evaluate_reader(split="heldout")` reads every
answer of the split with the committed model, end to end (the answer text as the
candidate gave it, our own sentence splitter), and returns per language: follow-up kind
agreement with the labels ("impact" and "move_on" count as one, as in
`data/reader/validate.py`), sentence-role / actor / concrete accuracy on the labelled
sentences, number-context agreement, question-type accuracy, off-topic recall and
false-alarm rate, and how many strong answers were challenged on a false premise. Used by
`scripts/train_reader.py --eval`, `python -m core bench --only reader` and the tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "reader"
# "impact" and "move_on" are one decision for agreement: choosing between them is a
# judgement of how big the result is (data/reader/README.md).
EQUIVALENT_KINDS = {"impact": "move_on"}
# Kinds whose premise is that something is missing or wrong; asked of a strong answer
# (labelled move_on/impact) they are a false-premise challenge.
CHALLENGE_KINDS = frozenset({"off_topic", "too_short", "action", "ownership", "result", "number_context",
                             "specifics", "contradiction"})


@dataclass(frozen=True)
class LabelledAnswer:
    """One labelled answer of the corpus (see data/reader/README.md for the fields)."""

    id: str
    lang: str
    split: str
    style: str
    question: str
    question_type: str
    answers_question: bool
    competency: str
    follow_up_kind: str
    follow_up_quote: str
    sentences: tuple[dict[str, Any], ...]
    # Off-topic training answers only: the intent of the question the answer would answer
    # (a success story to a failure question: "story"); "" elsewhere.
    answer_intent: str = ""

    @property
    def text(self) -> str:
        return " ".join(s["text"] for s in self.sentences)


def load_corpus(directory: Path = CORPUS_DIR) -> list[LabelledAnswer]:
    """Every labelled answer in `directory/answers_*.jsonl`, in file order."""
    out: list[LabelledAnswer] = []
    for path in sorted(directory.glob("answers_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            out.append(LabelledAnswer(
                id=rec["id"], lang=rec["lang"], split=rec["split"], style=rec.get("style", "written"),
                question=rec["question"], question_type=rec["question_type"],
                answers_question=bool(rec["answers_question"]), competency=rec.get("competency", ""),
                follow_up_kind=rec["follow_up_kind"], follow_up_quote=rec.get("follow_up_quote", ""),
                sentences=tuple(rec["sentences"]), answer_intent=rec.get("answer_intent", ""),
            ))
    return out


def _kind(kind: str) -> str:
    return EQUIVALENT_KINDS.get(kind, kind)


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def evaluate_reader(split: str = "heldout", answers: Iterable[LabelledAnswer] | None = None, *,
                    model: Any = None, embed: Any = None) -> dict[str, Any]:
    """Measures of the committed reader on one split of the corpus (see the module docstring).
    `model` (a `ReaderModel`) and `embed` default to the committed weights and the shipped
    encoder; cross-validation passes a fold's model and a caching encoder."""
    from core.interview.followups import plan_follow_up
    from core.interview.reader import (
        MAX_SENTENCE_CHARS,
        _concrete_features,
        default_embed,
        load_model,
        not_speaker_actors,
        read_answer,
        sentence_actors,
        sentence_features,
    )
    from core.interview.reading import QUESTION_TYPES

    model = model or load_model()
    embed = embed or default_embed
    chosen = [a for a in (answers if answers is not None else load_corpus()) if a.split == split]
    stats: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    confusions: list[dict[str, str]] = []
    per_answer: list[dict[str, Any]] = []
    for answer in chosen:
        s = stats[answer.lang]
        reading = read_answer(answer.question, answer.text, lang=answer.lang, model=model, embed=embed)
        plan = plan_follow_up(reading)
        got, want = _kind(plan.kind), _kind(answer.follow_up_kind)
        s["followup"].append(int(got == want))
        per_answer.append({"id": answer.id, "lang": answer.lang, "style": answer.style,
                           "question_type": answer.question_type, "want": want, "got": got,
                           "answers_question": answer.answers_question, "read_on_topic": reading.answers_question,
                           "reading": reading})
        if got != want:
            confusions.append({"id": answer.id, "want": answer.follow_up_kind, "got": plan.kind})
        s["qtype"].append(int(reading.question_type == answer.question_type))
        if not answer.answers_question:
            s["off_topic_recall"].append(int(not reading.answers_question))
        else:
            s["false_off_topic"].append(int(not reading.answers_question))
        if want == "move_on":
            s["false_premise"].append(int(got in CHALLENGE_KINDS))
        # Sentence labels: the classifier on the labelled sentences (gold segmentation).
        texts = [x["text"][:MAX_SENTENCE_CHARS] for x in answer.sentences]
        if not texts:
            continue
        vectors = embed(texts)
        qtype_p = model.heads["qtype"].probabilities(embed([answer.question]))[0]
        qclasses = model.heads["qtype"].labels
        qvec = [float(qtype_p[qclasses.index(n)]) for n in QUESTION_TYPES]
        exact = np.array([sentence_features(t, i, len(texts), answer.lang, qvec) for i, t in enumerate(texts)])
        x = np.hstack([vectors, exact])
        roles = model.heads["role"].probabilities(x).argmax(axis=1)
        actor_p = model.heads["actor"].probabilities(x)
        actors = actor_p.argmax(axis=1)
        cx = np.hstack([x, np.array([_concrete_features(t, answer.lang) for t in texts])])
        concrete = model.heads["concrete"].probabilities(cx)[:, model.heads["concrete"].labels.index("1")] >= 0.5
        actor_names = sentence_actors([g["text"] for g in answer.sentences],
                                      [model.heads["actor"].labels[a] for a in actors], answer.lang,
                                      not_speaker_actors(actor_p, model.heads["actor"].labels))
        for i, gold in enumerate(answer.sentences):
            s["role"].append(int(model.heads["role"].labels[roles[i]] == gold["role"]))
            actor = actor_names[i]
            s["actor"].append(int(actor == gold["actor"]))
            per_answer[-1]["role_ok"] = per_answer[-1].get("role_ok", 0) + s["role"][-1]
            per_answer[-1]["actor_ok"] = per_answer[-1].get("actor_ok", 0) + s["actor"][-1]
            per_answer[-1]["sentences"] = per_answer[-1].get("sentences", 0) + 1
            s["concrete"].append(int(bool(concrete[i]) == bool(gold["concrete"])))
            from core.language import find_numbers

            found = {n.text: n.has_context for n in find_numbers(gold["text"], answer.lang)}
            for number in gold["numbers"]:
                if number["text"] in found:
                    s["number_context"].append(int(found[number["text"]] == number["has_context"]))
                    s["number_found"].append(1)
                else:
                    s["number_found"].append(0)
    by_lang: dict[str, Any] = {}
    for lang, s in sorted(stats.items()):
        by_lang[lang] = {
            "answers": len(s["followup"]),
            "followup_agreement": _rate(sum(s["followup"]), len(s["followup"])),
            "question_type_accuracy": _rate(sum(s["qtype"]), len(s["qtype"])),
            "sentences": len(s["role"]),
            "role_accuracy": _rate(sum(s["role"]), len(s["role"])),
            "actor_accuracy": _rate(sum(s["actor"]), len(s["actor"])),
            "concrete_accuracy": _rate(sum(s["concrete"]), len(s["concrete"])),
            "numbers_found": _rate(sum(s["number_found"]), len(s["number_found"])),
            "number_context_agreement": _rate(sum(s["number_context"]), len(s["number_context"])),
            "off_topic_answers": len(s["off_topic_recall"]),
            "off_topic_recall": _rate(sum(s["off_topic_recall"]), len(s["off_topic_recall"])),
            "false_off_topic_rate": _rate(sum(s["false_off_topic"]), len(s["false_off_topic"])),
            "strong_answers": len(s["false_premise"]),
            "false_premise_challenges": sum(s["false_premise"]),
        }
    return {"split": split, "model": model.version, "by_language": by_lang, "disagreements": confusions,
            "per_answer": per_answer}  # per_answer rows hold the AnswerReading (not JSON)
