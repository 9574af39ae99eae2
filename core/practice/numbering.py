"""What number a user sees for a question: its ordinal in the session ("2"), a follow-up the
ordinal of its main question plus a letter ("2a", "2b"), the same on the Practice page, its
summary and the report (finding s22 #3: the page showed the stored ordering field, 101, 201).
"""

from __future__ import annotations

from collections.abc import Sequence

# Stored `Question.position`: main questions at 0, 100, 200...; a follow-up sits right after
# its parent (parent.position + 1), so position // step is the main question's index and
# position % step the follow-up's index under it.
MAIN_POSITION_STEP = 100


def _letter(index: int) -> str:
    """1 -> 'a', 2 -> 'b', ... 26 -> 'z', then 27 -> 'z2' (never reached: depth is at most 3)."""
    return chr(ord("a") + index - 1) if index <= 26 else f"z{index - 25}"


def main_number(position: int) -> int:
    """The 1-based ordinal of the main question a question at stored `position` belongs to."""
    return max(position, 0) // MAIN_POSITION_STEP + 1


def question_number(position: int, depth: int) -> str:
    """The label of the question at stored `position` ('2' for a main question, '2a' for the
    first follow-up to question 2); `depth` 0 = a main question."""
    main = str(main_number(position))
    if depth <= 0:
        return main
    return main + _letter(max(position % MAIN_POSITION_STEP, 1))


def answer_numbers(depths: Sequence[int]) -> list[str]:
    """Labels of a session's answers in question order, from each answer's follow-up depth
    (0 = main): [0, 1, 0] -> ['1', '1a', '2']. A follow-up before any main question counts
    under question 1."""
    labels: list[str] = []
    main, follow = 0, 0
    for depth in depths:
        if depth <= 0 or main == 0:
            main, follow = main + 1, 0
        if depth <= 0:
            labels.append(str(main))
        else:
            follow += 1
            labels.append(f"{main}{_letter(follow)}")
    return labels
