import json
from pathlib import Path

from core.cli import main

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples" / "candidate"


def test_analyze_resume_prints_the_analysis_as_json(capsys):
    code = main(["analyze-resume", str(SAMPLES / "resume_en.md"), "--jd", str(SAMPLES / "job_posting_northwind_en.md"),
                 "--cover-letter", str(SAMPLES / "cover_letter_ko.md"), "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert {"claims", "gaps", "expected_questions", "cover_letter_notes"} <= set(data)
    assert any(c["value"] == "45%" for c in data["claims"])
    assert "Kubernetes in production." in {g["requirement"] for g in data["gaps"]}
    assert len(data["expected_questions"]) >= 8
    assert {"question", "why", "answer_guide"} <= set(data["expected_questions"][0])
    assert len(data["cover_letter_notes"]) == 4


def test_korean_guidance_and_plain_output(capsys):
    assert main(["analyze-resume", str(SAMPLES / "resume_ko.md"), "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "15%" in out and "expected questions:" in out


def test_bad_files_give_one_clear_line(tmp_path, capsys):
    assert main(["analyze-resume", str(tmp_path / "missing.pdf")]) == 2
    assert capsys.readouterr().err.strip() == f"error: resume not found: {tmp_path / 'missing.pdf'}"
    broken = tmp_path / "cv.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage without objects")
    assert main(["analyze-resume", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: cannot read resume cv.pdf:")
    image = tmp_path / "photo.docx"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    assert main(["analyze-resume", str(SAMPLES / "resume_en.md"), "--jd", str(image)]) == 2
    assert "cannot read job posting photo.docx" in capsys.readouterr().err


def test_resume_and_cover_letter_get_the_blind_hiring_check_in_both_languages(tmp_path, capsys):
    """Each flagged sentence comes with its document, category, offsets and why it matters."""
    from core.i18n import t

    resume = tmp_path / "cv.md"
    resume.write_text("Backend engineer.\nBorn in 1992 in a small town in Ohio.\n"
                      "Cut checkout latency from 900 ms to 200 ms.\n", encoding="utf-8")
    letter = tmp_path / "letter.md"
    letter.write_text("저는 결혼해서 아이가 둘 있습니다.\n재고 관리 시스템을 개선해 출고 오류를 40% 줄였습니다.\n",
                      encoding="utf-8")
    assert main(["analyze-resume", str(resume), "--cover-letter", str(letter), "--lang", "ko", "--json"]) == 0
    details = json.loads(capsys.readouterr().out)["protected_details"]
    by_document = {d["document"]: d for d in details}
    assert set(by_document) == {"resume", "cover_letter"} and len(details) == 2
    assert by_document["resume"]["sentence"] == "Born in 1992 in a small town in Ohio."
    assert by_document["resume"]["category"] in ("age", "birthplace")
    assert by_document["cover_letter"]["category"] == "marital"
    assert by_document["cover_letter"]["why"] == t("blind.why.marital", "ko")
    text, found = resume.read_text(encoding="utf-8"), by_document["resume"]
    assert text[found["char_start"]:found["char_end"]] == "Born in 1992 in a small town in Ohio."
    assert main(["analyze-resume", str(resume)]) == 0
    out = capsys.readouterr().out
    assert "blind-hiring check: 1 sentence(s)" in out and "Born in 1992" in out
    assert main(["analyze-resume", str(resume), "--no-blind-check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["protected_details"] == []
