"""The bad-input corpus (issue: reliability). Every case ends in one of two ways:
the input is handled (and what was saved before is still there), or it is refused with a
typed error whose message exists in Korean and English. Never a raw exception."""

from __future__ import annotations

import io
import subprocess
import sys
import wave
import zipfile
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import Session

from core.config import get_settings
from core.db import crud
from core.db.engine import get_engine
from core.db.models import UserCreate
from core.documents.extract import DocumentError, extract_document
from core.i18n import load_catalog
from core.media.audio import AudioError, load_audio

ROOT = Path(__file__).resolve().parents[2]


def _assert_bilingual(key: str) -> None:
    texts = load_catalog().get(key)
    assert texts and texts.get("en") and texts.get("ko"), f"no bilingual message for {key}"


# ----------------------------------------------------------------------------- documents
def _pdf(text_pages: list[str] | None = None, encrypt: bool = False, image_only: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for text in text_pages or [""]:
        pdf.add_page()
        if image_only:
            pdf.set_fill_color(30, 30, 30)
            pdf.rect(20, 20, 100, 60, style="F")  # drawn shapes, no text layer
        elif text:
            pdf.set_font("Helvetica", size=12)
            pdf.multi_cell(0, 8, text)
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


REFUSED_DOCUMENTS = {
    "empty file": (b"", "report.pdf", "empty"),
    "truncated pdf": (_pdf(["Quarterly results"])[:400], "report.pdf", "corrupt"),
    "encrypted pdf": (_pdf(["Confidential plan"], encrypt=True), "plan.pdf", "encrypted"),
    "image-only pdf": (_pdf(["", ""], image_only=True), "scan.pdf", "scanned"),
    "zip bomb docx": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<" + b"A" * 5_000_000}),
                      "cv.docx", "zip_bomb"),
    "zip that is not a docx": (_zip({"notes.txt": b"hello"}), "cv.docx", None),
    "png labelled pdf": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "report.pdf", "unsupported"),
    "binary labelled txt": (bytes(range(256)) * 40, "notes.txt", None),
    "jpeg labelled docx": (b"\xff\xd8\xff\xe0" + b"\x00" * 300, "cv.docx", "unsupported"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_DOCUMENTS))
def test_bad_documents_are_refused_with_a_bilingual_message(name: str) -> None:
    data, filename, code = REFUSED_DOCUMENTS[name]
    with pytest.raises(DocumentError) as caught:
        extract_document(data, filename)
    if code:
        assert caught.value.code == code
    _assert_bilingual(caught.value.message_key)


def test_a_document_over_the_size_limit_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError) as caught:
        extract_document(b"a" * 2_000_000, "big.txt", max_bytes=1_000_000)
    assert caught.value.code == "too_large"
    _assert_bilingual(caught.value.message_key)


ACCEPTED_TEXTS = {
    "korean in cp949": ("한빛모빌리티는 2025년 일본 합작법인을 세웠습니다.".encode("cp949"), "합작법인"),
    "utf-8 with bom": ("\ufeffNorthwind grew revenue 12% in 2025.".encode(), "revenue 12%"),
    "one megabyte single line": (("word " * 210_000).encode(), "word word"),
    "emoji": ("Our values 🚀 customers first 💡 and safety ✅".encode(), "customers first"),
    "right-to-left": ("مرحبا بكم في الشركة — שלום עולם — mixed text".encode(), "mixed text"),
    "html with script": (b"<html><body><script>alert(1)</script><h1>Values</h1><p>Be kind.</p></body></html>",
                         "Be kind."),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED_TEXTS))
def test_unusual_but_valid_text_is_read(name: str) -> None:
    data, expected = ACCEPTED_TEXTS[name]
    document = extract_document(data, "upload.txt" if not data.startswith(b"<html") else "page.html")
    assert expected in document.text
    assert "alert(1)" not in document.text


