from core.resume.parse import parse_cover_letter, parse_job_posting, parse_resume


def test_resume_fields_are_parsed(resume_en):
    parsed = parse_resume(resume_en)
    assert parsed["contact"]["name"] == "Jordan Lee"
    assert parsed["contact"]["email"] == "jordan.lee@example.com"
    first = parsed["experience"][0]
    assert (first["role"], first["organization"], first["start"], first["end"]) == (
        "Senior Backend Engineer", "Fleetwise Logistics", "2024-03", "present")
    assert len(first["bullets"]) == 4
    assert "AWS (EC2, S3, Lambda)" in parsed["skills"]
    assert parsed["education"][0]["start"] == "2017"


def test_korean_resume_entries_split_pipes_and_dates(resume_ko):
    first = parse_resume(resume_ko)["experience"][0]
    assert (first["role"], first["organization"], first["start"], first["end"]) == (
        "데이터 엔지니어", "주식회사 로드웨이", "2022-03", "present")


def test_job_posting_has_must_and_nice_requirements(jd_en, jd_ko):
    en = parse_job_posting(jd_en)
    assert en["company"] == "Northwind Robotics plc"
    assert "Kubernetes in production." in en["requirements_must"]
    assert "C++." in en["requirements_nice"]
    assert len(en["responsibilities"]) == 4
    ko = parse_job_posting(jd_ko)
    assert ko["company"] == "한빛모빌리티 주식회사"
    assert len(ko["requirements_must"]) == 5 and len(ko["requirements_nice"]) == 5


def test_cover_letter_questions_answers_and_limits(letter_ko):
    items = parse_cover_letter(letter_ko)["items"]
    assert len(items) == 4
    assert items[0]["question"].startswith("한빛모빌리티에 지원한 동기")
    assert [i["limit"] for i in items] == [700, 800, 600, 500]
    assert "6시간에서 40분으로" in items[1]["answer"]


def test_plain_text_cover_letter_with_numbered_questions():
    text = ("1. 지원 동기를 작성해 주십시오. (300자)\n저는 데이터를 좋아합니다.\n"
            "2. 성공 경험을 기술해 주십시오.\n매출을 10% 올렸습니다.\n")
    items = parse_cover_letter(text)["items"]
    assert [i["limit"] for i in items] == [300, None]
    assert items[1]["answer"] == "매출을 10% 올렸습니다."
