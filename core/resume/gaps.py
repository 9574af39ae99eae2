"""Requirements of a job posting against the candidate's documents.

A requirement is "met" when the documents show evidence for it, "partial" when they
show some of it, "missing" when they show none. Evidence is found on canonical terms
(`core.resume.vocab`: synonyms in both languages, plus what a tool implies), on years of
experience ("5+ years", "3년 이상") against the dated experience entries, and, for
requirements the vocabulary does not know, on content-word overlap.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from core.resume.text import months_between, split_lines
from core.resume.vocab import content_words, expand, find_terms

YEARS_EN = re.compile(r"(\d{1,2})\s*\+?\s*(?:or more\s+)?(?:years?|yrs?)", re.IGNORECASE)
YEARS_KO = re.compile(r"(\d{1,2})\s*년\s*(?:이상|차\s*이상)")
ALTERNATIVES = re.compile(r"\bor\b|또는|혹은|이나\b|or similar|or equivalent|등", re.IGNORECASE)
OVERLAP_MET = 0.6  # share of a requirement's content words found in the documents
OVERLAP_PARTIAL = 0.3
YEARS_SLACK = 0.5  # years: within half a year of the requirement counts as met (dates are month-rounded)


@dataclass(frozen=True)
class RequirementMatch:
    requirement: str
    priority: str  # must | nice
    status: str  # met | partial | missing
    terms: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # [{"text", "source"}]
    years_required: int | None = None
    years_found: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def candidate_years(experience: list[dict[str, Any]], *, today: date | None = None,
                    fallback_text: str = "") -> float | None:
    """Years of professional experience: merged dated entries (internships excluded),
    or the "N years" / "N년" the candidate states when no entry is dated."""
    now = today or date.today()
    spans: list[tuple[int, int]] = []
    for entry in experience:
        if re.search(r"intern|인턴|trainee|수습", f"{entry.get('role', '')}", re.IGNORECASE):
            continue
        start, end = str(entry.get("start", "")), str(entry.get("end", "")) or "present"
        months = months_between(start, end, today=(now.year, now.month))
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", start)
        if months and m:
            first = int(m.group(1)) * 12 + int(m.group(2) or 1)
            spans.append((first, first + months))
    if spans:
        spans.sort()
        total, (cur_start, cur_end) = 0, spans[0]
        for s, e in spans[1:]:
            if s <= cur_end:
                cur_end = max(cur_end, e)
            else:
                total += cur_end - cur_start
                cur_start, cur_end = s, e
        total += cur_end - cur_start
        return round(total / 12, 1)
    stated = YEARS_EN.search(fallback_text) or re.search(r"(\d{1,2})\s*년\s*(?:차|간|째|의 경력)", fallback_text)
    return float(stated.group(1)) if stated else None


def _evidence_index(documents: dict[str, str]) -> list[tuple[str, dict[str, Any], set[str]]]:
    """(line text, source, expanded terms) for every line of the candidate's documents."""
    index = []
    for name, text in documents.items():
        for line in split_lines(text or ""):
            if line.is_heading:
                continue
            terms = expand(find_terms(line.text))
            index.append((line.text, {"document": name, "section": line.heading or line.section,
                                      "line": line.number}, terms))
    return index


def match_requirements(requirements: list[tuple[str, str]], documents: dict[str, str], *,
                       years: float | None) -> list[RequirementMatch]:
    """Match each (requirement, priority) against `documents` ({"resume": text, ...})."""
    index = _evidence_index(documents)
    have_terms: set[str] = set().union(*(terms for _, _, terms in index)) if index else set()
    all_words = content_words("\n".join(documents.values()))
    out: list[RequirementMatch] = []
    for requirement, priority in requirements:
        terms = find_terms(requirement)
        matched = [t for t in terms if t in have_terms]
        missing = [t for t in terms if t not in have_terms]
        years_m = YEARS_EN.search(requirement) or YEARS_KO.search(requirement)
        years_required = int(years_m.group(1)) if years_m else None
        statuses: list[str] = []
        if terms:
            if not missing or (matched and ALTERNATIVES.search(requirement)):
                statuses.append("met")
            else:
                statuses.append("partial" if matched else "missing")
        if years_required is not None:
            if years is not None and years + YEARS_SLACK >= years_required:
                statuses.append("met")
            else:
                statuses.append("partial" if years and years >= years_required - 1 else "missing")
        if not statuses:
            words = content_words(requirement)
            share = len(words & all_words) / len(words) if words else 0.0
            matched = sorted(words & all_words)
            missing = sorted(words - all_words)
            statuses.append("met" if share >= OVERLAP_MET else "partial" if share >= OVERLAP_PARTIAL else "missing")
        status = ("met" if all(s == "met" for s in statuses)
                  else "missing" if all(s == "missing" for s in statuses) else "partial")
        evidence: list[dict[str, Any]] = []
        for text, source, line_terms in index:
            if any(t in line_terms for t in matched) and len(evidence) < 2:
                evidence.append({"text": text[:240], "source": source})
        out.append(RequirementMatch(requirement, priority, status, terms, matched, missing, evidence,
                                    years_required, years if years_required is not None else None))
    return out
