"""`python -m core questions` and `python -m core followup`: the interviewer without a browser.

    python -m core questions --company Acme --role "Data analyst" --persona lead --stage 2 \\
        --lang en --resume cv.pdf --jd posting.txt --count 3 --json
    python -m core followup --question "Tell me about a time..." --answer-file answer.txt --lang ko --json

`questions` uses the company library when `core.rag.get_retriever` is available (and says so
in "notices" when the company has no documents); resume and job files are read with
`core.documents.extract.extract_document` (PDF, DOCX, and text in UTF-8, UTF-16 or CP949),
the answer file with the same decoder.
Both commands use the configured LLM when there is one, with the offline interviewer as
the per-step fallback — exactly what the Practice page uses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.cli import UserError, print_json

if TYPE_CHECKING:
    from core.resume.claims import Claim


def register(subparsers: argparse._SubParsersAction) -> None:
    q = subparsers.add_parser("questions", help="plan interview questions for a company, role and persona")
    q.add_argument("--company", default="", help="company name (its library documents ground the questions)")
    q.add_argument("--role", default="", help="the role applied for")
    q.add_argument("--persona", choices=("lead", "executive"), default="lead", help="interviewer persona")
    q.add_argument("--stage", type=int, choices=(1, 2, 3), action="append",
                   help="stage 1 (experience), 2 (situation/case) or 3 (fit); repeat for several (default: all)")
    q.add_argument("--lang", choices=("en", "ko"), default="en", help="interview language")
    q.add_argument("--resume", type=Path, help="resume or cover letter file (txt, md, pdf, docx)")
    q.add_argument("--jd", type=Path, help="job posting file (txt, md, pdf, docx)")
    q.add_argument("--count", type=int, default=3, help="questions per stage (1-10, default 3)")
    q.add_argument("--format", choices=("standard", "timed", "drill"), default="standard", help="interview format")
    q.add_argument("--seed", type=int, default=0, help="seed for a different but reproducible selection")
    q.add_argument("--offline", action="store_true", help="use the offline interviewer even if an LLM is configured")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=run_questions)

    f = subparsers.add_parser("followup", help="decide the follow-up question after an answer")
    f.add_argument("--question", required=True, help="the question that was answered")
    f.add_argument("--answer-file", type=Path, required=True, help="text file with the answer (a transcript)")
    f.add_argument("--lang", choices=("en", "ko"), default="en", help="interview language")
    f.add_argument("--persona", choices=("lead", "executive"), default="lead", help="interviewer persona")
    f.add_argument("--stage", type=int, choices=(1, 2, 3), default=1, help="stage of the question")
    f.add_argument("--depth", type=int, default=0, help="depth of the question (0 = main question)")
    f.add_argument("--max-depth", type=int, default=1, help="follow-ups allowed per main question")
    f.add_argument("--resume", type=Path, help="resume file, to check the answer against its claims")
    f.add_argument("--offline", action="store_true", help="use the offline interviewer even if an LLM is configured")
    f.add_argument("--json", action="store_true", help="print JSON")
    f.set_defaults(handler=run_followup)


# --------------------------------------------------------------------------- helpers
def read_document_text(path: Path, lang: str = "en") -> str:
    """Text of a resume / posting file through the one document reader (PDF, DOCX, HTML,
    Markdown, text in UTF-8, UTF-16 or CP949); an unreadable file is a one-line UserError
    in `lang`."""
    from core.config import get_settings
    from core.documents import DocumentError
    from core.documents.sandbox import extract_untrusted
    from core.i18n import t

    if not path.is_file():
        raise UserError(f"no such file: {path}")
    try:
        return extract_untrusted(path.read_bytes(), path.name, settings=get_settings()).text
    except DocumentError as exc:
        if exc.code == "empty":
            return ""
        raise UserError(f"{path.name}: {t(exc.message_key, lang)}") from exc


def read_answer_text(path: Path) -> str:
    """A typed answer file decoded like every other text the product reads
    (`core.documents.extract.decode_text`: UTF-8 with or without BOM, UTF-16 with BOM, CP949)."""
    from core.documents.extract import decode_text, normalize_text

    if not path.is_file():
        raise UserError(f"no such file: {path}")
    return normalize_text(decode_text(path.read_bytes())[0])


def _resume_claims(text: str, job_text: str, lang: str) -> tuple[Claim, ...]:
    """The resume analyser's claims; () lets the interviewer pull its own."""
    from core.resume import Claim, analyze_resume

    if not text.strip():
        return ()
    try:
        return tuple(Claim.from_dict(c) for c in analyze_resume(text, job_text=job_text or None, lang=lang).claims)
    except Exception:  # noqa: BLE001 - the interviewer can still work from the raw text
        return ()


