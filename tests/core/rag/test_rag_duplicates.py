"""The same document uploaded twice is recognised by content; a passage is never returned twice."""

from __future__ import annotations

import json

import pytest
from pdf_font_builders import pdf_without_tounicode
from rag_doc_builders import text_pdf

from core.cli import main
from core.config import get_settings
from core.rag import service as rag_service
from core.rag.embeddings import HashingEmbedder
from core.rag.index import distinct_passages
from core.rag.service import content_fingerprint
from core.rag.types import Passage

REPORT = ["Company Overview\nOrbitline Logistics runs 14 cross-dock warehouses in the Midwest and employs 2,300 "
          "people.\nResults for 2025\nRevenue reached 612 million dollars in 2025, up 9 percent.",
          "Outlook\nIn 2026 Orbitline plans to open a cold-chain hub in Indianapolis."]


@pytest.fixture(autouse=True)
def quick_embeddings(monkeypatch):
    monkeypatch.setattr(rag_service, "resolve_embedder", lambda settings: HashingEmbedder(64))
    monkeypatch.setenv("ARES_DEMO_MODE", "false")
    monkeypatch.setenv("ARES_COOKIE_KEY", "x" * 40)
    get_settings.cache_clear()
    rag_service._INDEXES.clear()
    yield
    rag_service._INDEXES.clear()


def test_fingerprint_ignores_case_spacing_and_line_wrapping():
    assert content_fingerprint("Revenue  reached\n612 million.") == content_fingerprint("revenue reached 612 MILLION.")
    assert content_fingerprint("Revenue reached 612 million.") != content_fingerprint("Revenue reached 613 million.")


def test_renamed_copy_is_already_in_the_library_and_search_never_repeats_a_passage(tmp_path, capsys):
    first = tmp_path / "orbitline_annual_report_2025.pdf"
    first.write_bytes(text_pdf(REPORT, title="Orbitline Annual Report 2025"))
    copy = tmp_path / "Orbitline AR 2025 (final).pdf"
    copy.write_bytes(first.read_bytes())
    assert main(["index", "--company", "Orbitline", str(first), str(copy)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [item["file"] for item in result["indexed"]] == [str(first)]
    assert result["failed"] == []
    [duplicate] = result["duplicates"]
    assert duplicate["file"] == str(copy) and duplicate["document_id"] == result["indexed"][0]["document_id"]
    assert "already in the library" in duplicate["message"]

    assert main(["search", "--company", "Orbitline", "revenue 2025", "--k", "5", "--json"]) == 0
    texts = [" ".join(r["text"].split()) for r in json.loads(capsys.readouterr().out)["results"]]
    assert len(texts) == len(set(texts)) == 2


def test_duplicate_message_follows_the_session_language(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("# 회사 소개\n\n우리는 전기 스쿠터를 만든다.", encoding="utf-8")
    again = tmp_path / "b.md"
    again.write_text("# 회사 소개\n\n우리는  전기 스쿠터를\n만든다.", encoding="utf-8")
    assert main(["index", "--company", "한빛", "--language", "ko", str(doc), str(again)]) == 0
    out = capsys.readouterr()
    assert "이미 자료실에" in json.loads(out.out)["duplicates"][0]["message"]
    assert "회사" in out.err and "created company" not in out.err


def test_replace_makes_the_copy_the_new_version(tmp_path, capsys):
    first = tmp_path / "report.pdf"
    first.write_bytes(text_pdf(REPORT))
    assert main(["index", "--company", "Orbitline", str(first)]) == 0
    original = json.loads(capsys.readouterr().out)["indexed"][0]["document_id"]
    assert main(["index", "--company", "Orbitline", "--replace", "--title", "Final", str(first)]) == 0
    replaced = json.loads(capsys.readouterr().out)
    assert replaced["duplicates"] == [] and replaced["indexed"][0]["title"] == "Final"
    settings = get_settings()
    from sqlmodel import Session

    from core.db.engine import get_engine
    from core.db.models import Document

    with Session(get_engine(settings.sqlalchemy_url)) as session:
        new = session.get(Document, replaced["indexed"][0]["document_id"])
        old = session.get(Document, original)
        assert new is not None and old is not None
        assert new.group_id == old.group_id and new.version == old.version + 1
    index = rag_service.get_index(settings)
    assert index.chunk_count(original) == 0  # the old version's passages left the index


def test_garbled_pdf_is_refused_and_nothing_is_indexed(tmp_path, capsys):
    junk = tmp_path / "report.pdf"
    junk.write_bytes(pdf_without_tounicode(REPORT))
    assert main(["index", "--company", "Seorim", "--language", "ko", str(junk)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["indexed"] == [] and result["failed"][0]["code"] == "garbled"
    assert "DOCX" in result["failed"][0]["message"] and "다시" in result["failed"][0]["message"]
    assert main(["search", "--company", "Seorim", "revenue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"] == []


def test_distinct_passages_keeps_the_best_ranked_copy_and_fills_k():
    def passage(text: str, source: str, score: float) -> Passage:
        return Passage(text=text, source=source, page=1, section="", score=score)

    ranked = [passage("Revenue rose 9%.", "a.pdf", 1.0), passage("revenue  rose 9%.", "b.pdf", 0.9),
              passage("Outlook for 2026.", "a.pdf", 0.5), passage("Values.", "a.pdf", 0.4)]
    assert [(p.source, p.text) for p in distinct_passages(ranked, 2)] == [("a.pdf", "Revenue rose 9%."),
                                                                           ("a.pdf", "Outlook for 2026.")]
