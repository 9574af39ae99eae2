"""Resume analysis: claim ledger, gaps against a posting, expected questions with answer
guides, and cover-letter notes.

`analyze_resume` works offline (rules over the parsed text, `engine == "rules"`). Given an
`llm` (the `core.llm` protocol), it adds an enrichment step whose output is validated and
merged; any error keeps the offline result (`core.resume.enrich`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.i18n import normalize_language
from core.resume.claims import NUMERIC_KINDS, extract_claims
from core.resume.cover_letter import review_cover_letter
from core.resume.gaps import candidate_years, match_requirements
from core.resume.parse import parse_cover_letter, parse_job_posting, parse_resume
from core.resume.questions import build_questions
from core.resume.text import detect_language

ANALYSIS_VERSION = 1


@dataclass(frozen=True)
class ResumeAnalysis:
    """The result stored in `Document.structured["analysis"]` of the resume.

    `claims`: [{"text", "kind", "value", "source": {"document", "section", "line"}, "number"}]
    `gaps`: requirements not (fully) evidenced; `matches`: the ones that are.
    `expected_questions`: [{"question", "why", "answer_guide", "category", "claim", "source", "star",
    "prepare"}]; `cover_letter_notes`: one per question of the letter.
    """

    claims: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    expected_questions: list[dict[str, Any]]
    cover_letter_notes: list[dict[str, Any]]
    matches: list[dict[str, Any]] = field(default_factory=list)
    job: dict[str, Any] = field(default_factory=dict)  # {"title", "company"} of the posting used
    summary: dict[str, Any] = field(default_factory=dict)
    language: str = "en"
    engine: str = "rules"  # rules | llm
    version: int = ANALYSIS_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "claims": [dict(c) for c in self.claims],
            "gaps": [dict(g) for g in self.gaps],
            "expected_questions": [dict(q) for q in self.expected_questions],
            "cover_letter_notes": [dict(n) for n in self.cover_letter_notes],
            "matches": [dict(m) for m in self.matches],
            "job": dict(self.job),
            "summary": dict(self.summary),
            "language": self.language,
            "engine": self.engine,
            "version": self.version,
        }


def analyze_resume(text: str, *, job_text: str | None = None, cover_letter_text: str | None = None,
                   lang: str = "en", llm: Any = None, resume_structured: dict[str, Any] | None = None,
                   job_structured: dict[str, Any] | None = None,
                   cover_letter_structured: dict[str, Any] | None = None,
                   today: date | None = None) -> ResumeAnalysis:
    """Analyse a resume (and optionally a job posting and a cover letter).

    `lang` is the language of the guidance ("en" or "ko"); quotes stay in the document's
    language. `*_structured` are user-corrected fields (from `Document.structured`); they
    win over what the parser finds. `today` fixes "present" in date ranges (tests).
    """
    out_lang = normalize_language(lang)
    text = text or ""
    resume = {**parse_resume(text), **_fields(resume_structured)} if text.strip() else {}
    claims = extract_claims(text, document="resume") if text.strip() else []
    cl_items: list[dict[str, Any]] = []
    notes = []
    if cover_letter_text and cover_letter_text.strip():
        claims += extract_claims(cover_letter_text, document="cover_letter")
        cl_items = (cover_letter_structured or {}).get("items") or parse_cover_letter(cover_letter_text)["items"]
        notes = review_cover_letter(cover_letter_text, lang=out_lang, structured={"items": cl_items})
    job: dict[str, Any] = {}
    matches = []
    years = candidate_years(resume.get("experience") or [], today=today,
                            fallback_text=" ".join([resume.get("summary", ""), cover_letter_text or ""]))
    if job_text and job_text.strip():
        job = {**parse_job_posting(job_text), **_fields(job_structured)}
        requirements = ([(r, "must") for r in job.get("requirements_must") or []]
                        + [(r, "nice") for r in job.get("requirements_nice") or []])
        documents = {"resume": text, "cover_letter": cover_letter_text or ""}
        matches = match_requirements(requirements, documents, years=years)
    questions = build_questions(resume=resume, claims=claims, matches=matches, job=job, cl_items=cl_items,
                                cl_notes=notes, lang=out_lang)
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.kind] = counts.get(claim.kind, 0) + 1
    summary = {
        "document_language": detect_language(text + (cover_letter_text or "")),
        "candidate_years": years,
        "claim_counts": counts,
        "numeric_claims": sum(1 for c in claims if c.kind in NUMERIC_KINDS),
        "requirements_total": len(matches),
        "requirements_met": sum(1 for m in matches if m.status == "met"),
        "must_missing": sum(1 for m in matches if m.priority == "must" and m.status == "missing"),
    }
    result = ResumeAnalysis(
        claims=[c.to_dict() for c in claims],
        gaps=[m.to_dict() for m in matches if m.status != "met"],
        expected_questions=[q.to_dict() for q in questions],
        cover_letter_notes=[n.to_dict() for n in notes],
        matches=[m.to_dict() for m in matches if m.status == "met"],
        job={"title": job.get("title", ""), "company": job.get("company", "")} if job else {},
        summary=summary,
        language=out_lang,
    )
    if llm is not None:
        from core.resume.enrich import enrich_analysis

        result = enrich_analysis(result, llm=llm, resume_text=text, job_text=job_text or "",
                                 cover_letter_text=cover_letter_text or "", lang=out_lang)
    return result


def _fields(structured: dict[str, Any] | None) -> dict[str, Any]:
    """User-corrected fields, without the stored analysis and empty values."""
    if not structured:
        return {}
    return {k: v for k, v in structured.items() if k != "analysis" and v not in (None, "", [], {})}
