"""Persona-toned phrasing the feedback code reuses.

The two interviewer personas (ARCHITECTURE.md): the practical team lead (실무 리더) cares
about concrete work, tools, trade-offs and collaboration; the executive (임원) about
motivation, values, business impact and long-term fit. Questions differ by persona in the
bank and templates; these helpers give feedback the same voice.

    persona_feedback_intro("lead", "ko")  -> "실무 리더로서 저는 구체적인 일을 봅니다. ..."
    persona_feedback_line("executive", "improve", "en", detail="...") -> "What would make this ..."
    persona_feedback_closing("lead", "en")
"""

from __future__ import annotations

from core.i18n import t

FEEDBACK_LINE_KINDS = ("strength", "improve")


def normalize_persona(persona: str | None) -> str:
    """'executive' / '임원' / 'exec' -> 'executive'; anything else -> 'lead'."""
    value = (persona or "").strip().lower()
    return "executive" if value.startswith("exec") or value in {"임원", "executive"} else "lead"


def persona_label(persona: str, lang: str) -> str:
    """Display name: "Practical team lead" / "실무 리더", "Executive" / "임원"."""
    return t(f"persona.{normalize_persona(persona)}", lang)


def persona_feedback_intro(persona: str, lang: str) -> str:
    """One sentence that opens feedback in the persona's voice and says what it listens for."""
    return t(f"interview.persona_intro.{normalize_persona(persona)}", lang)


def persona_feedback_line(persona: str, kind: str, lang: str, *, detail: str) -> str:
    """A strength ("strength") or an improvement ("improve") framed in the persona's voice."""
    if kind not in FEEDBACK_LINE_KINDS:
        raise ValueError(f"kind must be one of {FEEDBACK_LINE_KINDS}, not {kind!r}")
    return t(f"interview.persona_feedback.{normalize_persona(persona)}.{kind}", lang, detail=detail)


def persona_feedback_closing(persona: str, lang: str) -> str:
    """The persona's one-line advice for next time."""
    return t(f"interview.persona_feedback.{normalize_persona(persona)}.closing", lang)
