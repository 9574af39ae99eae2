"""Plotly figures of a report (pure functions: `SessionReport` / `AnswerReport` in, `go.Figure` out).

Used by the report page (`st.plotly_chart`) and by the standalone HTML export, so both
show the same charts. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import plotly.graph_objects as go

from core.i18n import t
from core.interview.competencies import competency_label
from core.report.types import AnswerReport, SessionReport

BAND_COLORS = {"good": "#2e7d32", "average": "#f9a825", "needs_improvement": "#c62828", None: "#9e9e9e"}
_LAYOUT = {"margin": {"l": 40, "r": 20, "t": 40, "b": 40}, "height": 320, "template": "plotly_white"}


def _label(key: str, lang: str) -> str:
    return competency_label(key, lang)


def competency_radar(report: SessionReport, lang: str) -> go.Figure:
    """Radar of the competency scores (coach overrides included); bars when fewer than 3."""
    scores = {k: v for k, v in report.competency_scores.items() if v.value is not None}
    names = [_label(k, lang) for k in scores]
    values = [float(v.value or 0.0) for v in scores.values()]
    fig = go.Figure()
    if len(values) >= 3:
        fig.add_trace(go.Scatterpolar(r=[*values, values[0]], theta=[*names, names[0]], fill="toself",
                                      name=t("report.chart.competency", lang),
                                      hovertext=[v.explanation for v in scores.values()] + [""]))
        fig.update_layout(polar={"radialaxis": {"range": [0, 100]}}, showlegend=False)
    else:
        fig.add_trace(go.Bar(x=names, y=values, marker_color=[BAND_COLORS[v.band] for v in scores.values()],
                             hovertext=[v.explanation for v in scores.values()]))
        fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.competency", lang), **_LAYOUT)
    return fig


def stage_bars(report: SessionReport, lang: str) -> go.Figure:
    """One bar per interview stage, coloured by band."""
    stages = {k: v for k, v in report.stage_scores.items() if v.value is not None}
    fig = go.Figure(go.Bar(
        x=[t(f"stage.{k}", lang) for k in stages], y=[v.value for v in stages.values()],
        marker_color=[BAND_COLORS[v.band] for v in stages.values()],
        hovertext=[v.explanation for v in stages.values()]))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.stages", lang), **_LAYOUT)
    return fig


def answer_scores(report: SessionReport, lang: str) -> go.Figure:
    """AI score and coach score per answer, side by side."""
    answers = report.answers
    labels = [f"Q{n}" for n in report.answer_numbers()]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[a.ai_score for a in answers], name=t("report.ai_score", lang),
                         hovertext=[a.question for a in answers]))
    if any(a.coach_score is not None for a in answers):
        fig.add_trace(go.Bar(x=labels, y=[a.coach_score for a in answers], name=t("report.coach_score", lang)))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.answers", lang), barmode="group", **_LAYOUT)
    return fig


def has_spoken_pace(report: SessionReport) -> bool:
    """True when at least one answer has a measured speaking-rate curve (a spoken answer);
    a session of typed answers has none, and its pace chart would be empty axes."""
    return any(p.rate is not None for a in report.answers if a.speech for p in a.speech.pace_curve)


def pace_over_time(report: SessionReport, lang: str) -> go.Figure:
    """Speaking rate over each answer's time (one line per answer)."""
    fig = go.Figure()
    unit = "wpm"
    for number, answer in zip(report.answer_numbers(), report.answers, strict=True):
        speech = answer.speech
        curve = [p for p in (speech.pace_curve if speech else ()) if p.rate is not None]
        if speech is None or not curve:
            continue
        if speech.language == "ko":
            unit = t("report.unit.spm", lang)
        fig.add_trace(go.Scatter(x=[p.t_s for p in curve], y=[p.rate for p in curve], mode="lines+markers",
                                 name=f"Q{number}"))
    fig.update_layout(title=t("report.chart.pace", lang), xaxis_title=t("report.axis.seconds", lang),
                      yaxis_title=unit, **_LAYOUT)
    return fig


