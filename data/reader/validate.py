"""Check the labelled corpora in data/reader and data/blind (stdlib only).

Usage: python data/reader/validate.py [--strict-kinds]

Checks every `data/reader/answers_*.jsonl` and `data/blind/protected_details_*.jsonl`:
JSON parses, every label is in the vocabulary (the same values as
`core.interview.reading` / `core.interview.types` / `core.interview.competencies`, copied
here so the check runs without the project installed), sentence texts are non-empty and
single-spaced, numbers and the follow-up quote are verbatim spans, ids are unique, and the
optional sentence label `setback` is a bool on on-topic training answers only.

It also re-derives the follow-up kind from the sentence labels with the policy written in
data/reader/README.md and reports every answer whose label disagrees, so the corpus and
the reader's decision rule cannot drift apart ("impact" and "move_on" are interchangeable
here: choosing between them is a judgement of how big the result is).

It also checks the question-only intent labels, `data/reader/questions_intents.jsonl`:
fields, vocabulary, that the language matches the script, no duplicate question (exact or
lower-cased), and no question that is also a training question in
`model/question_intents.json` (its held-out lines would otherwise be trained on). Exit code 1
on any error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROLES = {"situation", "task", "action", "result", "reflection", "other"}
ACTORS = {"i", "we", "others", "none"}
# core.interview.reader.INTENTS
INTENTS = {"story", "failure", "conflict", "situational", "why_us", "future", "strengths", "weakness",
           "work_style", "personal", "technical"}
QTYPES = {"behavioural", "situational", "motivation", "self_description", "technical"}
KINDS = {"off_topic", "ownership", "result", "number_context", "specifics", "action", "too_short", "impact", "move_on"}
QUOTED = {"result", "number_context", "specifics", "impact", "ownership"}
NCS = {
    "communication",
    "numeracy",
    "problem_solving",
    "self_development",
    "resource_management",
    "interpersonal",
    "information",
    "technology",
    "organisational_understanding",
    "work_ethics",
}
NACE = {
    "career_self_development",
    "communication",
    "critical_thinking",
    "equity_inclusion",
    "leadership",
    "professionalism",
    "teamwork",
    "technology",
}
# The sentence a follow-up quote comes from, per kind: the result number without context,
# a team/others action, the result, a vague sentence, an action whose result is missing.
QUOTE_SOURCE: dict[str, Callable[[dict[str, Any]], bool]] = {
    "number_context": lambda s: s["role"] == "result" and any(not n["has_context"] for n in s["numbers"]),
    "ownership": lambda s: s["role"] == "action" and s["actor"] in ("we", "others"),
    "impact": lambda s: s["role"] == "result",
    "specifics": lambda s: not s["concrete"],
    "result": lambda s: s["role"] == "action",
}
CATEGORIES = {"family", "birthplace", "school", "age", "marital", "religion", "health", "appearance", "none"}
SOURCES = {"answer", "resume", "cover_letter"}


def expected_kind(rec: dict[str, Any]) -> set[str]:
    """The follow-up kind(s) the README's policy gives for these labels."""
    if not rec["answers_question"]:
        return {"off_topic"}
    sents = rec["sentences"]
    concrete = any(s["concrete"] for s in sents)
    # fillers, restarts and closings are role "other" with actor "none"
    meaningful = [s for s in sents if s["role"] != "other" or s["actor"] != "none"]
    if len(meaningful) < 2 and not concrete:
        return {"too_short"}
    if rec["question_type"] in ("behavioural", "situational"):
        actions = [s for s in sents if s["role"] == "action"]
        # only other people's or nobody's actions ("the auditors asked for documents") is a
        # situation-only answer too: the speaker's side did nothing yet
        if not any(s["actor"] in ("i", "we") for s in actions):
            return {"action"}
        if not any(s["actor"] == "i" for s in actions):
            return {"ownership"}
        results = [s for s in sents if s["role"] == "result"]
        if not results:
            return {"result"}
        if any(not n["has_context"] for s in results for n in s["numbers"]):
            return {"number_context"}
        if not concrete:
            return {"specifics"}
        return {"impact", "move_on"}
    if not concrete:
        return {"specifics"}
    return {"move_on"}


