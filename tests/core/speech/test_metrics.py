"""Pure measures on given word lists: pace, pauses, fillers, word habits, grades.

Korean is tested on transcripts: espeak-ng's Korean voice is not intelligible to Whisper.
"""

from __future__ import annotations

import itertools

import pytest

from core.speech import (
    Word,
    compute_pace,
    count_fillers,
    find_pauses,
    grade_fillers,
    grade_hedges,
    grade_length,
    grade_pace,
    grade_pauses,
    word_stats,
)
from core.speech.acoustics import Span
from core.speech.grading import PACE_GOOD_SPM_KO, PACE_GOOD_WPM, target_band


def timed(text: str, *, start: float = 0.0, step: float = 0.4, gaps: dict[int, float] | None = None) -> list[Word]:
    """Words of `text`, each `step` s long back to back; `gaps[i]` adds silence before word i."""
    words, t = [], start
    for i, token in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        words.append(Word(token, round(t, 3), round(t + step * 0.9, 3)))
        t += step
    return words


# --- pace ----------------------------------------------------------------------------------
def test_english_pace_counts_words_over_first_to_last_word_span() -> None:
    words = timed(" ".join(["word"] * 50), start=3.0, step=0.4)  # 50 words in 19.96 s
    pace = compute_pace(words, "en")
    assert pace.word_count == 50
    assert pace.words_per_min == pytest.approx(50 / (words[-1].end_s - 3.0) * 60)
    assert pace.syllables_per_min is None
    assert pace.curve and all(p.rate > 0 for p in pace.curve)


def test_pace_ignores_um_and_uh_but_not_the_time_they_take() -> None:
    plain = compute_pace(timed("we built it fast and shipped it early on", step=0.6), "en")
    with_fillers = compute_pace(timed("we um built it uh fast and shipped it early on", step=0.6), "en")
    assert with_fillers.word_count == plain.word_count
    assert with_fillers.words_per_min is not None and plain.words_per_min is not None
    assert with_fillers.words_per_min < plain.words_per_min


def test_korean_pace_counts_hangul_syllables() -> None:
    text = "저는 지난 프로젝트에서 결제 시스템을 개선했습니다 그 결과 오류가 절반으로 줄었습니다"
    words = timed(text, step=0.8)
    pace = compute_pace(words, "ko")
    syllables = sum(1 for ch in text if "가" <= ch <= "힣")
    assert pace.syllable_count == syllables
    assert pace.unit == "spm"
    assert pace.syllables_per_min == pytest.approx(syllables / (words[-1].end_s - words[0].start_s) * 60)
    assert pace.rate == pace.syllables_per_min


def test_pace_curve_tracks_a_speaker_who_speeds_up() -> None:
    slow = timed(" ".join(["slow"] * 20), step=1.0)  # 60 wpm for 20 s
    fast = timed(" ".join(["fast"] * 60), start=20.0, step=0.3)  # 200 wpm for 18 s
    curve = compute_pace(slow + fast, "en").curve
    assert curve[0].rate < 80 and curve[-1].rate > 170
    assert all(a.t_s < b.t_s for a, b in itertools.pairwise(curve))


def test_pace_is_not_measured_on_a_few_words() -> None:
    pace = compute_pace(timed("yes I did"), "en")
    assert pace.words_per_min is None
    assert grade_pace(pace, "en").grade is None


@pytest.mark.parametrize(("wpm", "grade"), [(140, "good"), (100, "good"), (90, "average"), (175, "average"),
                                            (60, "needs_improvement"), (210, "needs_improvement")])
def test_english_pace_grades_follow_speaker_coach_band(wpm: float, grade: str) -> None:
    words = timed(" ".join(["w"] * 40), step=60 / wpm)
    pace = compute_pace(words, "en")
    assert grade_pace(pace, "en").grade == grade
    assert PACE_GOOD_WPM == (100.0, 165.0)


def test_korean_pace_grade_uses_the_syllable_band() -> None:
    lo, hi = PACE_GOOD_SPM_KO
    words = timed(" ".join(["가나다"] * 30), step=3 * 60 / ((lo + hi) / 2))
    grade = grade_pace(compute_pace(words, "ko"), "ko")
    assert grade.grade == "good" and grade.unit == "spm"
    assert "음절" in grade.explanation("ko")


