"""Plotly figures of a report (pure functions: report dict in, `go.Figure` out).

Used by the report page (`st.plotly_chart`) and by the standalone HTML export, so both
show the same charts. No Streamlit here.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from core.i18n import t
from core.interview.competencies import competency_label

BAND_COLORS = {"good": "#2e7d32", "average": "#f9a825", "needs_improvement": "#c62828", None: "#9e9e9e"}
_LAYOUT = {"margin": {"l": 40, "r": 20, "t": 40, "b": 40}, "height": 320, "template": "plotly_white"}


def _label(key: str, lang: str) -> str:
    return competency_label(key, lang)


def competency_radar(report: dict[str, Any], lang: str) -> go.Figure:
    """Radar of the competency scores (coach overrides included); bars when fewer than 3."""
    scores = {k: v for k, v in (report.get("competency_scores") or {}).items() if v.get("value") is not None}
    names = [_label(k, lang) for k in scores]
    values = [float(v["value"]) for v in scores.values()]
    fig = go.Figure()
    if len(values) >= 3:
        fig.add_trace(go.Scatterpolar(r=[*values, values[0]], theta=[*names, names[0]], fill="toself",
                                      name=t("report.chart.competency", lang),
                                      hovertext=[v["explanation"] for v in scores.values()] + [""]))
        fig.update_layout(polar={"radialaxis": {"range": [0, 100]}}, showlegend=False)
    else:
        fig.add_trace(go.Bar(x=names, y=values, marker_color=[BAND_COLORS[v.get("band")] for v in scores.values()],
                             hovertext=[v["explanation"] for v in scores.values()]))
        fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.competency", lang), **_LAYOUT)
    return fig


def stage_bars(report: dict[str, Any], lang: str) -> go.Figure:
    """One bar per interview stage, coloured by band."""
    stages = report.get("stage_scores") or {}
    keys = [k for k, v in stages.items() if v.get("value") is not None]
    fig = go.Figure(go.Bar(
        x=[t(f"stage.{k}", lang) for k in keys], y=[stages[k]["value"] for k in keys],
        marker_color=[BAND_COLORS[stages[k].get("band")] for k in keys],
        hovertext=[stages[k]["explanation"] for k in keys]))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.stages", lang), **_LAYOUT)
    return fig


def answer_scores(report: dict[str, Any], lang: str) -> go.Figure:
    """AI score and coach score per answer, side by side."""
    answers = report.get("answers") or []
    labels = [f"Q{i + 1}" for i in range(len(answers))]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[a.get("ai_score") for a in answers], name=t("report.ai_score", lang),
                         hovertext=[a["question"] for a in answers]))
    if any(a.get("coach_score") is not None for a in answers):
        fig.add_trace(go.Bar(x=labels, y=[a.get("coach_score") for a in answers], name=t("report.coach_score", lang)))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(title=t("report.chart.answers", lang), barmode="group", **_LAYOUT)
    return fig


def pace_over_time(report: dict[str, Any], lang: str) -> go.Figure:
    """Speaking rate over each answer's time (one line per answer)."""
    fig = go.Figure()
    unit = "wpm"
    for i, answer in enumerate(report.get("answers") or []):
        speech = answer.get("speech") or {}
        curve = [p for p in speech.get("pace_curve") or [] if p.get("rate") is not None]
        if not curve:
            continue
        if speech.get("language") == "ko":
            unit = t("report.unit.spm", lang)
        fig.add_trace(go.Scatter(x=[p["t_s"] for p in curve], y=[p["rate"] for p in curve], mode="lines+markers",
                                 name=f"Q{i + 1}"))
    fig.update_layout(title=t("report.chart.pace", lang), xaxis_title=t("report.axis.seconds", lang),
                      yaxis_title=unit, **_LAYOUT)
    return fig


def pauses_and_fillers(answer: dict[str, Any], lang: str) -> go.Figure:
    """One answer's timeline: long pauses as bars, fillers as markers, feedback moments as ticks."""
    speech = answer.get("speech") or {}
    fig = go.Figure()
    pauses = speech.get("long_pauses") or []
    if pauses:
        fig.add_trace(go.Bar(x=[float(p["end_s"]) - float(p["start_s"]) for p in pauses], base=[p["start_s"]
                             for p in pauses], y=[t("report.track.pauses", lang)] * len(pauses), orientation="h",
                             name=t("report.track.pauses", lang), marker_color="#90a4ae"))
    fillers = speech.get("fillers") or []
    if fillers:
        fig.add_trace(go.Scatter(x=[f["start_s"] for f in fillers], y=[t("report.track.fillers", lang)] * len(fillers),
                                 mode="markers+text", text=[str(f.get("text", "")) for f in fillers],
                                 textposition="top center", name=t("report.track.fillers", lang),
                                 marker={"size": 10, "color": "#ef6c00"}))
    moments = [f for f in answer.get("feedback") or [] if f.get("start_s") is not None]
    if moments:
        fig.add_trace(go.Scatter(x=[f["start_s"] for f in moments], y=[t("report.track.feedback", lang)] * len(moments),
                                 mode="markers", name=t("report.track.feedback", lang),
                                 marker={"size": 10, "symbol": "diamond",
                                         "color": [BAND_COLORS.get(f.get("grade")) for f in moments]},
                                 hovertext=[f.get("text", "") for f in moments]))
    fig.update_layout(title=t("report.chart.timeline", lang), xaxis_title=t("report.axis.seconds", lang),
                      showlegend=False, **{**_LAYOUT, "height": 220})
    return fig


def gaze_and_posture(answer: dict[str, Any], lang: str) -> go.Figure:
    """One answer's camera timeline: gaze toward the camera and upright posture (1 = yes)."""
    frames = answer.get("vision_timeline") or []
    fig = go.Figure()
    for key, label in (("gaze_on_camera", "report.track.gaze"), ("posture_ok", "report.track.posture")):
        points = [(f["t_s"], 1 if f.get(key) else 0) for f in frames if f.get(key) is not None and "t_s" in f]
        if points:
            fig.add_trace(go.Scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="lines",
                                     line_shape="hv", name=t(label, lang)))
    fig.update_yaxes(range=[-0.1, 1.1], tickvals=[0, 1], ticktext=[t("report.no", lang), t("report.yes", lang)])
    fig.update_layout(title=t("report.chart.camera", lang), xaxis_title=t("report.axis.seconds", lang),
                      **{**_LAYOUT, "height": 220})
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


def report_figures(report: dict[str, Any], lang: str) -> dict[str, go.Figure]:
    """The session-level figures, in the order the report shows them."""
    return {"competency": competency_radar(report, lang), "stages": stage_bars(report, lang),
            "answers": answer_scores(report, lang), "pace": pace_over_time(report, lang)}
