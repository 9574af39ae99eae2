"""An answer that cannot be analysed says why in the session's language (issue 17)."""

from __future__ import annotations

import pytest
from practice_fakes import FakeSpeech, write_wav

from core.i18n import t
from core.media.audio import AudioError


class SilentSpeech(FakeSpeech):
    def __call__(self, path, language, transcript, **_context):  # type: ignore[no-untyped-def]
        raise AudioError("silent", "peak below 3.2e-04")


def _submit(engine, make_user, make_service, tmp_path, speech, language):  # type: ignore[no-untyped-def]
    user = make_user(engine)
    service = make_service(engine, transcribe=speech)
    session_id = service.start_session(user, company="Acme", role="Backend engineer", language=language)
    question = service.next_question(user, session_id)
    attempt = service.begin_attempt(user, question.id, "audio")
    return service.submit_answer(user, attempt.id, audio_path=write_wav(tmp_path / "a.wav"))


def test_a_silent_recording_is_explained_in_korean(db_engine, make_user, make_service, tmp_path):
    result = _submit(db_engine, make_user, make_service, tmp_path, SilentSpeech(), "ko")
    assert result.status == "failed"
    assert result.error == t("speech.audio_error.silent", "ko")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_no_speech_is_explained_in_the_session_language(db_engine, make_user, make_service, tmp_path, language):
    result = _submit(db_engine, make_user, make_service, tmp_path, FakeSpeech(transcript=" "), language)
    assert result.status == "failed"
    assert result.error == t("practice.error.no_speech", language)
