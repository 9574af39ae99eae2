"""Blind-hiring feedback items: one per sentence that volunteers a protected detail
(`core.interview.blind` decides; this only words it and points at the sentence)."""

from __future__ import annotations

from collections.abc import Sequence

from core.feedback.text import TimeMap
from core.feedback.types import Evidence, FeedbackItem
from core.i18n import t
from core.interview.blind import ProtectedDetail


def blind_items(details: Sequence[ProtectedDetail], lang: str, timemap: TimeMap) -> list[FeedbackItem]:
    """Feedback items (kind "blind", graded "average": it costs no points, but it is worth
    changing) with the sentence, its category and why it matters (`blind.why.<category>`,
    the law or guideline that keeps that category out of hiring)."""
    items = []
    for detail in details:
        category = t(f"blind.category.{detail.category}", lang)
        start_s, end_s = timemap.span(detail.char_start, detail.char_end)
        items.append(FeedbackItem(
            kind="blind", key=f"blind.{detail.category}", grade="average",
            text=t("blind.item", lang, category=category, sentence=detail.sentence[:200]),
            next_step=t(f"blind.why.{detail.category}", lang) + " " + t("blind.item.next", lang, category=category),
            evidence=Evidence(start_s=start_s, end_s=end_s, char_start=detail.char_start, char_end=detail.char_end,
                              quote=detail.sentence[:300])))
    return items
