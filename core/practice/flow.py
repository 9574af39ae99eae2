"""Where one browser session is in a practice interview: a frozen state and pure transitions.

The Practice page keeps one `PracticeState` in `st.session_state` and dispatches on its
`step`; every change is a function here that returns a new state, so the whole walk
(set-up -> device check -> calibration -> question -> answer -> review -> ... -> finished)
is tested without Streamlit. Times are `time.monotonic()` seconds passed in by the caller
(`now`), never read here, so the timed format's deadlines are plain data to test.

    setup --start--> device --devices_ready--> calibrate --(calibrated|skipped)--> interview
    interview: prep --begin_answer--> answering --answered--> review --show_question--> prep ...
               practice mode: review --answer_again--> prep (same question; the next review
                              compares the new attempt with the one before, `with_diff`)
               exam mode:     answering --answered--> saved --show_question--> prep ...
                              (no summary, no hints, one take per question)
               (a reload mid-answer: recovered --answered--> review, or --answer_again--> prep;
                a reload before the answer: prep again, on the clock the question had — see
                `enter_interview`)
    any step --finish--> finished
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from core.db.models import Question
from core.feedback.retry import AttemptDiff
from core.interview.types import TIMED_ANSWER_SECONDS, TIMED_PREP_SECONDS
from core.live.summary import AnswerSummary

Step = Literal["setup", "device", "calibrate", "interview", "finished"]
# saved: an exam answer is stored and analysed; the page moves on without showing feedback
Phase = Literal["prep", "answering", "review", "recovered", "saved"]
Mode = Literal["practice", "exam"]
MODES: tuple[Mode, ...] = ("practice", "exam")
TimedAction = Literal["begin_answer", "stop_answer"]

CALIBRATION_S = 3.0  # s looking at the camera to set the gaze baseline (enough frames at 10+ fps)


@dataclass(frozen=True)
class Deadlines:
    """How long thinking and answering may last (None = as long as the user likes).

    The timed format (AI역량검사) is the only one with limits; its numbers live once, in
    `core.interview.types` (FEEDBACK_EVIDENCE.md)."""

    prep_s: float | None = None
    answer_s: float | None = None


def deadlines_for(format: str) -> Deadlines:
    """The deadlines of an interview format ("timed": 30 s to think, 50 s to answer)."""
    if format == "timed":
        return Deadlines(prep_s=float(TIMED_PREP_SECONDS), answer_s=float(TIMED_ANSWER_SECONDS))
    return Deadlines()


@dataclass(frozen=True)
class QuestionView:
    """The question on screen (a copy of the stored row's fields the page shows)."""

    id: int
    text: str
    stage: int = 1
    depth: int = 0  # 0 = a main question, 1+ = a follow-up
    position: int = 0
    origin: str = ""
    sources: tuple[Mapping[str, Any], ...] = ()
    draft: str = ""  # the answer typed so far and not yet sent (stored with the question)


@dataclass(frozen=True)
class Choices:
    """What the user chose at set-up that the room itself needs."""

    language: str = "en"
    format: str = "standard"
    read_aloud: bool = True
    record_video: bool = False
    hints: bool = True
    # practice: summary, hints and "Answer again" after each answer; exam: one take per
    # question, no hints, no per-answer feedback (it is all in the report at the end)
    mode: Mode = "practice"

    @property
    def deadlines(self) -> Deadlines:
        return deadlines_for(self.format)

    @property
    def exam(self) -> bool:
        return self.mode == "exam"

    @property
    def live_hints(self) -> bool:
        """Whether live hints show while answering (never in an exam)."""
        return self.hints and not self.exam


@dataclass(frozen=True)
class PracticeState:
    """One browser session's place in the interview (small values only; results live in the DB)."""

    step: Step = "setup"
    session_id: int | None = None
    choices: Choices = field(default_factory=Choices)
    question: QuestionView | None = None
    attempt_id: int | None = None
    phase: Phase = "prep"
    phase_started: float = 0.0  # monotonic s when the phase began
    live: bool = True  # False: no camera/microphone, answers are recorded in the browser, uploaded or typed
    summary: AnswerSummary | None = None
    spoken_question_id: int | None = None  # the question already read aloud
    notice: str = ""  # a message for the user (already translated by the page)
    # "Answer again": the attempt the new one is compared with, and the comparison once analysed
    compare_with: int | None = None
    diff: AttemptDiff | None = None
    # Resumed on a question whose first appearance was never stored (a session from before
    # migration 0006): its clock started again when the user came back, and the page says so.
    clock_restarted: bool = False
    # A question load began and did not finish: it failed (its reason is the notice) or a
    # rerun cut it off (no notice: the load clears notices first). See `needs_question`.
    loading_question: bool = False

    def elapsed(self, now: float) -> float:
        """Seconds since the current phase began."""
        return max(0.0, now - self.phase_started)


# ----------------------------------------------------------------------------- transitions
def start(session_id: int, choices: Choices) -> PracticeState:
    """A session was created: check the devices next."""
    return PracticeState(step="device", session_id=session_id, choices=choices)


def resumed(state: PracticeState, session_id: int, choices: Choices, question: QuestionView | None,
            now: float, *, recovered_attempt_id: int | None = None, notice: str = "") -> PracticeState:
    """Back after a reload: devices first, then the question where the user was (or the
    recording cut off mid-answer, ready to analyse)."""
    phase: Phase = "recovered" if recovered_attempt_id is not None else "prep"
    return replace(state, step="device", session_id=session_id, choices=choices, question=question,
                   attempt_id=recovered_attempt_id, phase=phase, phase_started=now, summary=None, notice=notice,
                   clock_restarted=False)


def go_offline(state: PracticeState, notice: str) -> PracticeState:
    """No camera or microphone: answer by recording in the browser, uploading or typing."""
    return replace(state, live=False, notice=notice)


def devices_ready(state: PracticeState) -> PracticeState:
    """Devices checked: calibrate the gaze when the camera streams, else straight to the interview."""
    return replace(state, step="calibrate" if state.live else "interview")


def show_question(state: PracticeState, question: QuestionView | None, now: float) -> PracticeState:
    """The next question on screen (thinking time starts now); None = no question left."""
    if question is None:
        return finished(state)
    return replace(state, step="interview", question=question, attempt_id=None, phase="prep", phase_started=now,
                   summary=None, compare_with=None, diff=None, clock_restarted=False, loading_question=False)


def loading_question(state: PracticeState) -> PracticeState:
    """A question load begins (`show_question` or `finished` ends it)."""
    return replace(state, loading_question=True)


def needs_question(state: PracticeState) -> bool:
    """In the interview with no question on screen, and no load failed: load one now.

    A rerun can cut the chain "enter the room, load its question" anywhere (seen in browser
    runs at load 5: the page at the interview without a question, no reason given). Cut
    before the load, or during it (no notice), the page loads the question by itself; a load
    that failed left its reason in the notice and the page offers "Try loading the question
    again" instead, so a failing service is not called on every rerun."""
    return (state.step == "interview" and state.question is None
            and (not state.loading_question or not state.notice))


def enter_interview(state: PracticeState, now: float, *, shown_s_ago: float = 0.0,
                    clock_restarted: bool = False) -> PracticeState:
    """Into the room with the question kept from a resume (its phase kept: a recovered answer
    stays recovered); the caller loads the first question when there is none.

    A question still waiting for its answer ("prep") keeps the clock it had: it first appeared
    `shown_s_ago` s before `now` (by the time stored with it), so a reload neither restarts
    nor extends the timed format's clock; past the limits, the time is up at once.
    `clock_restarted`: that time was never stored, so the clock starts at `now` instead and
    the page says so."""
    started = now - max(0.0, shown_s_ago) if state.phase == "prep" and state.question is not None else now
    return replace(state, step="interview", phase_started=started, clock_restarted=clock_restarted)


def begin_answer(state: PracticeState, attempt_id: int, now: float) -> PracticeState:
    return replace(state, attempt_id=attempt_id, phase="answering", phase_started=now, summary=None)


def answered(state: PracticeState, summary: AnswerSummary, notice: str = "",
             diff: AttemptDiff | None = None) -> PracticeState:
    """The answer was saved and analysed (or failed with a reason). Practice: show its summary
    (and `diff`, the comparison with the attempt before "Answer again"). Exam: no summary —
    the phase is "saved" and the caller loads the next question."""
    sent = None if state.question is None else replace(state.question, draft="")  # the draft went with it
    if state.choices.exam:
        return replace(state, question=sent, phase="saved", summary=None, diff=None, notice=notice)
    return replace(state, question=sent, phase="review", summary=summary, notice=notice, diff=diff)


def can_answer_again(state: PracticeState) -> bool:
    """Whether *Answer again* is offered: after a practice answer's summary, or for a recording
    recovered after a reload (not yet submitted, so still the first take, also in an exam)."""
    if state.step != "interview" or state.question is None:
        return False
    if state.phase == "recovered":
        return True
    return state.phase == "review" and not state.choices.exam and state.summary is not None


def answer_again(state: PracticeState, now: float) -> PracticeState:
    """Answer the question on screen afresh. After a practice summary the new attempt is
    compared with the one just reviewed (when it was analysed); a recovered recording is
    dropped from the screen. Anything else (an exam answer) is left as it is."""
    if not can_answer_again(state):
        return state
    compare_with = state.compare_with
    if state.phase == "review" and state.summary is not None and state.summary.status == "analyzed":
        compare_with = state.summary.attempt_id
    return replace(state, attempt_id=None, phase="prep", phase_started=now, notice="", summary=None, diff=None,
                   compare_with=compare_with)


def drafted(state: PracticeState, text: str) -> PracticeState:
    """The answer typed so far for the question on screen (already stored by the caller)."""
    if state.question is None:
        return state
    return replace(state, question=replace(state.question, draft=text))


def spoken(state: PracticeState, question_id: int) -> PracticeState:
    return replace(state, spoken_question_id=question_id)


def with_notice(state: PracticeState, notice: str) -> PracticeState:
    return replace(state, notice=notice)


def finished(state: PracticeState) -> PracticeState:
    return replace(state, step="finished", phase="review", loading_question=False)


# ----------------------------------------------------------------------------- questions about a state
def timed_action(state: PracticeState, now: float) -> TimedAction | None:
    """What the timed format does by itself now: begin the answer when thinking time is up,
    stop it when answering time is up; None when nothing is due."""
    if state.step != "interview" or state.question is None:
        return None
    deadlines = state.choices.deadlines
    elapsed = state.elapsed(now)
    if state.phase == "prep" and deadlines.prep_s is not None and elapsed >= deadlines.prep_s:
        return "begin_answer"
    if state.phase == "answering" and deadlines.answer_s is not None and elapsed >= deadlines.answer_s:
        return "stop_answer"
    return None


def time_left(state: PracticeState, now: float) -> float | None:
    """Seconds left in the current timed phase (None when the phase has no limit)."""
    deadlines = state.choices.deadlines
    limit = deadlines.prep_s if state.phase == "prep" else deadlines.answer_s if state.phase == "answering" else None
    return None if limit is None else max(0.0, limit - state.elapsed(now))


def browser_time_left(state: PracticeState, now: float) -> float | None:
    """Seconds left of the timed format's whole question (thinking, then answering) for an
    answer typed or recorded in the browser, where both run on one clock from when the
    question appeared; 0.0 = time is up; None when the format has no answer limit."""
    deadlines = state.choices.deadlines
    if deadlines.answer_s is None:
        return None
    return max(0.0, (deadlines.prep_s or 0.0) + deadlines.answer_s - state.elapsed(now))


def needs_live_loop(state: PracticeState) -> bool:
    """Whether this step has anything live to show (meters, running timers, hints).

    Streamlit removes elements of an earlier step only when a script run completes, and a
    run with the live loop never completes (the next click interrupts it). So the loop runs
    only where it is needed — the device check, answering, and the timed countdown — and
    every other step's run completes and clears the screen.
    """
    if state.step == "device":
        return True
    if state.step != "interview" or state.question is None:
        return False
    return state.phase == "answering" or (state.phase == "prep" and state.choices.deadlines.prep_s is not None)


def question_view(question: Question | None) -> QuestionView | None:
    """The stored question row as the page shows it (None stays None)."""
    if question is None:
        return None
    return QuestionView(id=question.id or 0, text=question.text, stage=question.stage, depth=question.depth,
                        position=question.position, origin=question.origin,
                        sources=tuple(dict(s) for s in question.sources or ()), draft=question.draft)