def pauses_and_fillers(answer: AnswerReport, lang: str) -> go.Figure:
    """One answer's timeline: long pauses as bars, fillers as markers, feedback moments as ticks."""
    speech = answer.speech
    fig = go.Figure()
    pauses = speech.long_pauses if speech else ()
    if pauses:
        fig.add_trace(go.Bar(x=[p.end_s - p.start_s for p in pauses], base=[p.start_s for p in pauses],
                             y=[t("report.track.pauses", lang)] * len(pauses), orientation="h",
                             name=t("report.track.pauses", lang), marker_color="#90a4ae"))
    fillers = speech.fillers if speech else ()
    if fillers:
        fig.add_trace(go.Scatter(x=[f.start_s for f in fillers], y=[t("report.track.fillers", lang)] * len(fillers),
                                 mode="markers+text", text=[f.text for f in fillers],
                                 textposition="top center", name=t("report.track.fillers", lang),
                                 marker={"size": 10, "color": "#ef6c00"}))
    moments = [f for f in answer.feedback if f.evidence.start_s is not None]
    if moments:
        fig.add_trace(go.Scatter(x=[f.evidence.start_s for f in moments],
                                 y=[t("report.track.feedback", lang)] * len(moments),
                                 mode="markers", name=t("report.track.feedback", lang),
                                 marker={"size": 10, "symbol": "diamond",
                                         "color": [BAND_COLORS.get(f.grade) for f in moments]},
                                 hovertext=[f.text for f in moments]))
    fig.update_layout(title=t("report.chart.timeline", lang), xaxis_title=t("report.axis.seconds", lang),
                      showlegend=False, **{**_LAYOUT, "height": 220})
    return fig


class CameraSample(Protocol):
    """What the camera chart reads of one sample: a report's `VisionFrame` or the after-answer
    summary's `TimelinePoint` (seconds from the answer's start; None = not measured)."""

    @property
    def t_s(self) -> float | None: ...
    @property
    def gaze_on_camera(self) -> bool | None: ...
    @property
    def posture_ok(self) -> bool | None: ...


def gaze_and_posture(timeline: Sequence[CameraSample], lang: str) -> go.Figure:
    """One answer's camera timeline (`AnswerReport.vision_timeline`, the review's frames, the
    after-answer summary's points): gaze toward the camera and upright posture over seconds
    from the answer's start (1 = yes)."""
    fig = go.Figure()
    # Both tracks sit on the same two levels, so when both are "yes" throughout one line would
    # hide the other (new-user finding s22 #12): gaze is a wide solid line, posture a thin dashed
    # one drawn over it, and the legend (always shown) names each style.
    tracks: tuple[tuple[Callable[[CameraSample], bool | None], str, dict[str, Any]], ...] = (
        (lambda f: f.gaze_on_camera, "report.track.gaze", {"width": 6}),
        (lambda f: f.posture_ok, "report.track.posture", {"width": 2, "dash": "dash"}))
    for flag, label, line in tracks:
        points = [(f.t_s, 1 if flag(f) else 0) for f in timeline
                  if flag(f) is not None and f.t_s is not None]
        if points:
            fig.add_trace(go.Scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="lines",
                                     line_shape="hv", line=line, name=t(label, lang)))
    fig.update_yaxes(range=[-0.1, 1.1], tickvals=[0, 1], ticktext=[t("report.no", lang), t("report.yes", lang)])
    fig.update_layout(title=t("report.chart.camera", lang), xaxis_title=t("report.axis.seconds", lang),
                      showlegend=True, **{**_LAYOUT, "height": 220})
    return fig


def trend_lines(series: dict[str, list[tuple[str, float | None]]], title: str, y_title: str = "") -> go.Figure:
    """Lines over sessions: `series` maps a measure name to (session label, value) points."""
    fig = go.Figure()
    for name, points in series.items():
        kept = [(x, y) for x, y in points if y is not None]
        if kept:
            fig.add_trace(go.Scatter(x=[p[0] for p in kept], y=[p[1] for p in kept], mode="lines+markers", name=name))
    fig.update_layout(title=title, yaxis_title=y_title, **_LAYOUT)
    return fig


def report_figures(report: SessionReport, lang: str) -> dict[str, go.Figure]:
    """The session-level figures, in the order the report shows them; "pace" only when an
    answer was spoken (`has_spoken_pace`), so a typed session gets no empty chart."""
    figures = {"competency": competency_radar(report, lang), "stages": stage_bars(report, lang),
               "answers": answer_scores(report, lang)}
    if has_spoken_pace(report):
        figures["pace"] = pace_over_time(report, lang)
    return figures