def check_answer(rec: dict[str, Any], lang: str, where: str) -> list[str]:
    errs = []
    need = [
        "id",
        "lang",
        "split",
        "style",
        "question",
        "question_type",
        "answers_question",
        "competency",
        "follow_up_kind",
        "follow_up_quote",
        "sentences",
    ]
    for k in need:
        if k not in rec:
            return [f"{where}: missing {k}"]
    if rec["lang"] != lang:
        errs.append(f"{where}: lang {rec['lang']} in a {lang} file")
    if rec["split"] not in ("train", "heldout"):
        errs.append(f"{where}: split {rec['split']}")
    if rec.get("heldout_added") and rec["split"] != "heldout":
        errs.append(f"{where}: heldout_added but split {rec['split']}")
    if rec.get("train_added") and rec["split"] != "train":
        errs.append(f"{where}: train_added but split {rec['split']}")
    if rec.get("heldout_added") and rec.get("train_added"):
        errs.append(f"{where}: both heldout_added and train_added")
    if rec["style"] not in ("written", "spoken"):
        errs.append(f"{where}: style {rec['style']}")
    if "answer_intent" in rec:
        if rec["answers_question"] or rec["split"] != "train":
            errs.append(f"{where}: answer_intent is only for off-topic training answers")
        if rec["answer_intent"] not in INTENTS:
            errs.append(f"{where}: answer_intent {rec['answer_intent']}")
    if rec["question_type"] not in QTYPES:
        errs.append(f"{where}: question_type {rec['question_type']}")
    if rec["follow_up_kind"] not in KINDS:
        errs.append(f"{where}: follow_up_kind {rec['follow_up_kind']}")
    comps = NCS if lang == "ko" else NACE
    if rec["competency"] is not None and rec["competency"] not in comps:
        errs.append(f"{where}: competency {rec['competency']} not a {'NCS' if lang == 'ko' else 'NACE'} key")
    if not rec["question"].strip():
        errs.append(f"{where}: empty question")
    if not rec["sentences"]:
        errs.append(f"{where}: no sentences")
    for j, s in enumerate(rec["sentences"]):
        t = s.get("text", "")
        if not t.strip() or t != t.strip() or "  " in t:
            errs.append(f"{where} s{j}: empty or badly spaced text {t!r}")
        if s.get("role") not in ROLES:
            errs.append(f"{where} s{j}: role {s.get('role')}")
        if s.get("actor") not in ACTORS:
            errs.append(f"{where} s{j}: actor {s.get('actor')}")
        if not isinstance(s.get("concrete"), bool):
            errs.append(f"{where} s{j}: concrete not bool")
        # setback (optional): the sentence tells what went wrong the way a failure /
        # conflict / weakness question asks; labelled on on-topic training answers only
        if "setback" in s:
            if not isinstance(s["setback"], bool):
                errs.append(f"{where} s{j}: setback not bool")
            if rec["split"] != "train" or not rec["answers_question"]:
                errs.append(f"{where} s{j}: setback is only for on-topic training answers")
        if s.get("numbers") and s.get("concrete") is not True:
            errs.append(f"{where} s{j}: a sentence with a number is concrete")
        for n in s.get("numbers", []):
            if not n.get("text") or n["text"] not in t or not isinstance(n.get("has_context"), bool):
                errs.append(f"{where} s{j}: bad number {n}")
    text = " ".join(s.get("text", "") for s in rec["sentences"])
    q = rec["follow_up_quote"]
    if rec["follow_up_kind"] in QUOTED:
        if not q or q not in text:
            errs.append(f"{where}: kind {rec['follow_up_kind']} needs a verbatim quote, got {q!r}")
    elif q:
        errs.append(f"{where}: kind {rec['follow_up_kind']} takes no quote")
    if q and rec["follow_up_kind"] in QUOTE_SOURCE:
        fits = QUOTE_SOURCE[rec["follow_up_kind"]]
        if not any(q in x.get("text", "") and fits(x) for x in rec["sentences"]):
            errs.append(f"{where}: the {rec['follow_up_kind']} quote is not inside one sentence it is about")
    if rec["answers_question"] == (rec["follow_up_kind"] == "off_topic"):
        errs.append(f"{where}: answers_question and off_topic disagree")
    exp = expected_kind(rec)
    if rec["follow_up_kind"] not in exp:
        errs.append(f"{where}: kind {rec['follow_up_kind']} but the labels give {sorted(exp)}")
    return errs


def check_blind(rec: dict[str, Any], lang: str, where: str) -> list[str]:
    errs = []
    for k in ("id", "lang", "split", "source", "text", "category"):
        if k not in rec:
            return [f"{where}: missing {k}"]
    if rec["lang"] != lang:
        errs.append(f"{where}: lang {rec['lang']}")
    if rec["split"] not in ("train", "heldout"):
        errs.append(f"{where}: split {rec['split']}")
    if rec["source"] not in SOURCES:
        errs.append(f"{where}: source {rec['source']}")
    if rec["category"] not in CATEGORIES:
        errs.append(f"{where}: category {rec['category']}")
    if not rec["text"].strip():
        errs.append(f"{where}: empty text")
    return errs


QUESTION_FIELDS = {"question", "lang", "intent", "split"}


