"""PracticeService.warm_up: the first answer's analysis costs are paid before it, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core.db.models import Analysis, Attempt, InterviewSession


@pytest.mark.parametrize("language", ["en", "ko"])
def test_warm_up_runs_the_content_feedback_once_and_stores_nothing(db_engine, make_service, monkeypatch,
                                                                   language) -> None:
    from core.practice import service as service_module

    analysed: list[tuple[str, str]] = []
    real = service_module.analyze_answer

    def spy(answer, **kwargs):  # the real analysis, recorded
        analysed.append((answer.language, answer.answer_text))
        return real(answer, **kwargs)

    monkeypatch.setattr(service_module, "analyze_answer", spy)
    make_service(db_engine).warm_up(language)
    assert [lang for lang, _ in analysed] == [language]
    assert analysed[0][1] == service_module._WARM_ANSWERS[language][1]
    with Session(db_engine) as db:
        assert db.exec(select(Analysis)).all() == []
        assert db.exec(select(Attempt)).all() == []
        assert db.exec(select(InterviewSession)).all() == []