# ----------------------------------------------------------------------------- audio
def _wav(samples: np.ndarray, rate: int = 16_000, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 1:
            out.writeframes(((samples * 127) + 128).astype(np.uint8).tobytes())
        else:
            out.writeframes((np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes())
    return buffer.getvalue()


def _video_without_audio() -> bytes:
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


REFUSED_AUDIO = {
    "empty recording": (b"", "empty"),
    "silent recording": (_wav(np.zeros(16_000 * 3)), "silent"),
    "twenty-one minutes": (_wav(np.zeros(8_000 * 60 * 21), rate=8_000, width=1), "too_long"),
    "text labelled audio": (b"this is not audio at all, just words in a .wav file" * 20, "undecodable"),
    "video without an audio track": (_video_without_audio(), "no_audio_track"),
    "unknown codec garbage": (b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8, "undecodable"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_AUDIO))
def test_bad_recordings_are_refused_with_a_bilingual_message(name: str) -> None:
    data, code = REFUSED_AUDIO[name]
    with pytest.raises(AudioError) as caught:
        load_audio(data)
    assert caught.value.code == code
    _assert_bilingual(caught.value.message_key)


def test_a_clipped_recording_is_still_analysable() -> None:
    t = np.arange(16_000 * 2) / 16_000
    clipped = np.clip(3.0 * np.sin(2 * np.pi * 180 * t), -1, 1)
    audio = load_audio(_wav(clipped))
    assert audio.size == pytest.approx(32_000, abs=400)


def test_a_wrongly_labelled_recording_is_decoded_by_its_content(tmp_path: Path) -> None:
    t = np.arange(16_000) / 16_000
    path = tmp_path / "answer.mp3"  # really a WAV
    path.write_bytes(_wav(0.3 * np.sin(2 * np.pi * 220 * t)))
    assert load_audio(path).size == pytest.approx(16_000, abs=200)


# ----------------------------------------------------------------------------- typed answers
@pytest.fixture
def service_and_question():
    from core.practice.service import PracticeService

    settings = get_settings()
    engine = get_engine(settings.sqlalchemy_url)
    with Session(engine, expire_on_commit=False) as session:
        user = crud.create_user(session, user_in=UserCreate(username="robust", password="password-123"))
    service = PracticeService(engine, settings)
    session_id = service.start_session(user.id, role="Data engineer", language="en", questions_per_stage=1,
                                       max_followup_depth=0, stages=(1,))
    question = service.next_question(user.id, session_id)
    return service, user.id, question


ODD_ANSWERS = {
    "emoji": "I led the migration 🚀 and cut costs by 30% ✅ in 2024.",
    "right-to-left": "שלום — I built the pipeline; result: 20% faster. مرحبا",
    "html": "<script>alert('x')</script> I reduced latency by 40% by caching.",
    "very long": "I improved the pipeline by 10%. " * 3_000,
}


@pytest.mark.parametrize("name", sorted(ODD_ANSWERS))
def test_odd_typed_answers_are_saved_and_analysed(service_and_question, name: str) -> None:
    service, user_id, question = service_and_question
    attempt = service.begin_attempt(user_id, question.id, mode="text")
    result = service.submit_answer(user_id, attempt.id, text=ODD_ANSWERS[name])
    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as session:
        stored = crud.get_attempt(session, viewer_id=user_id, attempt_id=attempt.id)
    assert stored.status == "analyzed"
    assert stored.text_answer[:40] == ODD_ANSWERS[name][:40]
    assert result is not None


def test_an_empty_typed_answer_is_refused_and_keeps_the_attempt(service_and_question) -> None:
    from core.practice.service import PracticeError

    service, user_id, question = service_and_question
    attempt = service.begin_attempt(user_id, question.id, mode="text")
    with pytest.raises(PracticeError) as caught:
        service.submit_answer(user_id, attempt.id, text="   ")
    _assert_bilingual(caught.value.key)
    engine = get_engine(get_settings().sqlalchemy_url)
    with Session(engine) as session:
        assert crud.get_attempt(session, viewer_id=user_id, attempt_id=attempt.id) is not None


# ----------------------------------------------------------------------------- the CLI never shows a traceback
@pytest.mark.parametrize("args", [
    ["analyze-audio", "{empty}", "--json"],
    ["analyze-resume", "{bomb}", "--json"],
    ["analyze-resume", "{missing}", "--json"],
    ["report", "999999", "--json"],
])
def test_cli_reports_bad_input_in_one_line(tmp_path: Path, args: list[str]) -> None:
    files = {"empty": tmp_path / "empty.wav", "bomb": tmp_path / "cv.docx", "missing": tmp_path / "nope.pdf"}
    files["empty"].write_bytes(b"")
    files["bomb"].write_bytes(REFUSED_DOCUMENTS["zip bomb docx"][0])
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = subprocess.run([sys.executable, "-m", "core", *argv], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
