"""`python -m core run-session` and `python -m core report`: a whole interview without a browser.

`run-session` walks the same `PracticeService` path as the Practice page: the interviewer
plans the questions, each answer file (a recording, or a .txt typed answer) answers the
next question — follow-ups included — every answer is analysed and stored, and the report
is built and stored at the end. `report` prints a stored report.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path
from typing import Any

from core.cli import UserError, print_json

TEXT_SUFFIXES = {".txt", ".md"}
DOC_SUFFIXES = {".pdf", ".docx"}


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser(
        "run-session", help="run a whole interview from answer files (recordings or .txt) and store the report",
        description="The interviewer asks; each FILE answers the next question (follow-ups included). Audio "
                    "files are transcribed and measured; .txt files are typed answers. The report is stored "
                    "(see `report`) and optionally written as standalone HTML.")
    run.add_argument("--company", required=True, help="company name (a library company or any name)")
    run.add_argument("--role", default="", help="the role applied for")
    run.add_argument("--persona", choices=["lead", "executive"], default="lead", help="interviewer persona")
    run.add_argument("--lang", choices=["en", "ko"], default="en", help="interview language")
    run.add_argument("--answers", nargs="+", required=True, metavar="FILE", help="answer files, in order")
    run.add_argument("--resume", metavar="FILE", help="resume (PDF, DOCX, TXT): questions and consistency checks")
    run.add_argument("--jd", metavar="FILE", help="job posting (PDF, DOCX, TXT)")
    run.add_argument("--stages", nargs="+", type=int, choices=[1, 2, 3], default=[1, 2, 3], help="stages to run")
    run.add_argument("--questions-per-stage", type=int, default=2, help="main questions per stage (default 2)")
    run.add_argument("--max-followup-depth", type=int, default=1, help="follow-ups per question (0 = none)")
    run.add_argument("--format", choices=["standard", "timed", "drill"], default="standard")
    run.add_argument("--mode", choices=["practice", "exam"], default="practice",
                     help="practice (answer again allowed) or exam (one take per question)")
    run.add_argument("--retry", type=int, default=1, metavar="N",
                     help="answer each question N times in a row (practice mode): every attempt and the diff")
    run.add_argument("--no-library", action="store_true",
                     help="do not use the company library (no company-based questions or fact-checks)")
    run.add_argument("--user", default="demo", help="act as this user (created in demo mode if missing)")
    run.add_argument("--report", metavar="OUT.html", help="also write the report as standalone HTML")
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    run.set_defaults(handler=run_session)

    rep = subparsers.add_parser("report", help="print a stored session report",
                                description="The report stored when the session finished.")
    rep.add_argument("session_id", type=int, metavar="SESSION_ID")
    rep.add_argument("--user", default="demo", help="the acting user (owner or linked coach)")
    rep.add_argument("--html", metavar="OUT", help="write the report as standalone HTML")
    rep.add_argument("--json", action="store_true", help="print the report as JSON")
    rep.set_defaults(handler=show_report)


def _engine() -> Any:
    from core.config import get_settings
    from core.db.engine import get_engine

    settings = get_settings()
    return settings, get_engine(settings.sqlalchemy_url)


def resolve_user(engine: Any, settings: Any, username: str) -> int:
    """The acting user's id; in demo mode a missing user is created (the demo user as in the app)."""
    from sqlmodel import Session

    from core.db import crud
    from core.db.models import UserCreate

    with Session(engine) as db:
        user = crud.get_user_by_username(db, username=username)
        if user is not None:
            return int(user.id or 0)
    if not settings.demo_mode:
        raise UserError(f"no user {username!r} (users are created in the app outside demo mode)")
    from core.accounts import DEMO_USERNAME, ensure_demo_users

    if username == DEMO_USERNAME:
        ensure_demo_users(engine)
        with Session(engine) as db:
            demo = crud.get_user_by_username(db, username=username)
            if demo is not None:
                return int(demo.id or 0)
    with Session(engine) as db:
        user = crud.create_user(db, user_in=UserCreate(username=username, password=secrets.token_urlsafe(18)))
        return int(user.id or 0)


def _read_text(path: Path, lang: str = "en") -> str:
    """A resume / posting / typed answer file. PDF and DOCX through the document reader;
    anything else through the one text decoder document reading uses (UTF-8 with or
    without BOM, UTF-16 with BOM, CP949), so every command reads a file the same way."""
    from core.config import get_settings
    from core.documents import DocumentError
    from core.documents.extract import decode_text, normalize_text
    from core.i18n import t
    from core.resume.service import read_upload

    if not path.is_file():
        raise UserError(f"{path}: file not found")
    data = path.read_bytes()
    if path.suffix.lower() in DOC_SUFFIXES:
        try:
            return read_upload(data, path.name, get_settings())[0]
        except DocumentError as exc:
            raise UserError(f"{path}: {t(exc.message_key, lang)}") from exc
    return normalize_text(decode_text(data)[0])


def _store_documents(engine: Any, user_id: int, resume: str | None, jd: str | None,
                     lang: str) -> tuple[int | None, int | None]:
    """Store the resume / job posting as the user's documents and analyse them (claims)."""
    from sqlmodel import Session

    from core.resume.service import analyze_documents, save_document

    ids: dict[str, int | None] = {"resume": None, "job_posting": None}
    with Session(engine) as db:
        for kind, name in (("resume", resume), ("job_posting", jd)):
            if not name:
                continue
            path = Path(name)
            text = _read_text(path, lang)
            if not text.strip():
                raise UserError(f"{path}: empty document")
            doc = save_document(db, owner_id=user_id, kind=kind, text=text, filename=path.name)
            ids[kind] = doc.id
        if ids["resume"] is not None:
            analyze_documents(db, owner_id=user_id, resume_id=ids["resume"], job_id=ids["job_posting"], lang=lang)
    return ids["resume"], ids["job_posting"]


