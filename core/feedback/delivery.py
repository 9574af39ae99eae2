"""Delivery (speech measures) and camera (gaze, posture, framing) feedback.

Both only restate measures with their moment in the recording: speaking rate, fillers,
long pauses, pitch and volume come graded from `core/speech`; gaze toward the camera,
face in frame and posture come from the vision summary. No emotion or trait is inferred.
"""

from __future__ import annotations

from core.feedback.types import Evidence, FeedbackItem, Grade, Score, SpeechPart
from core.i18n import t
from core.vision.summary import VisionSummary

# Points per speech grade when the delivery score is averaged.
GRADE_POINTS: dict[str, float] = {"good": 100.0, "average": 65.0, "needs_improvement": 30.0}

# Camera thresholds (shares of analysed frames).
# "60-70 % eye contact" is practitioner advice, not a study (FEEDBACK_EVIDENCE.md); we use
# the lower end and report the measure itself so the user can compare with their baseline.
GAZE_GOOD_SHARE = 0.6
GAZE_AVERAGE_SHARE = 0.4
FACE_VISIBLE_GOOD_SHARE = 0.9  # the face must be in frame nearly all the time
FACE_VISIBLE_AVERAGE_SHARE = 0.7
POSTURE_GOOD_SHARE = 0.8
POSTURE_AVERAGE_SHARE = 0.6


# Speech grades left to the content feedback (it already reports hedges from the same words).
CONTENT_OWNED_GRADES = {"hedges"}
UNIT_LABELS = {"per_min": "/min", "per_100_words": "/100 words", "st": "semitones", "s": "s", "pauses": "",
               "share": "", "wpm": "wpm", "spm": "syllables/min"}


def _grade_share(value: float | None, good: float, average: float) -> Grade | None:
    if value is None:
        return None
    return "good" if value >= good else "average" if value >= average else "needs_improvement"


def _speech_evidence(name: str, speech: SpeechPart) -> Evidence:
    """The moment a speech measure points at (first filler, longest pause, fastest stretch)."""
    if "filler" in name and speech.fillers:
        first = speech.fillers[0]
        return Evidence(start_s=first.start_s, end_s=first.end_s, quote=first.text)
    if "pause" in name and speech.long_pauses:
        longest = max(speech.long_pauses, key=lambda p: p.end_s - p.start_s)
        return Evidence(start_s=longest.start_s, end_s=longest.end_s)
    if "rate" in name or "pace" in name or "syllable" in name:
        curve = [p for p in speech.pace_curve if p.rate is not None]
        if curve:
            peak = max(curve, key=lambda p: p.rate or 0.0)
            return Evidence(start_s=peak.t_s, end_s=peak.t_s)
    return Evidence()


def _next_step(name: str, level: str, lang: str) -> str:
    if level == "good":
        return t("fb.delivery.keep", lang)
    key = f"fb.delivery.{name}.next"
    text = t(key, lang)
    return t("fb.delivery.generic.next", lang) if text == key else text


