from core.resume.claims import extract_claims, numeric_claims


def _values(claims, kind=None):
    return [c.value for c in claims if kind is None or c.kind == kind]


def test_english_claims_carry_their_numbers_and_lines(resume_en):
    claims = extract_claims(resume_en)
    by_value = {c.value: c for c in claims}
    assert by_value["45%"].kind == "percentage" and by_value["45%"].number == 45
    assert by_value["£18,000"].kind == "money" and by_value["£18,000"].number == 18000
    assert by_value["from 820 ms to 450 ms"].kind == "change"
    assert by_value["from 3 hours to 25 minutes"].kind == "change"
    assert by_value["14 legacy cron jobs"].kind == "count"
    assert by_value["3 engineers"].kind == "team_size"
    assert by_value["3 engineers"].number == 3 and "Led a team of 3 engineers" in by_value["3 engineers"].text
    assert by_value["from 9 to 3 per quarter"].kind == "change"
    latency = by_value["45%"]
    line = resume_en.splitlines()[latency.source["line"] - 1]
    assert "Cut p99 API latency by 45%" in line and latency.text in line
    assert latency.source == {"document": "resume", "section": "Experience", "line": latency.source["line"]}


def test_roles_and_technologies_are_claims_with_their_source(resume_en):
    claims = extract_claims(resume_en)
    assert _values(claims, "role") == ["Senior Backend Engineer", "Data Engineer", "Software Engineering Intern"]
    kafka = next(c for c in claims if c.kind == "technology" and c.value == "Kafka")
    assert "Kafka" in kafka.text and kafka.source["section"] == "Experience"  # experience beats the skills list
    assert {"Redis", "PostgreSQL", "Airflow", "Snowflake", "dbt", "Terraform"} <= set(_values(claims, "technology"))


def test_dates_phone_numbers_and_emails_are_never_claims(resume_en):
    values = " ".join(_values(extract_claims(resume_en)))
    for not_a_claim in ("2024", "2021", "7700", "900123", "example.com"):
        assert not_a_claim not in values


def test_korean_claims_carry_numbers_units_and_team_size(resume_ko):
    claims = extract_claims(resume_ko)
    by_value = {c.value: c for c in claims}
    assert by_value["15%"].kind == "percentage" and "매출 15% 증가" in by_value["15%"].text
    assert by_value["3명의 팀"].kind == "team_size" and by_value["3명의 팀"].number == 3
    assert by_value["6시간에서 40분으로"].kind == "change"
    assert by_value["1,200만 원에서 700만 원으로"].number == 7_000_000
    assert by_value["1억 건"].number == 100_000_000
    assert by_value["30건에서 5건으로"].kind == "change"
    assert by_value["15%"].source["section"] == "경력"


def test_korean_phrases_from_the_brief():
    assert ("percentage", "15%", 15.0) in numeric_claims("추천 개선으로 매출 15% 증가")
    kinds = [k for k, _, _ in numeric_claims("3명의 팀을 이끌며 6개월 만에 출시")]
    assert kinds == ["team_size", "duration"]
    assert numeric_claims("2억 원 규모 예산 집행")[0][:2] == ("money", "2억 원")


def test_cover_letter_claims_are_located_by_question(letter_ko):
    claims = extract_claims(letter_ko, document="cover_letter")
    seventy = next(c for c in claims if c.value == "70%")
    assert seventy.source["document"] == "cover_letter"
    assert seventy.source["section"].startswith("2. 본인이 주도적으로")
    # "기여하는 인재가 되겠습니다" is a wish, not an achievement
    assert not any(c.kind == "achievement" and "되겠습니다" in c.text for c in claims)


def test_versions_are_not_claims_but_spelled_out_numbers_are():
    assert numeric_claims("Upgraded from Python 3.8 to 3.11 and ran the Java 8 to 17 upgrade.") == []
    assert numeric_claims("Onboarded and mentored five graduates.") == [("team_size", "five graduates", 5.0)]
    assert ("multiplier", "by half", 0.5) in numeric_claims("MTTR fell by half after the new runbooks.")
    assert ("team_size", "5명의 파트", 5.0) in numeric_claims("5명의 파트를 이끌며 MSA로 전환")


def test_korean_titles_with_the_company_first_and_dates_in_brackets():
    from core.resume.parse import parse_resume

    text = ("■ 경력사항\n주식회사 다온페이 (2019년 3월 ~ 2023년 8월) 백엔드 개발팀 선임\n- 결제 API 개선\n"
            "(주)스마트물류 (2023년 9월 ~ 현재) 서버 파트장\n- 배송 추적 MSA 전환\n")
    entries = parse_resume(text)["experience"]
    assert [(e["role"], e["organization"], e["start"], e["end"]) for e in entries] == [
        ("백엔드 개발팀 선임", "주식회사 다온페이", "2019-03", "2023-08"),
        ("서버 파트장", "(주)스마트물류", "2023-09", "present")]
