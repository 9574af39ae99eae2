"""Adapters to the collaborators the practice service drives: the interviewer, the
retriever, speech analysis and the vision summary.

Each is imported lazily, so the service works (and its tests run) while a collaborator is
missing; each adapter tolerates small signature differences by passing only the keyword
arguments the callee declares.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.config import Settings

log = logging.getLogger(__name__)

SpeechFn = Callable[..., dict[str, Any]]


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def call_with_known_kwargs(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call `func` with only the keyword arguments its signature accepts."""
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return func(*args, **kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return func(*args, **kwargs)
    return func(*args, **{k: v for k, v in kwargs.items() if k in params})


def build_dataclass(cls: Any, values: dict[str, Any]) -> Any:
    """Instantiate a dataclass (or pydantic model) from the subset of `values` it declares."""
    if dataclasses.is_dataclass(cls):
        names = {f.name for f in dataclasses.fields(cls)}
    else:
        names = set(getattr(cls, "model_fields", {}) or inspect.signature(cls).parameters)
    return cls(**{k: v for k, v in values.items() if k in names})


def to_dict(obj: Any) -> dict[str, Any] | None:
    """`obj.to_dict()`, a dataclass as a dict, or the dict itself."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_dict"):
        return dict(obj.to_dict())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if hasattr(obj, "model_dump"):
        return dict(obj.model_dump())
    raise TypeError(f"cannot turn {type(obj).__name__} into a dict")


# ----------------------------------------------------------------------------- retriever
def default_retriever(settings: Settings, user_id: int | None = None) -> Any | None:
    """The company-library retriever (shared sample companies plus `user_id`'s own), or None."""
    rag = _optional("core.rag")
    factory = getattr(rag, "get_retriever", None) if rag else None
    if factory is None:
        return None
    try:
        return factory(settings, user_id=user_id)
    except Exception as exc:  # noqa: BLE001 - interviews still work without the library
        log.warning("company library unavailable: %s", exc)
        return None


# ----------------------------------------------------------------------------- speech
def default_speech(settings: Settings) -> SpeechFn:
    """`(audio_path, language, transcript) -> SpeechAnalysis dict` from `core.speech`.

    `transcript` is a `core.speech.types.Transcript` made during the answer (live path: no
    second transcription) or None (transcribe now with the configured model).
    """

    def analyze(path: Path, language: str, transcript: Any = None, *, question: str | None = None,
                target_s: float | None = None) -> dict[str, Any]:
        speech = _optional("core.speech")
        media = _optional("core.media.audio")
        if speech is None or media is None:
            raise RuntimeError("speech analysis is not installed (core.speech, core.media.audio)")
        audio = media.load_audio(path)
        given = transcript if hasattr(transcript, "words") else None
        stt = None if given is not None else speech.get_stt(settings, language)
        result = speech.analyze_speech(audio, language=language, transcript=given, question=question,
                                       target_s=target_s, stt=stt)
        data = to_dict(result)
        if data is None:
            raise RuntimeError("speech analysis returned nothing")
        return data

    return analyze


def warm_speech() -> None:
    """Import and JIT-compile the acoustic measures once (librosa's first use costs seconds),
    so the first answer's feedback is as fast as the later ones."""
    acoustics = _optional("core.speech.acoustics")
    func = getattr(acoustics, "frame_features", None) if acoustics else None
    if func is None:
        return
    import numpy as np

    noise = np.random.default_rng(0).normal(0.0, 0.01, 16_000).astype(np.float32)
    try:
        call_with_known_kwargs(func, noise, 16_000, with_pitch=True)
    except Exception as exc:  # noqa: BLE001 - warming up is best effort
        log.debug("speech warm-up skipped: %s", exc)


# ----------------------------------------------------------------------------- vision
def summarize_vision(timeline: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The vision summary dict of a per-frame timeline (None for no frames)."""
    if not timeline:
        return None
    vision = _optional("core.vision")
    func = getattr(vision, "summarize_timeline", None) if vision else None
    if func is not None:
        try:
            return to_dict(func(timeline))
        except Exception as exc:  # noqa: BLE001 - fall back to the plain shares below
            log.warning("vision summary failed, using plain shares: %s", exc)
    from core.feedback.delivery import summarize_frames

    return summarize_frames(timeline)


# ----------------------------------------------------------------------------- interviewer
def default_interviewer(settings: Settings, retriever: Any | None) -> Any:
    """`core.interview.build_interviewer(settings, retriever)`, or the small fallback."""
    interview = _optional("core.interview")
    factory = getattr(interview, "build_interviewer", None) if interview else None
    if factory is not None:
        return call_with_known_kwargs(factory, settings, retriever=retriever)
    log.warning("core.interview not installed: using the practice fallback question list")
    return FallbackInterviewer()


def context_class() -> Any | None:
    interview = _optional("core.interview")
    return getattr(interview, "InterviewContext", None) if interview else None


def draft_class() -> Any | None:
    interview = _optional("core.interview")
    return getattr(interview, "QuestionDraft", None) if interview else None


def competency_set(language: str) -> list[str]:
    """The competency keys of the session language's set (NCS for Korean, NACE for English)."""
    module = _optional("core.interview.competencies")
    func = getattr(module, "allowed_competencies", None) if module else None
    return list(func(language)) if func else []


def competency_label(key: str, language: str) -> str:
    """Display name of a competency key ("문제해결능력", "Critical thinking"); the key itself if unknown."""
    module = _optional("core.interview.competencies")
    func = getattr(module, "competency_label", None) if module else None
    return str(func(key, language)) if func else key.replace("_", " ")


@dataclasses.dataclass(frozen=True)
class SimpleDraft:
    """The question shape the service needs when `core.interview` is absent."""

    text: str
    stage: int
    persona: str = "lead"
    competency: str = ""
    sources: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    origin: str = "bank"
    reason: str = ""
    strong_answer: str = ""
    bank_id: str = ""


@dataclasses.dataclass(frozen=True)
class SimpleDecision:
    ask: bool
    text: str = ""
    reason: str = ""
    kind: str = ""


_FALLBACK_BANK: dict[str, dict[int, list[tuple[str, str, str]]]] = {
    "en": {1: [("fb-1-1", "Tell me about a project where you improved something measurable. What did you do?",
                "problem_solving"),
               ("fb-1-2", "Describe a time you had to learn a new tool quickly to deliver on a deadline.",
                "self_development")],
           2: [("fb-2-1", "A key teammate leaves two weeks before a launch. What do you do first, and why?",
                "problem_solving"),
               ("fb-2-2", "Two stakeholders want opposite things from your team. How do you decide?",
                "interpersonal")],
           3: [("fb-3-1", "Why this company and this role, and what will you contribute in your first year?",
                "organizational_understanding"),
               ("fb-3-2", "Tell me about a time you disagreed with your manager. What happened?", "ethics")]},
    "ko": {1: [("fb-1-1", "측정 가능한 성과를 낸 경험을 말씀해 주세요. 본인은 무엇을 했나요?", "문제해결능력"),
               ("fb-1-2", "마감에 맞추기 위해 새로운 도구를 빠르게 익혀야 했던 경험을 말씀해 주세요.", "자기개발능력")],
           2: [("fb-2-1", "출시 2주 전 핵심 팀원이 그만둔다면 가장 먼저 무엇을 하시겠습니까?", "문제해결능력"),
               ("fb-2-2", "두 이해관계자가 서로 반대되는 요구를 한다면 어떻게 결정하시겠습니까?", "대인관계능력")],
           3: [("fb-3-1", "왜 우리 회사와 이 직무에 지원했으며, 입사 1년 안에 무엇을 기여하시겠습니까?",
                "조직이해능력"),
               ("fb-3-2", "상사와 의견이 달랐던 경험과 그때 어떻게 했는지 말씀해 주세요.", "직업윤리")]},
}


class FallbackInterviewer:
    """A few generic questions per stage and a result follow-up: enough to practise when
    the interviewer feature is not installed. Not a replacement for `core.interview`."""

    def plan(self, context: Any) -> list[SimpleDraft]:
        lang = "ko" if getattr(context, "language", "en") == "ko" else "en"
        stages = list(getattr(context, "stages", [1, 2, 3]) or [1, 2, 3])
        per_stage = int(getattr(context, "questions_per_stage", 2) or 2)
        persona = str(getattr(context, "persona", "lead"))
        drafts = []
        for stage in stages:
            for bank_id, text, competency in _FALLBACK_BANK[lang].get(int(stage), [])[:per_stage]:
                drafts.append(SimpleDraft(text=text, stage=int(stage), persona=persona, competency=competency,
                                          bank_id=bank_id))
        return drafts

    def follow_up(self, context: Any, question: Any, answer_text: str, depth: int) -> SimpleDecision:
        from core.feedback.signals import extract_signals

        lang = "ko" if getattr(context, "language", "en") == "ko" else "en"
        signals = extract_signals(answer_text, lang)
        if depth == 0 and not signals.result_quantified:
            text = ("그 결과를 숫자로 말씀해 주실 수 있나요? 무엇이 얼마나 달라졌나요?" if lang == "ko"
                    else "What was the measurable result? What changed, and by how much?")
            return SimpleDecision(ask=True, text=text, reason="no measurable result", kind="result")
        return SimpleDecision(ask=False)