def delivery_feedback(speech: SpeechPart | None, lang: str) -> tuple[list[FeedbackItem], Score]:
    """Items and a 0-100 delivery score from the speech analysis (None = not measured)."""
    if speech is None:
        return [], Score.of(None, t("fb.score.delivery.not_measured", lang))
    items: list[FeedbackItem] = []
    points: list[float] = []
    parts: list[str] = []
    for measure in speech.grades:
        name = measure.name
        if name in CONTENT_OWNED_GRADES:
            continue
        value: float | None = measure.value
        level = measure.grade
        unit = UNIT_LABELS.get(measure.unit, measure.unit)
        if measure.unit == "share" and value is not None:
            value, unit = round(value * 100), "%"
        label = t(f"fb.measure.{name}", lang)
        if label == f"fb.measure.{name}":
            label = name.replace("_", " ")
        if level is None:
            parts.append(t("fb.score.part_not_measured", lang, name=label))
            continue
        points.append(GRADE_POINTS[level])
        shown = "None" if value is None else f"{round(value, 1):g}"
        detail = measure.explanation.strip() or f"{shown} {unit}".strip()
        parts.append(f"{label} {shown} {unit} → {t('grade.' + level, lang)} ({GRADE_POINTS[level]:g})")
        key = f"fb.delivery.{level}"
        items.append(FeedbackItem(kind="delivery", key=f"delivery.{name}", grade=level,
                                  text=t(key, lang, measure=label, detail=detail),
                                  next_step=_next_step(name, level, lang),
                                  evidence=_speech_evidence(name, speech)))
    if speech.think_time_s is not None:
        parts.append(t("fb.score.think_time", lang, seconds=round(speech.think_time_s, 1)))
    if not points:
        return items, Score.of(None, t("fb.score.delivery.not_measured", lang) + " " + "; ".join(parts))
    value = sum(points) / len(points)
    explanation = t("fb.score.delivery.explanation", lang, value=round(value), parts="; ".join(parts))
    return items, Score.of(value, explanation, {"measures": len(points)})


def camera_feedback(summary: VisionSummary | None, lang: str) -> tuple[list[FeedbackItem], Score]:
    """Items and a 0-100 camera score from the vision summary (None = no video)."""
    if summary is None or not summary.frames:
        return [], Score.of(None, t("fb.score.camera.not_measured", lang))
    items: list[FeedbackItem] = []
    points: list[float] = []
    parts: list[str] = []
    checks = (("camera_gaze_share", summary.camera_gaze_share, GAZE_GOOD_SHARE, GAZE_AVERAGE_SHARE, "gaze_away"),
              ("face_visible_share", summary.face_visible_share, FACE_VISIBLE_GOOD_SHARE,
               FACE_VISIBLE_AVERAGE_SHARE, "face_lost"),
              ("posture_ok_share", summary.posture_ok_share, POSTURE_GOOD_SHARE, POSTURE_AVERAGE_SHARE, "posture"))
    for key, value, good, average, event_kind in checks:
        label = t(f"fb.measure.{key}", lang)
        grade = _grade_share(value, good, average)
        if grade is None:
            parts.append(t("fb.score.part_not_measured", lang, name=label))
            continue
        points.append(GRADE_POINTS[grade])
        percent = round(float(value or 0.0) * 100)
        parts.append(f"{label} {percent}% → {t('grade.' + grade, lang)} ({GRADE_POINTS[grade]:g})")
        # a face out of view because the room was dark or the camera far is said as such
        kinds = (event_kind, "too_dark", "too_far") if event_kind == "face_lost" else (event_kind,)
        event = next((e for e in summary.events if any(k in e.kind for k in kinds)), None)
        evidence = Evidence(start_s=event.start_s, end_s=event.end_s) if event else Evidence()
        next_key = f"fb.camera.{key}.next" if grade != "good" else "fb.camera.keep"
        if grade != "good" and event is not None and event.kind in ("too_dark", "too_far"):
            next_key = f"fb.camera.{key}.{event.kind}.next"
        items.append(FeedbackItem(kind="camera", key=f"camera.{key}", grade=grade,
                                  text=t(f"fb.camera.{key}", lang, percent=percent),
                                  next_step=t(next_key, lang), evidence=evidence))
    if summary.smile_share is not None:
        # Reported as a plain measure, never graded and never read as a feeling.
        items.append(FeedbackItem(kind="camera", key="camera.smile_share", grade=None,
                                  text=t("fb.camera.smile_share", lang, percent=round(summary.smile_share * 100)),
                                  next_step=t("fb.camera.smile_share.next", lang)))
    if not points:
        return items, Score.of(None, t("fb.score.camera.not_measured", lang))
    value = sum(points) / len(points)
    return items, Score.of(value, t("fb.score.camera.explanation", lang, value=round(value), parts="; ".join(parts)),
                           {"measures": len(points)})
