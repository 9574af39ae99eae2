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


def _page_links(at) -> list[tuple[str, str]]:
    return [(element.proto.page, element.proto.label) for element in at.get("page_link")]


def test_a_demo_guest_is_told_there_is_no_password_instead_of_a_change_form(open_page, app_engine):
    # New-user finding s22 #8: a guest saw "Change password" asking for a current password.
    from core import accounts
    from core.config import get_settings
    from core.i18n import t

    guest = accounts.create_demo_guest(app_engine, get_settings(), client="test")
    at = open_page("pages/settings.py", user_id=guest.id, lang="ko")
    assert not at.exception, at.exception
    assert not [box for box in at.text_input if box.key == "pw_current"]
    hours = f"{get_settings().demo_guest_hours:g}"
    assert t("s22.settings.guest_no_password", "ko", hours=hours) in [c.value for c in at.caption]
    shared = open_page("pages/settings.py")  # the demo candidate: shared, no password either
    assert not [box for box in shared.text_input if box.key == "pw_current"]
    assert t("s22.settings.demo_no_password", "en") in [c.value for c in shared.caption]


def test_your_data_says_where_export_and_deletion_are_and_links_there(open_page, app_engine):
    from core.accounts import create_account
    from core.i18n import t

    user = create_account(app_engine, username="jordan", password="a long enough passphrase", role="candidate")
    at = open_page("pages/settings.py", user_id=user.id)
    assert not at.exception, at.exception
    assert [box.key for box in at.text_input if box.key == "pw_current"] == ["pw_current"]  # has a password
    assert t("s22.settings.data_where", "en") in [m.value for m in at.markdown]
    assert ("report", t("s22.settings.data_link", "en")) in _page_links(at)  # the Reports page's url path


def test_our_own_setting_words_are_translated_and_product_names_are_not():
    # New-user finding s22 #9: "면접관 엔진: offline", "음성 인식 모델: auto (auto, int8)".
    settings = Settings(llm_provider="offline", stt_model="auto", stt_language="auto", embedding_provider="offline")
    korean, english = describe_settings(settings, lang="ko"), describe_settings(settings)
    assert korean["settings.llm"] == "오프라인" and english["settings.llm"] == "offline"
    assert korean["settings.stt"].startswith("자동 (자동, ") and english["settings.stt"].startswith("auto (auto, ")
    assert korean["settings.embeddings"] == "오프라인"
    assert korean["settings.database"] == "SQLite" and korean["settings.vector_store"] == "Chroma"


def test_the_korean_sidebar_names_the_offline_interviewer_in_korean(open_page):
    at = open_page("pages/settings.py", lang="ko")
    assert not at.exception, at.exception
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("면접관 엔진:") for c in captions)
    assert not any(c == "면접관 엔진: offline" for c in captions)
