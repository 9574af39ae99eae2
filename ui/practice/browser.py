"""Snippets that run in the browser: reading the question aloud, stopping it, a ticking clock.

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