def has_hangul(text: str) -> bool:
    """True if the text has a Hangul syllable (U+AC00-U+D7A3)."""
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def records(path: Path, errs: list[str]) -> Iterator[tuple[str, Any]]:
    """(where, parsed record) for every line of a JSON-lines file; a line that is not JSON
    is reported in `errs` and skipped."""
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{i}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            errs.append(f"{where}: {exc}")


def check_questions(path: Path, trained: set[str]) -> tuple[list[str], Counter[tuple[str, Any]]]:
    """Errors in the question-only intent file and its (lang, split) counts.

    `trained` holds the questions of `model/question_intents.json`; none may be repeated here
    (compared exactly and lower-cased)."""
    errs: list[str] = []
    stats: Counter[tuple[str, Any]] = Counter()
    if not path.exists():
        return errs, stats
    trained_lower = {q.strip().lower() for q in trained}
    seen: set[str] = set()
    for where, rec in records(path, errs):
        if not isinstance(rec, dict) or set(rec) != QUESTION_FIELDS:
            errs.append(f"{where}: fields must be exactly {sorted(QUESTION_FIELDS)}")
            continue
        q = rec["question"]
        if not isinstance(q, str) or not q.strip() or q != q.strip() or "  " in q:
            errs.append(f"{where}: empty or badly spaced question {q!r}")
            continue
        if rec["lang"] not in ("en", "ko"):
            errs.append(f"{where}: lang {rec['lang']}")
        elif has_hangul(q) != (rec["lang"] == "ko"):
            errs.append(f"{where}: lang {rec['lang']} but the text {'has' if has_hangul(q) else 'has no'} Hangul")
        if rec["intent"] not in INTENTS:
            errs.append(f"{where}: intent {rec['intent']}")
        if rec["split"] not in ("train", "heldout"):
            errs.append(f"{where}: split {rec['split']}")
        key = q.lower()
        if key in seen:
            errs.append(f"{where}: duplicate question {q!r}")
        seen.add(key)
        if q in trained or key in trained_lower:
            errs.append(f"{where}: {q!r} is already a training question in model/question_intents.json")
        stats[(rec["lang"], "questions")] += 1
        stats[(rec["lang"], f"questions_{rec['split']}")] += 1
    return errs, stats


def check_split_balance(directory: Path) -> list[str]:
    """Every follow-up kind and question type of each language has 15-40 % held out."""
    counts: Counter[tuple[Any, Any, Any]] = Counter()
    for path in sorted(directory.glob("answers_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            for key in ("follow_up_kind", "question_type"):
                counts[(rec.get("lang"), rec.get(key), rec.get("split"))] += 1
    errs = []
    for lang, value in sorted({(k[0], k[1]) for k in counts}):
        held, train = counts[(lang, value, "heldout")], counts[(lang, value, "train")]
        share = held / (held + train)
        if not 0.15 <= share <= 0.4:
            errs.append(f"split: {lang} {value} has {held} of {held + train} held out (run assign_splits.py)")
    return errs


def main() -> int:
    errs: list[str] = []
    ids: set[str] = set()
    stats: Counter[tuple[str, Any]] = Counter()
    # pending/: labelled answers kept out of training for now (pending/README.md); same rules
    answer_files = [*(ROOT / "reader").glob("answers_*.jsonl"), *(ROOT / "reader" / "pending").glob("answers_*.jsonl")]
    for path in sorted(answer_files):
        lang = path.name.split("_")[1]
        pending = path.parent.name == "pending"
        for where, rec in records(path, errs):
            if pending and rec.get("split") != "train":
                errs.append(f"{where}: a pending answer is training data (split train)")
            if rec.get("id") in ids:
                errs.append(f"{where}: duplicate id {rec.get('id')}")
            ids.add(rec.get("id"))
            errs += check_answer(rec, lang, where)
            stats[(lang, "answers")] += 1
            stats[(lang, "sentences")] += len(rec.get("sentences", []))
            stats[(lang, "pending" if pending else rec.get("split"))] += 1
    errs += check_split_balance(ROOT / "reader")
    trained = set(json.loads((ROOT / "reader" / "model" / "question_intents.json").read_text(encoding="utf-8")))
    trained |= set(json.loads((ROOT / "reader" / "pending" / "question_intents.json").read_text(encoding="utf-8")))
    q_errs, q_stats = check_questions(ROOT / "reader" / "questions_intents.jsonl", trained)
    errs += q_errs
    stats.update(q_stats)
    for path in sorted((ROOT / "blind").glob("protected_details_*.jsonl")):
        lang = path.stem.rsplit("_", 1)[1]
        for where, rec in records(path, errs):
            if rec.get("id") in ids:
                errs.append(f"{where}: duplicate id {rec.get('id')}")
            ids.add(rec.get("id"))
            errs += check_blind(rec, lang, where)
            stats[(lang, "blind")] += 1
    for e in errs:
        print(e)
    print(dict(sorted(stats.items())))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
