"""The report's types read what older versions wrote: an analysis row of the first release
(flat feedback moments, no answer score, no outline or reader, a thin speech part) and a
stored report without the parts added since (losses, disputes, attempts, outline), and
both still render to HTML and PDF."""

from __future__ import annotations

from report_answers import WEAK
from sqlmodel import Session, select

from core.db import crud
from core.db.models import Analysis, Attempt, Report
from core.report.build import build_report, load_report
from core.report.html import render_html
from core.report.pdf import find_font, render_pdf
from core.report.types import AnswerReport, SessionReport

OLD_PAYLOAD = {  # Analysis.payload as the first release stored it
    "transcript": "We worked on it together, um, and things got better.", "score": 42.0,
    "grades": {"content": "needs_improvement"},
    "feedback": [{"kind": "content", "key": "result.missing", "grade": "needs_improvement",
                  "text": "No result was stated.", "next_step": "Say what changed, with a number.",
                  "start_s": 2.5, "end_s": 4.0, "quote": "things got better"},
                 "not an item"],
    "signals": {"star_present": ["situation"], "words": 10},
    "speech": {"speech_rate_wpm": 118, "fillers": [{"start_s": 1.0, "end_s": 1.3, "text": "um"}],
               "long_pauses": [{"start_s": 3.0, "end_s": 5.5}]},
    "vision": {"frames": 10, "camera_gaze_share": 0.5},
}


def test_an_analysis_row_of_the_first_release_builds_a_report(db_engine, new_user, interview):
    user = new_user(db_engine)
    session_id = interview(db_engine, user, [WEAK])
    with Session(db_engine) as db:
        attempt = db.exec(select(Attempt).where(Attempt.session_id == session_id)).one()
        row = db.exec(select(Analysis).where(Analysis.attempt_id == attempt.id)).one()
        row.payload, row.score = OLD_PAYLOAD, 42.0
        attempt.vision_timeline = [{"t_s": 0.0, "gaze_on_camera": True}, {"t_s": 0.5}, {"gaze_on_camera": False}]
        db.add_all([row, attempt])
        db.commit()
    report = build_report(db_engine, viewer_id=user, session_id=session_id)
    answer = report.answers[0]
    assert answer.ai_score == 42.0 and answer.answer_score.value == 42.0 and answer.answer_score.band is not None
    assert [item.key for item in answer.feedback] == ["result.missing"]  # the non-item is skipped
    assert answer.feedback[0].evidence.start_s == 2.5 and answer.feedback[0].evidence.quote == "things got better"
    assert answer.speech is not None and answer.speech.speech_rate_wpm == 118.0
    assert answer.speech.fillers[0].text == "um" and answer.speech.syllables_per_min is None  # missing: not 0
    assert answer.analysis.outline is None and answer.analysis.content.reading is None
    assert [f.t_s for f in answer.vision_timeline] == [0.0, 0.5, None]
    assert [f.gaze_on_camera for f in answer.vision_timeline] == [True, None, False]
    guide = report.answer_guides[0]  # no stored outline: the guide falls back to the signals
    assert [line.part for line in guide.outline] == ["situation", "task", "action", "result"]
    data = report.to_dict()
    assert set(data["answers"][0]) >= {"losses", "disputes", "attempts", "outline", "speech", "vision_timeline"}
    html = render_html(report, include_plotlyjs=False)
    # no pace curve stored in the first release: no speaking-rate chart (finding s22 #7)
    assert "No result was stated." in html and html.count('class="plotly-graph-div"') == 5
    if find_font(False) is not None:
        assert render_pdf(report).startswith(b"%PDF")


def test_a_stored_report_without_the_newer_parts_still_loads_and_renders(db_engine, new_user, interview):
    user = new_user(db_engine)
    session_id = interview(db_engine, user, [WEAK])
    with Session(db_engine) as db:
        stored = db.exec(select(Report).where(Report.session_id == session_id)).one()
        old = dict(stored.payload)
        old["answers"] = [{k: v for k, v in a.items() if k not in ("losses", "disputes", "attempts", "outline",
                                                                     "scores", "vision_timeline")}
                          for a in old["answers"]]
        del old["not_assessed"]
        stored.payload = old
        db.add(stored)
        db.commit()
        assert crud.get_report(db, viewer_id=user, session_id=session_id) is not None
    report = load_report(db_engine, viewer_id=user, session_id=session_id, fresh=False)
    assert isinstance(report, SessionReport)
    answer = report.answers[0]
    assert answer.losses == () and answer.disputes == () and answer.attempts.marks == ()
    assert answer.answer_score.value == answer.score  # the stored "score" stands in for the missing scores
    assert report.not_assessed == () and report.overall is not None
    assert "We worked on it together" in render_html(report, include_plotlyjs=False)


def test_an_answer_survives_its_json_round_trip():
    answer = AnswerReport.from_dict({"attempt_id": 3, "question_id": 2, "question": "Why?", **OLD_PAYLOAD,
                                     "comments": [{"id": 1, "coach_id": 9, "text": "ok", "score_override": 70}],
                                     "coach_score": 70, "ai_score": 42.0})
    assert answer.score == 70 and answer.comments[0].score_override == 70.0
    again = AnswerReport.from_dict(answer.to_dict())
    assert again == answer


