"""Optional LLM enrichment of a rules-based resume analysis.

The model may add expected questions and sharpen answer guides. Its output is validated
with pydantic, every quoted claim must occur verbatim in the candidate's documents (no
invented facts), and on ANY error the offline analysis is returned unchanged. Documents
enter the prompt as delimited, untrusted data: instructions inside them are not followed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from core.llm.base import UNTRUSTED_DATA_RULE, LLMError, wrap_untrusted
from core.resume.analysis import ResumeAnalysis

log = logging.getLogger(__name__)
MAX_DOC_CHARS = 12_000  # per document in the prompt; resumes and postings are far shorter
MAX_EXTRA_QUESTIONS = 5

SYSTEM = (
    "You are an interview coach preparing a candidate for a job interview. "
    + UNTRUSTED_DATA_RULE
    + " Return JSON only, matching the schema. Write questions, reasons and guides in {language}. "
    "Every question must be about a concrete claim quoted verbatim from the candidate's documents "
    "(field `claim`, copied exactly); the answer guide is a STAR outline built from the candidate's own "
    "material plus what to prepare where the material is thin."
)


class LLMQuestion(BaseModel):
    question: str = Field(min_length=8, max_length=400)
    why: str = Field(min_length=4, max_length=400)
    answer_guide: str = Field(min_length=4, max_length=1500)
    claim: str = Field(min_length=2, max_length=400)


class LLMEnrichment(BaseModel):
    expected_questions: list[LLMQuestion] = Field(default_factory=list, max_length=10)


def _document(name: str, text: str) -> str:
    return wrap_untrusted(name, text[:MAX_DOC_CHARS])


def build_prompt(analysis: ResumeAnalysis, *, resume_text: str, job_text: str, cover_letter_text: str) -> str:
    """The user prompt: delimited documents plus the offline claims and gaps as hints."""
    parts = [_document("resume", resume_text)]
    if cover_letter_text:
        parts.append(_document("cover_letter", cover_letter_text))
    if job_text:
        parts.append(_document("job_posting", job_text))
    hints = {"claims": [c["text"] for c in analysis.claims[:30]],
             "gaps": [g["requirement"] for g in analysis.gaps],
             "already_asked": [q["question"] for q in analysis.expected_questions]}
    # Claims, gaps and earlier questions quote the documents: data blocks like the documents.
    parts.append(wrap_untrusted("offline_analysis", json.dumps(hints, ensure_ascii=False)))
    parts.append(f"Add up to {MAX_EXTRA_QUESTIONS} new expected interview questions not already asked.")
    return "\n\n".join(parts)


def enrich_analysis(analysis: ResumeAnalysis, *, llm: Any, resume_text: str, job_text: str = "",
                    cover_letter_text: str = "", lang: str = "en") -> ResumeAnalysis:
    """`analysis` plus validated LLM questions (engine "llm"), or `analysis` unchanged on any error."""
    language = "Korean" if lang == "ko" else "English"
    corpus = "\n".join([resume_text, job_text, cover_letter_text])
    try:
        raw = llm.complete_json(SYSTEM.format(language=language),
                                build_prompt(analysis, resume_text=resume_text, job_text=job_text,
                                             cover_letter_text=cover_letter_text),
                                LLMEnrichment)
        # The protocol returns the validated model; validate again in case a provider returns a dict.
        data = raw.model_dump() if isinstance(raw, BaseModel) else raw
        parsed = LLMEnrichment.model_validate(data if isinstance(data, dict) else json.loads(str(data)))
    except LLMError as exc:
        log.warning("LLM enrichment unavailable (%s), keeping the offline analysis", exc.cause)
        return analysis
    except (ValidationError, ValueError, TypeError, KeyError) as exc:
        log.warning("LLM enrichment rejected, keeping the offline analysis: %s", exc)
        return analysis
    except Exception as exc:  # noqa: BLE001 - a provider failure must never lose the offline result
        log.warning("LLM enrichment failed, keeping the offline analysis: %s", exc)
        return analysis
    seen = {q["question"] for q in analysis.expected_questions}
    extra = []
    for q in parsed.expected_questions:
        if q.question in seen or q.claim.strip().strip("“”\"") not in corpus:
            continue  # grounded questions only: the quoted claim must be in the documents
        seen.add(q.question)
        extra.append({"question": q.question, "why": q.why, "answer_guide": q.answer_guide, "category": "llm",
                      "claim": q.claim, "source": {}, "star": {}, "prepare": []})
        if len(extra) >= MAX_EXTRA_QUESTIONS:
            break
    if not extra:
        return analysis
    return replace(analysis, expected_questions=[*analysis.expected_questions, *extra], engine="llm")
