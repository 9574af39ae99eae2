"""Attempts on the report and in Progress.

- `choose_attempt`: the candidate picks which attempt of a question counts for the session
  score (stored as the session's `options["chosen_attempts"]`, which `core.report.build`
  reads; no pick = the last attempt).
- `tries_by_question_type`: how many tries a question type usually takes (Progress): every
  question answered more than once — again in one session ("Answer again") or in later
  sessions — grouped by the answer reader's question type, counted until its answer score
  first reached "good"."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Attempt, Report
from core.feedback.retry import TypeTries, tries_until_good
from core.feedback.types import BAND_GOOD_MIN
from core.report.progress import load_answers, question_key


def tries_by_question_type(engine: Engine, *, viewer_id: int, owner_id: int | None = None) -> list[TypeTries]:
    """Tries to a good answer per question type, over the owner's analysed answers the viewer
    may see (analyses without a question type are left out); sorted by type."""
    histories: dict[str, tuple[str, list[float | None]]] = {}
    for answer in load_answers(engine, viewer_id=viewer_id, owner_id=owner_id):
        reading = answer.analysis.content.reading  # None: analysed before the answer reader
        if reading is None:
            continue
        _, scores = histories.setdefault(question_key(answer), (reading.question_type, []))
        scores.append(answer.analysis.score)
    return tries_until_good(list(histories.values()), good=BAND_GOOD_MIN)


def choose_attempt(engine: Engine, *, user_id: int, session_id: int, question_id: int,
                   attempt_id: int | None) -> None:
    """Let attempt `attempt_id` of `question_id` count for the session score (None: the last
    attempt counts again). Only the session's owner may choose, and only an analysed attempt
    of that question in that session; raises `crud.AccessDenied` otherwise. A stored report
    (the session was finished) is rebuilt, so lists that read its overall score agree."""
    from core.report.build import build_report, store_report

    with Session(engine) as db:
        row = crud.get_session(db, viewer_id=user_id, session_id=session_id)
        if row.user_id != user_id:
            raise crud.AccessDenied("only the candidate picks the attempt that counts")
        if attempt_id is not None:
            attempt = db.get(Attempt, attempt_id)
            if attempt is None or attempt.session_id != session_id or attempt.question_id != question_id \
                    or attempt.status != "analyzed":
                raise crud.AccessDenied("no such analysed attempt of this question")
        options = dict(row.options or {})
        picked = {str(k): int(v) for k, v in (options.get("chosen_attempts") or {}).items()}
        if attempt_id is None:
            picked.pop(str(question_id), None)
        else:
            picked[str(question_id)] = attempt_id
        options["chosen_attempts"] = picked
        crud.update_session(db, owner_id=user_id, session_id=session_id, options=options)
        has_report = db.exec(select(Report.id).where(Report.session_id == session_id)).first() is not None
    if not has_report:
        return
    report = build_report(engine, viewer_id=user_id, session_id=session_id)
    with Session(engine) as db:
        store_report(db, report)
        db.commit()