def test_hidden_measures_leave_the_typed_report_and_its_export(db_engine, interview):
    from golden_report import demo_session

    from core.coaching.visibility import MEASURE_SWITCHES, hide_measures

    user, session_id = demo_session(db_engine, interview)
    report = build_report(db_engine, viewer_id=user, session_id=session_id)
    assert hide_measures(report, ()) is report  # nothing hidden: the report itself
    shown = [s for s in MEASURE_SWITCHES if s not in ("scores", "content", "fillers", "camera")]
    hidden = hide_measures(report, shown)
    spoken = hidden.answers[0]
    assert hidden.overall is None and not hidden.competency_scores and not hidden.answer_guides
    assert all(a.ai_score is None and a.score is None and a.losses == () for a in hidden.answers)
    assert not any(i.kind in ("content", "camera") or i.key == "delivery.fillers"
                   for a in hidden.answers for i in a.feedback)
    assert spoken.analysis.vision is None and spoken.vision_timeline == () and spoken.analysis.outline is None
    assert spoken.speech is not None and spoken.speech.fillers == () and spoken.speech.filler_count == 0
    assert spoken.speech.speech_rate_wpm == 132.0  # pace stays shown
    assert spoken.speech.grade("fillers") is None and spoken.speech.grade("pace") is not None
    html = render_html(hidden, include_plotlyjs=False)
    assert html.count('class="plotly-graph-div"') == 5  # no camera chart
    assert report.answers[0].analysis.vision is not None  # the original is untouched (frozen, replaced)


def test_report_numbers_answers_like_the_practice_page_in_its_chart_and_titles():
    """Finding s22 #3: the "Answer scores" bars and the answer titles use the question's
    number in the session (1, 1a, 2), from the stored positions, or counted for an old
    stored report without them."""
    from core.report.charts import answer_scores
    from core.report.types import SessionInfo, SessionReport

    rows = [(0, 0), (1, 1), (100, 0), (300, 0)]  # question 3 (position 200) was not answered
    answers = tuple(AnswerReport.from_dict({"attempt_id": i, "question_id": i, "question": f"q{i}", **OLD_PAYLOAD,
                                            "depth": depth, "position": position})
                    for i, (position, depth) in enumerate(rows))
    report = SessionReport(session_id=1, session=SessionInfo.from_dict({}, 1), answers=answers)
    assert report.answer_numbers() == ("1", "1a", "2", "4")
    assert list(answer_scores(report, "en").data[0].x) == ["Q1", "Q1a", "Q2", "Q4"]
    assert SessionReport.from_dict(report.to_dict()).answer_numbers() == ("1", "1a", "2", "4")
    old = SessionReport(session_id=1, session=SessionInfo.from_dict({}, 1),
                        answers=tuple(AnswerReport.from_dict({**a.to_dict(), "position": None}) for a in answers))
    assert old.answer_numbers() == ("1", "1a", "2", "3")


def test_the_pace_chart_is_left_out_when_no_answer_was_spoken():
    """Finding s22 #7: a typed answer has no speaking-rate curve, so no empty pace chart."""
    from core.report.charts import report_figures
    from core.report.types import SessionInfo, SessionReport

    typed = {k: v for k, v in OLD_PAYLOAD.items() if k != "speech"}
    answer = AnswerReport.from_dict({"attempt_id": 1, "question_id": 1, "question": "Why?", **typed})
    report = SessionReport(session_id=1, session=SessionInfo.from_dict({}, 1), answers=(answer,))
    assert "pace" not in report_figures(report, "en")
    spoken = AnswerReport.from_dict({"attempt_id": 2, "question_id": 2, "question": "How?", **OLD_PAYLOAD,
                                     "speech": {**OLD_PAYLOAD["speech"],
                                                "pace_curve": [{"t_s": 2.0, "rate": 120}]}})
    with_speech = SessionReport(session_id=1, session=SessionInfo.from_dict({}, 1), answers=(answer, spoken))
    assert "pace" in report_figures(with_speech, "en")


def test_gaze_and_posture_stay_visible_when_both_are_yes_throughout() -> None:
    # New-user finding s22 #12: at 100 % each, the posture line hid the gaze line.
    from core.i18n import t
    from core.report.charts import gaze_and_posture
    from core.report.types import VisionFrame

    frames = [VisionFrame.from_dict({"t_s": i * 0.5, "gaze_on_camera": True, "posture_ok": True,
                                     "face_visible": True}) for i in range(6)]
    fig = gaze_and_posture(frames, "en")
    gaze, posture = fig.data
    assert (gaze.name, posture.name) == (t("report.track.gaze", "en"), t("report.track.posture", "en"))
    assert list(gaze.y) == list(posture.y) == [1] * 6  # the same level: only the style tells them apart
    assert (gaze.line.dash or "solid") != (posture.line.dash or "solid")
    assert gaze.line.width > posture.line.width  # the wider line shows around the one drawn over it
    assert fig.layout.showlegend is True
