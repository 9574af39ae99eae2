"""Snippets that run in the browser: reading the question aloud, stopping it, a ticking clock,
keeping a typed answer across a reload.

They go through `st.iframe` (an HTML string in a same-origin iframe, so the script may
reach `window.parent.speechSynthesis`); the iframe goes away with the element, so nothing
keeps running after the step is left. Text enters only as a JSON string literal with
"<", ">" and "&" escaped, so no question text can close the script tag or become markup.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st


def _literal(data: dict[str, object]) -> str:
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def read_aloud_html(text: str, language: str) -> str:
    """The speechSynthesis snippet for `text` (ko-KR / en-US voice)."""
    payload = _literal({"text": text, "lang": "ko-KR" if language == "ko" else "en-US"})
    return (
        "<script>(function(){const q=" + payload + ";"
        "const s=window.parent.speechSynthesis||window.speechSynthesis;if(!s)return;"
        "s.cancel();const u=new SpeechSynthesisUtterance(q.text);u.lang=q.lang;"
        "const v=s.getVoices().find(x=>x.lang&&x.lang.startsWith(q.lang.slice(0,2)));if(v)u.voice=v;"
        "s.speak(u);})();</script>"
    )


# Stops a question still being read when the answer starts: the microphone is unprocessed
# (no echo cancellation, see ui/live.py), so the speakers' voice would be recorded as the answer.
STOP_SPEAKING_HTML = ("<script>(function(){const s=window.parent.speechSynthesis||window.speechSynthesis;"
                      "if(s)s.cancel();})();</script>")


def read_aloud(text: str, language: str) -> None:
    """Speak the question in the browser (nothing leaves the browser)."""
    st.iframe(read_aloud_html(text, language), height=1)


def stop_speaking() -> None:
    st.iframe(STOP_SPEAKING_HTML, height=1)


def thinking_clock(label: str, started_ms: int) -> None:
    """A thinking-time counter that ticks in the browser (no reruns needed while thinking)."""
    payload = _literal({"label": label, "t0": started_ms})
    st.iframe(
        "<div id='c' style='font-family:sans-serif;font-size:0.9rem;color:#555'></div><script>"
        "const q=" + payload + ";const el=document.getElementById('c');"
        "function tick(){el.textContent=q.label.replace('{s}',Math.max(0,Math.floor((Date.now()-q.t0)/1000)));}"
        "tick();setInterval(tick,1000);</script>",
        height=28,
    )


def countdown_html(phases: Sequence[tuple[str, float]], done: str, started_ms: int) -> str:
    """A countdown through `phases` ((label with "{s}", seconds), in order) from `started_ms`
    (epoch ms), then `done`; it ticks in the browser, so no rerun is needed while it runs."""
    payload = _literal({"phases": [[label, float(seconds)] for label, seconds in phases], "done": done,
                        "t0": started_ms})
    return (
        "<div id='c' style='font-family:sans-serif;font-size:0.9rem;color:#555'></div><script>"
        "const q=" + payload + ";const el=document.getElementById('c');"
        "function tick(){let t=(Date.now()-q.t0)/1000;"
        "for(const [label,s] of q.phases){if(t<s){el.textContent=label.replace('{s}',Math.ceil(s-t));return;}"
        "t-=s;}el.textContent=q.done;}"
        "tick();setInterval(tick,500);</script>"
    )


def countdown(phases: Sequence[tuple[str, float]], done: str, started_ms: int) -> None:
    """Show `countdown_html` (the timed format's clock for an answer typed or recorded in the browser)."""
    st.iframe(countdown_html(phases, done, started_ms), height=28)


# The answer typed so far, kept in the browser until the server has it. Streamlit sends a text
# area's value only on blur or Ctrl+Enter, so text typed and then a reload (F5) with the cursor
# still in the box never reached `on_draft`. sessionStorage, not localStorage: it survives a
# reload of this tab and is gone when the tab closes, so nothing lingers on a shared coach
# laptop, and two tabs keep apart what each had typed. One key per question (ids are unique
# across sessions and users), so a draft can never land in another question's box.
DRAFT_KEY_PREFIX = "ares.practice.draft."


def draft_key(question_id: int) -> str:
    """The sessionStorage key of the typed answer to question `question_id`."""
    return f"{DRAFT_KEY_PREFIX}{int(question_id)}"


def keep_draft_html(question_id: int, label: str, submit: str, saved: str) -> str:
    """The snippet that keeps the answer box's text (the text area labelled `label`, found by
    its aria-label in the page) in the tab's sessionStorage as it is typed, and puts it back
    after a reload. `saved` is the text the server has (the box's value this run): while the
    box shows it, a different kept text is put back, and an equal one dropped; the copy is
    dropped too when the `submit` button is clicked (its blur sends the text with the click).
    Text goes back the way a React-controlled input accepts it (the native value setter, a
    bubbling `input` event), then a `focusout`, so Streamlit sends it at once and `on_draft`
    stores it — the user need not click into the box first."""
    payload = _literal({"key": draft_key(question_id), "label": label, "submit": submit, "saved": saved})
    return (
        "<script>(function(){const q=" + payload + ";"
        "const w=window.parent,d=w.document,s=w.sessionStorage;let box=null;"
        "function mine(t){return t.tagName==='TEXTAREA'&&t.getAttribute('aria-label')===q.label;}"
        "function find(){for(const t of d.querySelectorAll('textarea')){if(mine(t))return t;}return null;}"
        "function put(t,text){"
        "Object.getOwnPropertyDescriptor(w.HTMLTextAreaElement.prototype,'value').set.call(t,text);"
        "t.dispatchEvent(new w.Event('input',{bubbles:true}));"
        "if(d.activeElement!==t)t.dispatchEvent(new w.FocusEvent('focusout',{bubbles:true}));}"
        "function attach(){const t=find();if(!t||t===box)return;box=t;const kept=s.getItem(q.key);"
        # The box holds text the server lacks (typed before this frame's script ran): keep it.
        "if(t.value!==q.saved)s.setItem(q.key,t.value);"
        # The box shows the server's text: back after a reload, put the kept text in; else drop the copy.
        "else if(kept!==null&&kept!==t.value)put(t,kept);else s.removeItem(q.key);}"
        "function typed(e){if(mine(e.target))s.setItem(q.key,e.target.value);}"
        "function sent(e){const b=e.target.closest?e.target.closest('button'):null;"
        "if(b&&b.innerText.trim()===q.submit)s.removeItem(q.key);}"
        "d.addEventListener('input',typed,true);d.addEventListener('click',sent,true);"
        "const timer=setInterval(attach,300);attach();"  # the box may be drawn after this frame, or redrawn
        # The listeners sit on the page, not in this frame: when the frame goes (another
        # question's box, the answer sent) they go too, or they would keep the next box.
        "window.addEventListener('pagehide',()=>{clearInterval(timer);"
        "d.removeEventListener('input',typed,true);d.removeEventListener('click',sent,true);});"
        "})();</script>"
    )


def keep_draft(question_id: int, label: str, submit: str, saved: str) -> None:
    """Show `keep_draft_html` (while the typed-answer box of `question_id` is on the page)."""
    st.iframe(keep_draft_html(question_id, label, submit, saved), height=1)
