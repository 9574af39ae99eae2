"""Content feedback and the content score, from the answer reader's reading.

One judgement: the follow-up (`core.interview.followups`) and these items read the same
`AnswerReading` (`core.interview.reader.read_answer`), so the report never praises what the
interviewer just asked about, or the reverse. Every item points at the sentence it is about
(`Evidence.char_start/char_end`, seconds through `TimeMap` when there are word timings).

The content score is a sum of named parts, each shown in the explanation:
story questions (behavioural, situational): STAR parts 10×4 + result 15 (5 without a figure)
+ specificity 15 + on the question 15 + ownership 10 + length 5; other question types
(motivation, self-description, technical) do not need a story: the 40 STAR points go to
saying something concrete (20 per concrete sentence, up to 40) and the result points to a
concrete reason or figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.feedback.signals import STAR_PARTS, AnswerSignals, Span, signals_from_reading
from core.feedback.text import TimeMap
from core.feedback.types import Evidence, FeedbackItem, Score
from core.i18n import t
from core.interview.followups import STORY_TYPES, quote_of
from core.interview.reading import AnswerReading, SentenceReading

# Points of the content score (sum = 100).
POINTS_PER_STAR_PART = 10.0  # x4 = 40: situation, task, action, result each stated (story questions)
POINTS_PER_CONCRETE_SENTENCE = 20.0  # other question types: up to 40 for concrete sentences
POINTS_MEASURED_RESULT = 15.0  # a result with a number ("cut latency by 40 %")
POINTS_UNMEASURED_RESULT = 5.0  # a result stated without any number
POINTS_SPECIFICITY = 15.0  # concrete sentences (5 each) and numbers (5 each), capped
POINTS_RELEVANCE = 15.0  # the answer answers the question asked (the reader's judgement)
POINTS_OWNERSHIP = 10.0  # at least one action is the speaker's own (half when the team's outnumber them 2:1)
POINTS_LENGTH = 5.0  # long enough to carry a story, short enough to keep

MIN_WORDS = {"en": 25, "ko": 15}  # mirrors core.feedback.signals.SHORT_ANSWER_WORDS (for the message)
HEDGES_FLAG = 3  # three or more hedges ("maybe", "I think") in one answer get a note
WE_TO_I_RATIO_FLAG = 2.0  # team actions more than twice the speaker's own


@dataclass(frozen=True)
class ContentResult:
    signals: AnswerSignals
    items: list[FeedbackItem]
    score: Score
    relevance: float | None
    reading: AnswerReading | None = None


def _evidence(target: SentenceReading | Span | None, timemap: TimeMap) -> Evidence:
    """Evidence at a sentence (or span) of the answer; empty when there is none."""
    if target is None:
        return Evidence()
    if isinstance(target, SentenceReading):
        start, end, text = target.char_start, target.char_end, target.text
    else:
        start, end, text = target.start, target.end, target.text
    start_s, end_s = timemap.span(start, end)
    return Evidence(start_s=start_s, end_s=end_s, char_start=start, char_end=end, quote=text[:300])


def _tone(persona: str, lang: str) -> str:
    """A short line in the interviewer persona's voice."""
    key = f"fb.tone.{'executive' if persona == 'executive' else 'lead'}"
    return t(key, lang)


def _sentence_at(reading: AnswerReading, start: int) -> SentenceReading | None:
    return next((s for s in reading.sentences if s.char_start <= start < s.char_end), None)


