"""The timed format (30 s to think, 50 s to answer) for an answer typed without the live
camera: the page shows the time left and says what happens at zero (AppTest; the clock
itself ticks in the browser, so its script is checked as data)."""

from __future__ import annotations

import json
import re
import time

from doubles import WallClock
from sqlmodel import Session, select, update
from streamlit.testing.v1 import AppTest

from core.db.models import Attempt, Question
from core.i18n import t
from tests.login import sign_in
from tests.pages.test_practice import PAGE, _button, app  # noqa: F401 - the Practice page fixture
from ui.practice import services
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


def _reload_and_type(uid: int) -> AppTest:
    """A reload (a new browser session): resume the session, no camera, answer by typing."""
    fresh = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(fresh, uid)
    fresh.run()
    next(b for b in fresh.button if b.label.startswith("Continue unfinished session")).click().run()
    _button(fresh, "I can't use a camera or microphone").click().run()
    fresh.radio[-1].set_value("text").run()
    assert not fresh.exception, fresh.exception
    return fresh


def _counts_from(clock: dict, before: float, after: float, ago_s: float) -> bool:
    """Whether the browser's countdown starts `ago_s` before the room was entered, which
    happened between the epoch times `before` and `after` (t0 is whole epoch ms; 0.05 s for
    the wall clock and the monotonic one the page mixes)."""
    return before - ago_s - 0.05 <= clock["t0"] / 1000 <= after - ago_s + 0.05


def test_a_reload_keeps_the_typed_clock_running_and_the_draft(app):  # noqa: F811
    """Issue #15: 40 s after the question appeared, a reload shows 40 s gone, not a new
    30 + 50 s, and the answer typed so far is still in the box."""
    at, _engine, uid = app
    wall = WallClock()
    services.service().clock = wall  # the service stamps when the question first appeared
    _offline_question(at, "timed")
    at.text_area[0].input("I led the billing rewrite").run()
    wall.advance(40)
    before = time.time()
    fresh = _reload_and_type(uid)
    after = time.time()
    assert fresh.text_area[0].value == "I led the billing rewrite"
    assert t("s22.practice.clock_restarted", "en") not in " ".join(c.value for c in fresh.caption)
    clock = _clock_payload(fresh)
    assert clock is not None and clock["phases"] == [["Prepare: {s} s left", 30.0], ["Answer: {s} s left", 50.0]]
    assert _counts_from(clock, before, after, ago_s=40.0)


def test_back_after_the_time_is_up_the_page_says_so_and_the_draft_can_still_be_sent(app):  # noqa: F811
    """Past 30 + 50 s the timed format does what it does at zero: it says time is up and sends
    nothing by itself; the draft stays and is sent as the answer."""
    at, engine, uid = app
    wall = WallClock()
    services.service().clock = wall
    _offline_question(at, "timed")
    draft = "I led the billing rewrite and cut invoice errors by 40 percent in 3 months."
    at.text_area[0].input(draft).run()
    wall.advance(200)
    fresh = _reload_and_type(uid)
    assert [w.value for w in fresh.warning] == [t("typed.timer.up", "en")]
    assert _clock_payload(fresh) is None  # nothing left to count down
    assert fresh.text_area[0].value == draft
    _button(fresh, "Submit answer").click().run()
    assert not fresh.exception, fresh.exception
    with Session(engine) as db:
        assert [a.text_answer for a in db.exec(select(Attempt).where(Attempt.user_id == uid))] == [draft]


def test_a_question_from_before_the_stored_times_says_its_clock_started_again(app):  # noqa: F811
    """Finding s22 #4, now only for rows that predate migration 0006: when such a question first
    appeared is unknown, so its clock restarts — and the page says so."""
    at, engine, uid = app
    _offline_question(at, "timed")
    restarted = t("s22.practice.clock_restarted", "en")
    assert restarted not in " ".join(c.value for c in at.caption)
    with Session(engine) as db:  # what the migration leaves on an older session
        db.exec(update(Question).values(shown_at=None))
        db.commit()
    before = time.time()
    fresh = _reload_and_type(uid)
    after = time.time()
    assert restarted in " ".join(c.value for c in fresh.caption)
    clock = _clock_payload(fresh)
    assert clock is not None and _counts_from(clock, before, after, ago_s=0.0)
