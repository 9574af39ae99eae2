"""Resume, cover-letter and job-posting analysis (owner: resume).

Public API: `analyze_resume(text, *, job_text, cover_letter_text, lang, llm) -> ResumeAnalysis`;
parsers `parse_resume`, `parse_job_posting`, `parse_cover_letter`, `parse_document`;
`extract_claims`; storage helpers in `core.resume.service`; demo data in `core.resume.demo`.
"""

from core.resume.analysis import ResumeAnalysis, analyze_resume
from core.resume.claims import Claim, extract_claims
from core.resume.parse import parse_cover_letter, parse_document, parse_job_posting, parse_resume

__all__ = ["Claim", "ResumeAnalysis", "analyze_resume", "extract_claims", "parse_cover_letter", "parse_document",
           "parse_job_posting", "parse_resume"]
