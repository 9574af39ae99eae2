"""Picker labels: only the parts a row has, joined by " · " (no "-" or "—" standing in for a
missing company or role; new-user findings s21 Reports picker and s22 #12 Answer review)."""

from __future__ import annotations

from collections.abc import Iterable

LABEL_SEPARATOR = " · "


def join_label(parts: Iterable[str | None]) -> str:
    """`parts` (None or blank for a missing one) stripped and joined by " · ", the missing ones
    left out: ["#2", "", "Tell me…"] -> "#2 · Tell me…"."""
    return LABEL_SEPARATOR.join(p.strip() for p in parts if p and p.strip())