def _retriever(settings: Any) -> Any | None:
    from core.rag import get_retriever

    try:
        return get_retriever(settings)
    except Exception as exc:  # noqa: BLE001 - no library is not an error for planning
        sys.stderr.write(f"note: company library unavailable ({type(exc).__name__}); planning without it\n")
        return None


def _interviewer(settings: Any, retriever: Any | None, offline: bool) -> Any:
    from core.interview import OfflineInterviewer, build_interviewer

    return OfflineInterviewer(retriever) if offline else build_interviewer(settings, retriever=retriever)


# --------------------------------------------------------------------------- handlers
def run_questions(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.interview import InterviewContext

    if not 1 <= args.count <= 10:
        raise UserError("--count must be between 1 and 10")
    settings = get_settings()
    resume_text = read_document_text(args.resume, args.lang) if args.resume else ""
    job_text = read_document_text(args.jd, args.lang) if args.jd else ""
    retriever = _retriever(settings) if args.company else None
    stages = tuple(dict.fromkeys(args.stage)) if args.stage else (1, 2, 3)
    context = InterviewContext(
        company=args.company, role=args.role, persona=args.persona, language=args.lang, format=args.format,
        stages=stages, questions_per_stage=args.count, resume_text=resume_text,
        resume_claims=_resume_claims(resume_text, job_text, args.lang), job_text=job_text, retriever=retriever,
        seed=args.seed,
    )
    interviewer = _interviewer(settings, retriever, args.offline)
    drafts = interviewer.plan(context)
    notices = interviewer.take_notices()
    questions = [
        {"text": d.text, "stage": d.stage, "persona": d.persona, "competency": d.competency,
         "ncs": d.ncs, "sources": [{"source": s.get("source"), "page": s.get("page"), "section": s.get("section", ""),
                                    "text": s.get("text"), "kind": s.get("kind", "")} for s in d.sources],
         "origin": d.origin, "reason": d.reason, "strong_answer": d.strong_answer, "bank_id": d.bank_id}
        for d in drafts
    ]
    if args.json:
        print_json({"questions": questions, "notices": notices})
        return 0
    for notice in notices:
        sys.stdout.write(f"! {notice}\n")
    for i, q in enumerate(questions, 1):
        sys.stdout.write(f"{i}. [stage {q['stage']} · {q['competency']} · {q['origin']}] {q['text']}\n")
        sys.stdout.write(f"   why: {q['reason']}\n")
        for s in q["sources"]:
            page = f", p. {s['page']}" if s.get("page") else ""
            sys.stdout.write(f"   source: {s['source']}{page}\n")
    return 0


def run_followup(args: argparse.Namespace) -> int:
    from core.config import get_settings
    from core.interview import InterviewContext, QuestionDraft

    answer = read_answer_text(args.answer_file)
    if not args.question.strip():
        raise UserError("--question is empty")
    settings = get_settings()
    resume_text = read_document_text(args.resume, args.lang) if args.resume else ""
    context = InterviewContext(
        persona=args.persona, language=args.lang, stages=(args.stage,), resume_text=resume_text,
        resume_claims=_resume_claims(resume_text, "", args.lang), max_followup_depth=args.max_depth,
    )
    question = QuestionDraft(text=args.question.strip(), stage=args.stage, persona=args.persona, competency="",
                             origin="followup" if args.depth > 0 else "bank", language=args.lang)
    interviewer = _interviewer(settings, None, args.offline)
    decision = interviewer.follow_up(context, question, answer, args.depth)
    notices = interviewer.take_notices()
    payload = {"ask": decision.ask, "text": decision.text, "reason": decision.reason, "kind": decision.kind,
               "notices": notices}
    if args.json:
        print_json(payload)
        return 0
    label = "ask" if decision.ask else "move on"
    sys.stdout.write(f"{label} ({decision.kind}): {decision.text}\nwhy: {decision.reason}\n")
    return 0
