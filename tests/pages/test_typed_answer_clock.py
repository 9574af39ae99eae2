"""The timed format (30 s to think, 50 s to answer) for an answer typed without the live
camera: the page shows the time left and says what happens at zero (AppTest; the clock
itself ticks in the browser, so its script is checked as data)."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from core.i18n import t
from tests.login import sign_in
from tests.pages.test_practice import PAGE, _button, app  # noqa: F401 - the Practice page fixture
from ui.practice.browser import countdown_html


def _offline_question(at: AppTest, fmt: str) -> None:
    at.run()
    at.checkbox[0].uncheck()  # no read-aloud (no browser here)
    next(r for r in at.radio if r.label == "Format").set_value(fmt)
    at.button[0].click().run()  # "Set up devices" (form submit)
    _button(at, "I can't use a camera or microphone").click().run()
    at.radio[-1].set_value("text").run()
    assert not at.exception, at.exception


def _clock_payload(at: AppTest) -> dict | None:
    for element in at.get("iframe"):
        html = element.proto.srcdoc
        if "phases" in html:
            return json.loads(re.search(r"const q=(\{.*?\});", html).group(1))
    return None


def test_a_typed_timed_answer_shows_the_time_left_and_what_happens_at_zero(app):  # noqa: F811
    at, _engine, _uid = app
    _offline_question(at, "timed")
    captions = " ".join(c.value for c in at.caption)
    assert t("typed.timer.rule", "en", prep=30, answer=50) in captions
    clock = _clock_payload(at)
    assert clock is not None, "no countdown on the page"
    assert clock["phases"] == [["Prepare: {s} s left", 30.0], ["Answer: {s} s left", 50.0]]
    assert clock["done"] == "Time is up — send what you have written."
    assert at.text_area, "the answer box stays"


def test_an_untimed_typed_answer_has_no_countdown(app):  # noqa: F811
    at, _engine, _uid = app
    _offline_question(at, "standard")
    assert _clock_payload(at) is None
    assert t("typed.timer.rule", "en", prep=30, answer=50) not in " ".join(c.value for c in at.caption)


def test_the_countdown_script_cannot_be_broken_by_its_labels():
    html = countdown_html([("</script><img src=x> {s}", 3.0)], "done & <b>", 0)
    assert html.count("</script>") == 1 and "<img" not in html and "<b>" not in html


def test_a_timed_answer_recorded_in_the_browser_gets_the_same_clock_and_an_upload_the_limit(app):  # noqa: F811
    """Finding s22 #4: the browser-recording fallback showed no clock; an upload says the limit."""
    at, _engine, _uid = app
    _offline_question(at, "timed")
    at.radio[-1].set_value("audio").run()
    assert not at.exception, at.exception
    clock = _clock_payload(at)
    assert clock is not None, "no countdown next to the recorder"
    assert clock["phases"] == [["Prepare: {s} s left", 30.0], ["Answer: {s} s left", 50.0]]
    assert clock["done"] == t("s22.practice.record_time_up", "en")
    at.radio[-1].set_value("upload").run()
    assert _clock_payload(at) is None
    assert t("s22.practice.upload_rule", "en", answer=50) in " ".join(c.value for c in at.caption)


def test_no_camera_answer_methods_are_shown_directly_not_as_other_ways(app):  # noqa: F811
    """Finding s22 #10: without the camera the answer methods are the way to answer."""
    at, _engine, _uid = app
    _offline_question(at, "standard")
    assert "Other ways to answer" not in [e.label for e in at.expander]
    assert any(m.value == "**Your answer**" for m in at.markdown)


def test_a_resumed_timed_question_says_its_clock_started_again(app):  # noqa: F811
    """Finding s22 #4: the question's first start is not stored, so after a resume the clock
    restarts from 30 s — and the page says so instead of pretending it is the same clock."""
    at, _engine, uid = app
    _offline_question(at, "timed")
    restarted = t("s22.practice.clock_restarted", "en")
    assert restarted not in " ".join(c.value for c in at.caption)
    fresh = AppTest.from_file(PAGE, default_timeout=60)  # a reload: new browser session
    sign_in(fresh, uid)
    fresh.run()
    next(b for b in fresh.button if b.label.startswith("Continue unfinished session")).click().run()
    _button(fresh, "I can't use a camera or microphone").click().run()
    fresh.radio[-1].set_value("text").run()
    assert not fresh.exception, fresh.exception
    assert restarted in " ".join(c.value for c in fresh.caption)
    assert _clock_payload(fresh) is not None
