"""`python -m core index/search`: progress on stderr, bad files skipped, JSON results."""

from __future__ import annotations

import json

import pytest
from rag_doc_builders import encrypted_pdf

from core.cli import main
from core.config import get_settings
from core.rag import service as rag_service
from core.rag.embeddings import HashingEmbedder


@pytest.fixture(autouse=True)
def quick_embeddings(monkeypatch):
    monkeypatch.setattr(rag_service, "resolve_embedder", lambda settings: HashingEmbedder(64))
    monkeypatch.setenv("ARES_DEMO_MODE", "false")  # no sample companies: these tests bring their own
    monkeypatch.setenv("ARES_COOKIE_KEY", "x" * 40)
    get_settings.cache_clear()
    rag_service._INDEXES.clear()
    yield
    rag_service._INDEXES.clear()


def test_index_skips_a_bad_file_and_indexes_the_others(tmp_path, capsys):
    good = tmp_path / "values.md"
    good.write_text("# Values\n\n## Risks\n\nOur biggest risk is hiring enough engineers.", encoding="utf-8")
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypted_pdf())
    korean = tmp_path / "소개.txt"
    korean.write_bytes("회사 소개\n\n우리는 전기 스쿠터를 만든다.".encode("cp949"))
    code = main(["index", "--company", "Acme", str(good), str(locked), str(korean)])
    out = capsys.readouterr()
    assert code == 1
    result = json.loads(out.out)
    assert [item["file"] for item in result["indexed"]] == [str(good), str(korean)]
    assert result["failed"] == [{"file": str(locked), "code": "encrypted", "message": result["failed"][0]["message"]}]
    assert "password" in result["failed"][0]["message"]
    assert "100%" in out.err and "skipped" in out.err

    code = main(["search", "--company", "acme", "biggest risk", "--k", "2", "--json"])
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 0 and len(results) == 2
    assert set(results[0]) == {"text", "source", "page", "section", "score"}
    assert results[0]["source"] == "Values" and results[0]["section"] == "Risks"


def test_search_for_an_unknown_company_is_a_one_line_user_error(capsys):
    assert main(["search", "--company", "Nobody", "anything"]) == 2
    assert "no company named 'Nobody'" in capsys.readouterr().err


def test_unknown_user_is_refused(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text("# A\n\ntext", encoding="utf-8")
    assert main(["index", "--company", "Acme", "--user", "ghost", str(doc)]) == 2
    assert "no user named 'ghost'" in capsys.readouterr().err
