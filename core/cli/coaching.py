"""The coach's workspace from the command line: `link`, `assign`, `batch-analyze`, `cohort`.

On a coach's own laptop the operator sets up both sides: `link --accept` records the
candidate's consent given there. Every command acts as `--user` (the coach) and reads only
what the candidate shares with that coach (`core.db.crud`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from core.cli import UserError, print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    link = subparsers.add_parser("link", help="link a coach and a candidate (--accept: the candidate consents)",
                                 description="The coach invites the candidate; with --accept the candidate's "
                                             "consent, given on this machine, is recorded too.")
    link.add_argument("--coach", required=True, metavar="NAME", help="the coach's username")
    link.add_argument("--candidate", required=True, metavar="NAME", help="the candidate's username")
    link.add_argument("--accept", action="store_true", help="record the candidate's consent")
    link.add_argument("--share", choices=["assignments", "all"],
                      help="what the coach sees (the candidate's choice; default: assignments only)")
    link.add_argument("--json", action="store_true", help="print the result as JSON")
    link.set_defaults(handler=run_link)

    assign = subparsers.add_parser("assign", help="give linked candidates an assignment",
                                   description="Create an assignment (company, role, mode, questions, due date) "
                                               "for one or many linked candidates.")
    assign.add_argument("--user", required=True, metavar="COACH", help="the coach")
    assign.add_argument("--candidate", required=True, nargs="+", metavar="NAME", help="linked candidates")
    assign.add_argument("--role", required=True, metavar="TEXT", help="the role practised for")
    assign.add_argument("--company", default="", metavar="NAME", help="the company")
    assign.add_argument("--mode", choices=["practice", "exam"], default="practice",
                        help="practice (feedback after each answer) or exam (feedback at the end)")
    assign.add_argument("--questions", type=int, default=3, metavar="N", help="number of main questions")
    assign.add_argument("--due", metavar="DATE", help="due date, YYYY-MM-DD (end of that day, UTC) or ISO time")
    assign.add_argument("--persona", choices=["lead", "executive"], default="lead")
    assign.add_argument("--lang", choices=["en", "ko"], default="en")
    assign.add_argument("--stages", nargs="+", type=int, choices=[1, 2, 3], default=[1, 2, 3])
    assign.add_argument("--question-text", nargs="+", metavar="TEXT", default=[],
                        help="the coach's own questions (instead of planned ones)")
    assign.add_argument("--show", nargs="+", metavar="MEASURE", default=[],
                        help="measures the candidate sees (default all), e.g. fillers pace")
    assign.add_argument("--json", action="store_true", help="print the result as JSON")
    assign.set_defaults(handler=run_assign)

    batch = subparsers.add_parser("batch-analyze", help="analyse a candidate's recorded answers (CSV manifest)",
                                  description="Every answer in the manifest (columns question,file) is analysed "
                                              "as run-session would, in one session of the candidate.")
    batch.add_argument("--user", required=True, metavar="COACH", help="the coach")
    batch.add_argument("--candidate", required=True, metavar="NAME", help="a linked candidate")
    batch.add_argument("--manifest", required=True, metavar="FILE.csv", help="CSV with columns question,file")
    batch.add_argument("--assignment", type=int, metavar="ID", help="file the answers under this assignment")
    batch.add_argument("--company", default="", metavar="NAME")
    batch.add_argument("--role", default="", metavar="TEXT")
    batch.add_argument("--lang", choices=["en", "ko"], default="en")
    batch.add_argument("--json", action="store_true", help="print the result as JSON")
    batch.set_defaults(handler=run_batch)

    cohort = subparsers.add_parser("cohort", help="the coach's candidates: levels, delivery, recurring weaknesses",
                                   description="Recency-weighted competency levels (Excellent / Proficient / "
                                               "Developing / Needs work), delivery measures and the three "
                                               "recurring weaknesses of each linked candidate.")
    cohort.add_argument("--user", required=True, metavar="COACH", help="the coach")
    cohort.add_argument("--assignment", type=int, metavar="ID", help="only this assignment's candidates and sessions")
    cohort.add_argument("--csv", metavar="OUT.csv", help="also write the cohort as CSV")
    cohort.add_argument("--json", action="store_true", help="print the result as JSON")
    cohort.set_defaults(handler=run_cohort)


def _setup() -> tuple[Any, Any]:
    from core.config import get_settings
    from core.db.engine import get_engine

    settings = get_settings()
    return settings, get_engine(settings.sqlalchemy_url)


def _user_id(engine: Any, settings: Any, name: str, *, create: bool = False) -> int:
    from sqlmodel import Session

    from core.cli.session import resolve_user
    from core.db import crud

    if create:
        return resolve_user(engine, settings, name)
    with Session(engine) as db:
        user = crud.get_user_by_username(db, username=name)
    if user is None:
        raise UserError(f"no user {name!r}")
    return int(user.id or 0)


def _fail(exc: Exception) -> UserError:
    """One clear line for a workspace mistake or a refused access."""
    from core.coaching.errors import WorkspaceError
    from core.i18n import t

    if isinstance(exc, WorkspaceError):
        return UserError(t(exc.key, "en") + (f": {exc.detail}" if exc.detail else ""))
    return UserError("not allowed: the candidate is not linked to this coach, or does not share this")


def run_link(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from core.db import crud

    settings, engine = _setup()
    if args.coach.strip() == args.candidate.strip():
        raise UserError("the coach and the candidate must be two different users")
    coach = _user_id(engine, settings, args.coach, create=True)
    candidate = _user_id(engine, settings, args.candidate, create=True)
    with Session(engine, expire_on_commit=False) as db:
        # The coach asks; --accept is the candidate's consent given on this machine.
        link = crud.request_link(db, requester_id=coach, coach_id=coach, candidate_id=candidate)
        if args.accept and link.status != "accepted":
            link = crud.accept_link(db, user_id=candidate, link_id=link.id or 0)
        if args.share:
            if link.status != "accepted":
                raise UserError("--share is the candidate's choice: pass --accept with it")
            crud.set_share_scope(db, candidate_id=candidate, coach_id=coach, scope=args.share)
        scope = crud.share_scope(db, coach_id=coach, candidate_id=candidate)
    payload = {"link_id": link.id, "coach": args.coach, "candidate": args.candidate, "status": link.status,
               "share": scope}
    if args.json:
        print_json(payload)
    else:
        sys.stdout.write(f"{args.coach} -> {args.candidate}: {link.status} (coach sees: {scope})\n")
    return 0


def parse_due(text: str | None) -> datetime | None:
    """YYYY-MM-DD (the end of that day, UTC) or an ISO date-time; UserError otherwise."""
    if not text:
        return None
    try:
        if len(text.strip()) == 10:
            return datetime.combine(datetime.strptime(text.strip(), "%Y-%m-%d").date(), time(23, 59, 59),
                                    tzinfo=UTC)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(f"--due {text!r}: expected YYYY-MM-DD") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run_assign(args: argparse.Namespace) -> int:
    from core.coaching.assignments import AssignmentSpec, create_assignment, get_assignment
    from core.coaching.errors import WorkspaceError
    from core.db import crud

    settings, engine = _setup()
    coach = _user_id(engine, settings, args.user)
    candidates = [_user_id(engine, settings, name) for name in args.candidate]
    spec = AssignmentSpec(role=args.role, company=args.company, mode=args.mode, question_count=args.questions,
                          due_at=parse_due(args.due), persona=args.persona, language=args.lang,
                          stages=tuple(args.stages), questions=tuple(args.question_text),
                          visible_measures=tuple(args.show))
    try:
        assignment_id = create_assignment(engine, coach_id=coach, candidate_ids=candidates, spec=spec)
    except (WorkspaceError, crud.AccessDenied) as exc:
        raise _fail(exc) from exc
    view = get_assignment(engine, viewer_id=coach, assignment_id=assignment_id)
    if args.json:
        print_json(view.to_dict())
    else:
        sys.stdout.write(f"assignment {assignment_id}: {view.role} for {', '.join(args.candidate)}\n")
    return 0


def run_batch(args: argparse.Namespace) -> int:
    from core.coaching import batch
    from core.coaching.errors import WorkspaceError
    from core.db import crud
    from core.practice import PracticeError

    settings, engine = _setup()
    coach = _user_id(engine, settings, args.user)
    candidate = _user_id(engine, settings, args.candidate)
    try:
        rows = batch.read_manifest(Path(args.manifest))
        job_id = batch.create_job(engine, settings, coach_id=coach, candidate_id=candidate, rows=rows,
                                  company=args.company, role=args.role, language=args.lang,
                                  assignment_id=args.assignment)
    except (WorkspaceError, crud.AccessDenied) as exc:
        raise _fail(exc) from exc
    except PracticeError as exc:
        raise UserError(str(exc)) from exc

    def report(progress: batch.BatchProgress) -> None:
        if not args.json:
            sys.stderr.write(f"\r{progress.done}/{progress.total} analysed")

    started = datetime.now(UTC)
    final = batch.run_job(engine, settings, job_id, on_progress=report)
    minutes = (datetime.now(UTC) - started).total_seconds() / 60.0
    payload = {"job_id": job_id, "session_id": final.session_id, "candidate": args.candidate,
               "status": final.status, "answers": [i.to_dict() for i in final.items],
               "answers_per_minute": round(final.done / minutes, 2) if minutes > 0 else None, "error": final.error}
    if args.json:
        print_json(payload)
    else:
        sys.stderr.write("\n")
        for item in final.items:
            sys.stdout.write(f"{item.status:9} {item.score if item.score is not None else '-':>5}  {item.file}\n")
        sys.stdout.write(f"session {final.session_id}: {final.status}\n")
    return 0 if final.status == "done" else 1


def run_cohort(args: argparse.Namespace) -> int:
    from core.coaching.cohort import build_cohort, cohort_csv
    from core.db import crud

    settings, engine = _setup()
    coach = _user_id(engine, settings, args.user)
    try:
        cohort = build_cohort(engine, coach_id=coach, assignment_id=args.assignment)
    except crud.AccessDenied as exc:
        raise UserError(f"no assignment {args.assignment} of {args.user!r}") from exc
    if args.csv:
        Path(args.csv).write_text(cohort_csv(cohort), encoding="utf-8")
    if args.json:
        print_json({"coach": args.user, **cohort.to_dict()})
    else:
        for row in cohort.candidates:
            weak = ", ".join(w.id for w in row.weaknesses) or "-"
            sys.stdout.write(f"{row.username}: {row.sessions} sessions, overall {row.overall.score} "
                             f"({row.overall.level or '-'}); recurring: {weak}\n")
    return 0
