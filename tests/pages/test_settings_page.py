"""The Settings page's system section in the user's language."""

from __future__ import annotations

from core.config import Settings, describe_settings


def _texts(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_korean_settings_name_the_local_media_folder_in_korean(open_page):
    at = open_page("pages/settings.py", lang="ko")
    assert not at.exception, at.exception
    text = _texts(at)
    assert "로컬 폴더" in text
    assert "Local directory" not in text


def test_settings_values_follow_the_language_and_keep_product_names():
    settings = Settings(chroma_host="chroma.internal")
    english = describe_settings(settings)
    korean = describe_settings(settings, lang="ko")
    assert english["settings.media"] == "Local directory" and korean["settings.media"] == "로컬 폴더"
    assert english["settings.vector_store"] == "Chroma server" and korean["settings.vector_store"] == "Chroma 서버"
    assert korean["settings.database"] == english["settings.database"] == "SQLite"