def analyze_content(answer: str, question: str, lang: str = "en", *, timemap: TimeMap | None = None,
                    persona: str = "lead", earlier: str = "", reading: AnswerReading | None = None,
                    earlier_reading: AnswerReading | None = None) -> ContentResult:
    """Grade the content of one answer to `question` from its reading.

    `reading`: the reader's reading of `answer` (read here when not given — pass the one
    the follow-up used to avoid reading twice). `earlier`: for a follow-up, what the
    candidate already said in the answers it follows; STAR parts heard there count (a
    follow-up asks for the missing piece, not a new story).
    """
    from core.interview.reader import read_answer

    lang = "ko" if lang == "ko" else "en"
    timemap = timemap or TimeMap(answer, None)
    reading = reading or read_answer(question, answer, lang=lang, persona=persona)
    sig = signals_from_reading(reading, answer)
    items: list[FeedbackItem] = []
    tone = _tone(persona, lang)
    sentences = list(reading.sentences)

    def add(key: str, grade: str | None, target: SentenceReading | Span | None, **kw: object) -> None:
        items.append(FeedbackItem(kind="content", key=key, grade=grade,  # type: ignore[arg-type]
                                  text=t(f"fb.{key}", lang, **kw),
                                  next_step=t(f"fb.{key}.next", lang, tone=tone, **kw),
                                  evidence=_evidence(target, timemap)))

    by_role = {role: reading.sentences_with_role(role) for role in STAR_PARTS}
    present = [p for p in STAR_PARTS if by_role[p]]
    story = reading.question_type in STORY_TYPES
    if earlier.strip():
        # Read with the follow-up's question (it asks about the same story): the role head
        # reads the question's type, and with no question at all "My task was to fix it" and
        # "I rewrote the cache" were read as other/result, so the follow-up asked for them again.
        before = earlier_reading or read_answer(question, earlier, lang=lang)
        present = [p for p in STAR_PARTS if p in present or before.sentences_with_role(p)]
        # a follow-up continues the story the main answer started, whatever its own wording
        story = story or bool(before.sentences_with_role("action") or before.sentences_with_role("situation"))
    missing = [p for p in STAR_PARTS if p not in present]
    part_names = {p: t(f"fb.star.{p}", lang) for p in STAR_PARTS}
    concrete = [s for s in sentences if s.concrete]

    # Structure: STAR for story questions; a concrete answer for the others.
    if story:
        others_missing = [p for p in missing if p != "result"]
        if not missing:
            add("star.complete", "good", (by_role["action"] or tuple(sentences) or (None,))[0])
        elif others_missing:
            # point at the sentence the missing part should follow (the setting, else the start)
            setting = by_role["situation"] or by_role["task"] or tuple(sentences)
            anchor = setting[-1] if setting else None
            add("star.missing", "needs_improvement" if len(others_missing) >= 2 else "average", anchor,
                parts=", ".join(part_names[p] for p in others_missing))
        structure_points = POINTS_PER_STAR_PART * len(present)
    else:
        structure_points = min(2 * POINTS_PER_CONCRETE_SENTENCE, POINTS_PER_CONCRETE_SENTENCE * len(concrete))
    # Result (story questions): measured, stated, or missing (always named when missing).
    results = by_role["result"]
    if story:
        measured = next((s for s in results if s.numbers), None)
        if measured is not None:
            add("result.measured", "good", measured)
            result_points = POINTS_MEASURED_RESULT
        elif results:
            add("result.unmeasured", "average", results[0])
            result_points = POINTS_UNMEASURED_RESULT
        elif "result" in present:  # said in the answer this follow-up continues
            result_points = POINTS_UNMEASURED_RESULT
        else:
            lead_up = by_role["action"] or tuple(sentences)
            add("result.missing", "needs_improvement", lead_up[-1] if lead_up else None)
            result_points = 0.0
    else:
        result_points = POINTS_MEASURED_RESULT if any(s.numbers for s in concrete) else (
            POINTS_UNMEASURED_RESULT if concrete else 0.0)
    # Specificity: concrete sentences and numbers; a result figure without context gets a note.
    numbers = [n for s in sentences for n in s.numbers]
    specificity = min(POINTS_SPECIFICITY, 5.0 * len(concrete) + 5.0 * len(numbers))
    tools = ", ".join(sig.tools[:4]) or t("fb.none", lang)
    if specificity >= 10:
        add("specificity.good", "good", concrete[0] if concrete else None, numbers=len(numbers), tools=tools)
    else:
        vague = next((s for s in sentences if not s.concrete), None)
        add("specificity.low", "average" if specificity > 0 else "needs_improvement", vague,
            numbers=len(numbers), tools=tools)
    loose = next(((s, n) for s in results for n in s.numbers if not n.has_context), None)
    if loose is not None:
        add("numbers.no_context", "average", loose[0], number=loose[1].text)
    # On the question (the reader's judgement: question type and meaning, not word overlap).
    if reading.question and sentences and not reading.answers_question:
        add("relevance.off_question", "needs_improvement", sentences[0], quote=quote_of(sentences[0], lang))
        relevance_points = 0.0
    else:
        relevance_points = POINTS_RELEVANCE
    # Ownership: who does the actions.
    actions = by_role["action"] if story else [s for s in sentences if s.role in ("action", "result")]
    mine = [s for s in actions if s.actor == "i"]
    team = [s for s in actions if s.actor in ("we", "others")]
    if actions and not mine:
        held = team[0] if team else actions[0]
        add("ownership.team", "needs_improvement", held, quote=quote_of(held, lang))
        ownership = 0.0
    elif mine and len(team) > WE_TO_I_RATIO_FLAG * len(mine):
        add("ownership.mostly_team", "average", team[0], team=len(team), mine=len(mine))
        ownership = POINTS_OWNERSHIP / 2
    elif mine or not story:
        ownership = POINTS_OWNERSHIP
    else:
        ownership = 0.0  # no action at all: the STAR item already names it
    # Hedges (a note, not part of the score: some hedging is honest).
    if len(sig.hedges) >= HEDGES_FLAG:
        first = sig.hedges[0]
        add("hedges.many", "average", _sentence_at(reading, first.start) or first, count=len(sig.hedges),
            examples=", ".join(dict.fromkeys(h.text.lower() for h in sig.hedges[:3])))
    # Length
    band = sig.length_band
    whole = Span(0, len(answer), answer[:300]) if answer else None
    if band == "too_short":
        add("length.short", "needs_improvement", whole, words=sig.words, minimum=MIN_WORDS[lang])
    elif band == "long":
        add("length.long", "average", whole, words=sig.words)
    length_points = POINTS_LENGTH if band == "ok" else 0.0
    total = structure_points + result_points + specificity + relevance_points + ownership + length_points
    components = {"star": structure_points, "result": result_points, "specificity": specificity,
                  "relevance": relevance_points, "ownership": ownership, "length": length_points}
    explanation = t("fb.score.content.explanation", lang, total=round(total), star=round(structure_points),
                    present=", ".join(part_names[p] for p in present) or "-",
                    missing=", ".join(part_names[p] for p in missing) or "-",
                    result=round(result_points), specificity=round(specificity),
                    relevance=round(relevance_points), ownership=round(ownership), length=round(length_points))
    if not story:
        explanation += " " + t("reader.fb.score.not_story", lang, qtype=t(f"reader.qtype.{reading.question_type}",
                                                                             lang))
    return ContentResult(signals=sig, items=items, score=Score.of(total, explanation, components),
                         relevance=reading.relevance, reading=reading)
