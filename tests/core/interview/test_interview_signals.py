"""Answer signals are pure and bilingual, and point at the words that triggered them."""

from __future__ import annotations

from core.interview.signals import analyze_answer, content_terms, detect_language, find_numbers

STRONG_EN = (
    "Last year at my previous company our checkout page was losing customers. My goal was to cut the drop-off. "
    "I analysed the funnel in Amplitude, then I ran three A/B tests and I rewrote the payment form. "
    "As a result, conversion went from 2.1% to 2.9% over two months."
)
STRONG_KO = (
    "작년 인턴 당시 고객 이탈률이 높아지는 문제가 있었습니다. 제가 맡은 역할은 원인 분석이었습니다. "
    "먼저 SQL로 로그를 분석했고, 가입 절차를 5단계에서 3단계로 줄이자고 제안했습니다. "
    "그 결과 이탈률이 한 달 만에 18%에서 12%로 감소했습니다."
)


def test_star_parts_found_in_an_english_story_with_their_spans() -> None:
    s = analyze_answer(STRONG_EN, "Tell me about a time you improved a product metric.", "en")
    assert s.star_present == {"situation": True, "task": True, "action": True, "result": True}
    for part, spans in s.star.items():
        for span in spans:
            assert STRONG_EN[span.start : span.end] == span.text, part
    assert any(span.text.lower() == "as a result" for span in s.star["result"])


def test_star_parts_found_in_a_korean_story() -> None:
    s = analyze_answer(STRONG_KO, "고객 문제를 데이터로 해결한 경험을 말씀해 주세요.", "ko")
    assert all(s.star_present.values())
    assert any("그 결과" in span.text for span in s.star["result"])
    assert any("당시" in span.text for span in s.star["situation"])


def test_missing_result_is_reported_as_missing() -> None:
    s = analyze_answer("I analysed the logs, then I wrote a script and I proposed a new on-call rota to my manager "
                       "because the alerts kept waking people up at night and nobody knew who owned them.", "", "en")
    assert s.star_present["action"] and not s.star_present["result"]


def test_numbers_with_a_baseline_have_context_and_bare_percentages_do_not() -> None:
    with_context = find_numbers("Conversion went from 2.1% to 2.9% over two months.", "en")
    assert [n.has_context for n in with_context] == [True, True]
    bare = find_numbers("We grew sales by 40%. Everyone was happy.", "en")
    assert [(n.text, n.has_context) for n in bare] == [("40%", False)]


def test_korean_numbers_with_comparison_have_context() -> None:
    numbers = find_numbers("이탈률이 전년 대비 30% 줄었습니다. 매출이 20% 늘었습니다.", "ko")
    assert [(n.text, n.has_context) for n in numbers] == [("30%", True), ("20%", False)]


def test_years_are_not_counted_as_numbers() -> None:
    assert find_numbers("In 2023 I joined the team.", "en") == ()


def test_english_i_versus_we() -> None:
    s = analyze_answer("We planned it, we built it and our team shipped it. I wrote the tests.", "", "en")
    assert (s.i_count, s.we_count) == (1, 3)
    assert s.we_without_i


def test_korean_first_person_singular_versus_plural() -> None:
    s = analyze_answer("저희 팀은 우리 방식대로 진행했고 저희가 함께 만들었습니다. 제가 테스트를 맡았습니다.", "", "ko")
    assert s.i_count == 1
    assert s.we_count == 3
    # 저희 is never counted as 저 (I)
    assert all(span.text != "저" for span in s.i_spans)


def test_hedges_and_vague_phrases_in_both_languages() -> None:
    en = analyze_answer("I think maybe I did a lot of things and generally worked hard, kind of.", "", "en")
    assert {h.text.lower() for h in en.hedges} >= {"i think", "maybe", "kind of"}
    assert len(en.vague) >= 3
    ko = analyze_answer("아마 여러 가지를 많이 했던 것 같습니다. 열심히 최선을 다했습니다.", "", "ko")
    assert any("아마" in h.text for h in ko.hedges)
    assert any("것 같" in h.text for h in ko.hedges)
    assert len(ko.vague) >= 3


def test_vague_answer_is_flagged_and_specific_answer_is_not() -> None:
    vague = analyze_answer("I think I'm generally good at solving problems. I always work hard and try to do my best "
                           "in various situations, and things usually work out well in the end for everyone.", "", "en")
    assert vague.is_vague
    assert not analyze_answer(STRONG_EN, "", "en").is_vague


def test_off_topic_answer_has_low_relevance() -> None:
    question = "Tell me about a time you improved a product metric."
    off = analyze_answer("My favourite hobby is hiking. Mountains are beautiful in autumn, and I love taking photos "
                         "of the scenery with friends on weekends. Last month I climbed Seoraksan.", question, "en")
    on = analyze_answer(STRONG_EN, question, "en")
    assert off.off_topic is True
    assert on.off_topic is False
    assert on.relevance is not None and off.relevance is not None and on.relevance > off.relevance


def test_korean_off_topic_answer() -> None:
    s = analyze_answer("저는 주말마다 친구들과 등산을 즐깁니다. 가을 산이 정말 아름답고, 사진 찍는 것도 좋아합니다. "
                       "지난달에는 설악산에 다녀왔습니다.", "고객 문제를 데이터로 해결한 경험을 말씀해 주세요.", "ko")
    assert s.off_topic is True


def test_relevance_is_not_measured_without_a_question() -> None:
    s = analyze_answer(STRONG_EN, "", "en")
    assert s.relevance is None and s.off_topic is None


def test_length_bands() -> None:
    assert analyze_answer("I led it.", "", "en").length_band == "too_short"
    assert analyze_answer(STRONG_EN, "", "en").length_band == "ok"
    assert analyze_answer(" ".join(["word"] * 400), "", "en").length_band == "long"


def test_language_detection_and_shared_concepts() -> None:
    assert detect_language(STRONG_KO) == "ko"
    assert detect_language(STRONG_EN) == "en"
    # a Korean and an English text about conflict share the concept, not the words
    assert "#conflict" in content_terms("팀원과 갈등이 있었습니다") & content_terms("a conflict with a teammate")


def test_signals_serialise_to_json_shapes() -> None:
    data = analyze_answer(STRONG_EN, "Tell me about a metric", "en").to_dict()
    assert data["star_present"]["result"] is True
    assert isinstance(data["star"]["action"], list) and {"start", "end", "text"} <= set(data["star"]["action"][0])


def test_counts_in_an_action_are_not_outcomes_needing_a_baseline() -> None:
    s = analyze_answer("사용자 5명을 대상으로 이틀간 테스트하자고 제안했습니다. 그 결과 문구 두 개를 고쳤습니다.",
                       "", "ko")
    assert s.numbers and s.numbers_without_context == ()
    bare = analyze_answer("I interviewed 5 users. As a result, sign-ups improved by 12%.", "", "en")
    assert [n.text for n in bare.numbers_without_context] == ["12%"]


def test_a_decimal_point_is_not_a_sentence_end() -> None:
    (first, second) = find_numbers("Load time went from 4.2 seconds to 2.5 seconds.", "en")
    assert first.has_context and second.has_context


def test_spelled_out_quantities_count_as_specifics() -> None:
    vague = analyze_answer("I talked to the team and we fixed things.", "", "en")
    concrete = analyze_answer("I talked to five users and we fixed two labels within a week.", "", "en")
    assert concrete.specifics > vague.specifics