# --- pauses --------------------------------------------------------------------------------
def test_pauses_are_classified_by_the_word_before_them() -> None:
    words = [Word("I", 2.0, 2.2), Word("led", 2.2, 2.5), Word("the", 4.5, 4.6), Word("team.", 4.6, 5.0),
             Word("Then,", 7.0, 7.4), Word("we", 9.2, 9.4), Word("shipped.", 9.4, 9.9)]
    report = find_pauses(words, "en")
    kinds = [(p.kind, p.start_s, p.end_s) for p in report.pauses]
    assert kinds == [("think_time", 0.0, 2.0), ("mid_clause", 2.5, 4.5), ("between_sentences", 5.0, 7.0),
                     ("between_clauses", 7.4, 9.2)]
    assert report.think_time_s == 2.0
    assert len(report.long_pauses) == 4


def test_acoustic_silences_give_the_pause_times() -> None:
    words = [Word("We", 0.5, 0.7), Word("planned", 0.7, 1.6), Word("it.", 1.6, 3.9), Word("Then", 4.0, 4.3)]
    # Whisper stretched "it." over the silence; the audio says the pause is 2.0-3.95 s.
    report = find_pauses(words, "en", silences=[Span(2.0, 3.95), Span(5.0, 6.0)])
    assert [(p.start_s, p.end_s, p.kind) for p in report.pauses if p.kind != "think_time"] == [
        (2.0, 3.95, "between_sentences")]


def test_korean_sentence_endings_count_as_sentence_boundaries_without_punctuation() -> None:
    words = [Word("개선했습니다", 0.0, 1.0), Word("그리고", 3.0, 3.5), Word("팀이", 3.5, 3.8),
             Word("커졌습니다", 5.5, 6.0)]
    kinds = [p.kind for p in find_pauses(words, "ko").pauses]
    assert kinds == ["between_sentences", "mid_clause"]


def test_pause_grade_ignores_think_time_and_weighs_mid_clause_pauses() -> None:
    calm = find_pauses([Word("Well.", 5.0, 5.5), *timed(" ".join(["w"] * 60), start=5.6, step=0.45)], "en")
    assert grade_pauses(calm, 30.0).grade == "good"
    choppy_words = timed(" ".join(["w"] * 30), step=0.4, gaps={5: 2.0, 10: 2.0, 15: 2.0})
    assert grade_pauses(find_pauses(choppy_words, "en"), 18.0).grade == "needs_improvement"


# --- fillers -----------------------------------------------------------------------------------
def test_english_um_uh_count_and_like_only_when_set_off() -> None:
    words = [Word("Um,", 0.0, 0.3), Word("I", 0.4, 0.5), Word("like", 0.5, 0.7), Word("testing,", 0.7, 1.2),
             Word("and,", 1.3, 1.5), Word("like,", 1.5, 1.8), Word("it", 1.9, 2.0), Word("looks", 2.0, 2.3),
             Word("like", 2.3, 2.5), Word("uh", 2.6, 2.8), Word("fun.", 3.0, 3.3)]
    report = count_fillers(words, "en")
    assert [(f.text, f.start_s) for f in report.fillers] == [("um", 0.0), ("like", 1.5), ("uh", 2.6)]
    assert report.reliability == "transcript_only"


def test_you_know_counts_as_filler_but_not_before_an_object() -> None:
    filler = count_fillers([Word(w, i, i + 0.5) for i, w in enumerate("It was, you know, hard".split())], "en")
    grammar = count_fillers([Word(w, i, i + 0.5) for i, w in enumerate("Do you know what happened".split())], "en")
    assert [f.text for f in filler.fillers] == ["you know"]
    assert grammar.count == 0


def test_no_fillers_are_invented_in_a_clean_answer() -> None:
    words = timed("I would like to lead the team because I know what it takes to ship on time")
    assert count_fillers(words, "en").count == 0


def test_acoustic_hesitations_add_fillers_the_transcript_missed() -> None:
    words = [Word("So", 0.0, 0.3), Word("um", 0.5, 0.8), Word("we", 2.0, 2.2), Word("won.", 2.2, 2.6)]
    report = count_fillers(words, "en", hesitations=[Span(0.55, 0.75), Span(1.0, 1.6)], acoustic_checked=True)
    assert [(f.text, f.source) for f in report.fillers] == [("um", "transcript"), ("…", "acoustic")]
    assert report.reliability == "transcript_acoustic"