def answer_entry(question: Any, result: Any) -> dict[str, Any]:
    """One answer of the CLI JSON."""
    data = result.to_dict()
    return {"question": question.text, "question_id": question.id, "stage": question.stage,
            "competency": question.competency, "follow_up": question.depth > 0, "status": data["status"],
            "transcript": data["transcript"], "grades": data["grades"], "score": data["score"],
            "score_explanation": (data["scores"].get("answer") or {}).get("explanation", ""),
            "feedback": data["feedback"], "error": data["error"], "analysis_s": data["analysis_s"]}


def run_session(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from core.feedback.retry import diff_attempts
    from core.feedback.types import AnswerAnalysis
    from core.practice import PracticeError, PracticeService

    answers = [Path(a) for a in args.answers]
    for path in answers:
        if not path.is_file():
            raise UserError(f"{path}: file not found")
    if args.retry < 1:
        raise UserError("--retry must be 1 or more")
    if args.mode == "exam" and args.retry > 1:
        raise UserError("exam mode allows one take per question: use --mode practice with --retry")
    settings, engine = _engine()
    user_id = resolve_user(engine, settings, args.user)
    resume_id, job_id = _store_documents(engine, user_id, args.resume, args.jd, args.lang)
    service = PracticeService(engine, settings, use_default_retriever=not args.no_library)
    try:
        session_id = service.start_session(
            user_id, company=args.company, role=args.role, persona=args.persona, language=args.lang,
            format=args.format, stages=args.stages, questions_per_stage=args.questions_per_stage,
            max_followup_depth=args.max_followup_depth, resume_document_id=resume_id, job_document_id=job_id,
            options={"source": "cli"}, mode=args.mode)
        entries = []
        for path in answers:
            question = service.next_question(user_id, session_id)
            if question is None:
                sys.stderr.write(f"note: the interview ended before {path} was used\n")
                break
            if not args.json:
                sys.stderr.write(f"Q: {question.text}\n")
            is_text = path.suffix.lower() in TEXT_SUFFIXES
            previous = None
            for take in range(1, args.retry + 1):  # "Answer again": the same question, a new attempt
                attempt = service.begin_attempt(user_id, question.id or 0, "text" if is_text else "audio")
                if is_text:
                    result = service.submit_answer(user_id, attempt.id or 0, text=_read_text(path, args.lang))
                else:
                    result = service.submit_answer(user_id, attempt.id or 0, audio_path=path)
                entry = answer_entry(question, result)
                entry["attempt"] = take
                current = AnswerAnalysis.from_dict({"attempt_id": result.attempt_id}) if result.analysis is None \
                    else replace(result.analysis, attempt_id=result.attempt_id)
                if previous is not None:
                    entry["diff"] = diff_attempts(previous, current).to_dict()
                previous = current
                entries.append(entry)
                if result.status == "failed":
                    sys.stderr.write(f"warning: {path}: analysis failed ({result.error}); the answer is kept\n")
        report = service.finish_session(user_id, session_id)
    except PracticeError as exc:
        raise UserError(str(exc)) from exc
    if args.report:
        from core.report.html import render_html

        Path(args.report).write_text(render_html(report, args.lang), encoding="utf-8")
    stored_report = report.to_dict()  # the JSON edge: the keys `report --json` prints too
    payload = {"session_id": session_id, "user": args.user, "mode": args.mode, "answers": entries,
               **{k: stored_report[k] for k in ("competency_scores", "stage_scores", "overall", "not_assessed",
                                                "strengths", "weaknesses", "practice_next", "answer_guides",
                                                "unanswered")},
               "report_html": args.report}
    if args.json:
        print_json(payload)
        return 0
    lines = []
    for i, entry in enumerate(entries, 1):
        lines.append(f"Q{i}: {entry['question']}\n    score {entry['score']}  {entry['score_explanation']}")
        for item in entry["feedback"][:4]:
            lines.append(f"    - [{item['grade'] or 'note'}] {item['text']}")
    overall = report.overall
    lines.append(f"overall: {overall.value if overall else None} ({overall.band if overall else None})"
                 f" — session {session_id}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def show_report(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from core.db import crud
    from core.report.types import SessionReport

    _settings, engine = _engine()
    with Session(engine) as db:
        user = crud.get_user_by_username(db, username=args.user)
        if user is None:
            raise UserError(f"no user {args.user!r}")
        try:
            stored = crud.get_report(db, viewer_id=user.id or 0, session_id=args.session_id)
        except crud.AccessDenied as exc:
            raise UserError(f"no session {args.session_id} visible to {args.user!r}") from exc
    if stored is None:
        raise UserError(f"session {args.session_id} has no report yet (finish the interview first)")
    report = SessionReport.from_dict(stored.payload)
    if args.html:
        from core.report.html import render_html

        Path(args.html).write_text(render_html(report), encoding="utf-8")
    if args.json:  # the stored JSON as it is
        print_json(dict(stored.payload))
    else:
        overall = report.overall
        sys.stdout.write(f"session {args.session_id}: overall {overall.value if overall else None} "
                         f"({overall.band if overall else None})\n{overall.explanation if overall else ''}\n")
    return 0
