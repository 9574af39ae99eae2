"""Question numbers a user sees: the ordinal in the session, follow-ups lettered under their
main question (finding s22 #3: "Question 1" -> "Question 101" -> "Question 201")."""

from __future__ import annotations

from core.practice.numbering import MAIN_POSITION_STEP, answer_numbers, main_number, question_number


def test_main_questions_are_numbered_one_two_three_not_by_their_stored_position():
    assert [question_number(i * MAIN_POSITION_STEP, 0) for i in range(3)] == ["1", "2", "3"]


def test_follow_ups_carry_their_main_question_number_and_a_letter():
    assert question_number(MAIN_POSITION_STEP + 1, 1) == "2a"
    assert question_number(MAIN_POSITION_STEP + 2, 2) == "2b"
    assert main_number(MAIN_POSITION_STEP + 2) == 2


def test_answer_numbers_count_main_questions_and_letter_follow_ups():
    assert answer_numbers([0, 1, 2, 0, 0, 1]) == ["1", "1a", "1b", "2", "3", "3a"]
    assert answer_numbers([]) == []
    assert answer_numbers([1]) == ["1a"]