def test_korean_fillers_count_only_where_they_act_as_fillers() -> None:
    words = [
        Word("음,", 0.0, 0.3),  # interjection: always
        Word("그", 0.6, 0.8), Word("프로젝트는", 0.8, 1.4),  # determiner 그: not a filler
        Word("어", 1.6, 1.8),  # interjection
        Word("그...", 2.0, 2.2), Word("저는", 2.9, 3.2),  # 그 set off by an ellipsis
        Word("이제", 3.3, 3.6), Word("약간", 3.6, 3.9), Word("어려웠습니다.", 3.9, 4.6),  # 이제 right after 저는: no
        Word("이제", 5.0, 5.3), Word("저희", 5.3, 5.6), Word("팀은", 5.6, 5.9),  # 이제 at a sentence start
        Word("뭐", 6.0, 6.2), Word("잘", 6.8, 7.0), Word("했습니다.", 7.0, 7.5),  # 뭐 followed by a 0.6 s pause
    ]
    report = count_fillers(words, "ko")
    assert [(f.text, f.start_s) for f in report.fillers] == [("음", 0.0), ("어", 1.6), ("그", 2.0), ("이제", 5.0),
                                                             ("뭐", 6.0)]
    assert report.reliability == "low_ko_stt_unverified"


def test_korean_repeated_marker_is_a_filler() -> None:
    words = [Word("그", 0.0, 0.2), Word("그", 0.2, 0.4), Word("결과", 0.4, 0.8)]
    assert [f.start_s for f in count_fillers(words, "ko").fillers] == [0.0]


def test_filler_rate_is_per_minute_of_speech() -> None:
    words = timed(" ".join(["um"] + ["word"] * 58 + ["uh"]), step=0.5)  # 2 fillers in ~30 s
    report = count_fillers(words, "en")
    assert report.per_min == pytest.approx(2 / (words[-1].end_s - words[0].start_s) * 60)
    assert grade_fillers(report).grade == "average"


# --- word habits --------------------------------------------------------------------------------
def test_hedges_repeats_and_i_vs_we_in_english() -> None:
    words = timed("I think we we shipped it maybe a bit late but I guess our team kind of liked it and I did too")
    stats = word_stats(words, "en")
    assert [m.text for m in stats.hedges] == ["i think", "maybe", "i guess", "kind of"]
    assert [m.text for m in stats.repeats] == ["we"]
    assert (stats.i_count, stats.we_count) == (3, 3)
    assert grade_hedges(stats).grade == "needs_improvement"


def test_korean_hedges_and_first_person_forms() -> None:
    text = "저는 그 일을 맡았고 저희 팀은 성공한 것 같습니다 제가 아마 가장 많이 기여했던것같아요 우리 모두"
    stats = word_stats(timed(text), "ko")
    assert [m.text for m in stats.hedges] == ["것 같습니다", "아마", "기여했던것같아요"]
    assert (stats.i_count, stats.we_count) == (2, 2)


# --- length -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("answer_s", "target", "grade"), [
    (90, None, "good"), (50, None, "average"), (20, None, "needs_improvement"), (200, None, "needs_improvement"),
    (45, 50.0, "good"), (35, 50.0, "average"), (20, 50.0, "needs_improvement"),
])
def test_answer_length_is_graded_against_the_format(answer_s: float, target: float | None, grade: str) -> None:
    assert grade_length(answer_s, target).grade == grade


def test_length_bands() -> None:
    assert target_band(None) == (60.0, 120.0)
    assert target_band(50.0) == (40.0, 50.0)
    assert grade_length(None).grade is None


def test_a_short_pause_between_sentences_in_a_short_answer_is_not_penalised() -> None:
    words = [*timed("We shipped it on time.", step=0.5), *timed("Then we scaled it up.", start=4.5, step=0.5)]
    report = find_pauses(words, "en")
    assert [p.kind for p in report.long_pauses] == ["between_sentences"]
    assert grade_pauses(report, words[-1].end_s - words[0].start_s).grade == "good"
    long_gap = [*timed("We shipped it on time.", step=0.5), *timed("Then we scaled it up.", start=6.0, step=0.5)]
    assert grade_pauses(find_pauses(long_gap, "en"), 8.5).grade == "average"  # a 3.5 s gap counts
