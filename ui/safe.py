r"""The one renderer for untrusted text: transcripts, typed answers, document text, question
text (from the LLM or a document), source passages, coach comments, company names, file names.

Escaped for HTML is not safe for Markdown: Streamlit renders Markdown in `st.markdown`,
`st.write`, `st.caption`, `st.info`/`warning`/`error`/`success`, and in the labels of
expanders, tabs, metrics, buttons, radios and most widgets. There `![](http://host/t.gif)` makes
the viewer's browser fetch a URL, `[x](http://evil)` is a live link, `:red[x]` a colour
directive, `$x$` LaTeX, `:smile:` an emoji. So untrusted text is either

- shown as plain text (`text(...)`, `st.text`: no Markdown, no HTML at all), or
- embedded in Markdown through `inert(...)`: every ASCII punctuation character becomes a
  numeric character reference (CommonMark decodes those *after* parsing, so they can never
  open a construct: not a link, image, autolink, HTML tag, emphasis, heading, table, list,
  code, math or directive), leading spaces are dropped (no indented code block), and a word
  joiner (U+2060, invisible) follows a colon only where a shortcode could start: Streamlit's
  emoji plugin matches `:\+1:|:-1:|:[\w-]+:` on the *decoded* text (ASCII `\w`, Streamlit
  1.67 `remark-emoji`, which also turns `:streamlit:` into its logo), so a colon directly
  followed by `[A-Za-z0-9_+-]+:` gets one. GFM's autolink literals are found the same way,
  on the decoded text (remark-gfm: `http://`, `https://`, `www.` and `name@host.tld` become
  live links), so a joiner also sits in "http:⁠//", "www⁠." and after "@". Any other
  colon ("answer: situation", "10:30") stays a plain colon, so what a user copies is what was
  written. Icons (`:material/x:`) are rewritten on the raw source, where the colon is a
  character reference.

`unsafe_allow_html` is never used with user text. `tests/pages/test_hostile_text.py` walks
every page with such text in every field; `docs/security.md` states the guarantee.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import streamlit as st

from ui.context import tr

if TYPE_CHECKING:  # imported lazily: the login page does not load the feedback models
    from core.feedback.types import FeedbackItem

# CommonMark: "Any ASCII punctuation character may be backslash-escaped" — those are the
# characters that can open or close a construct. A few can never do so on their own and stay
# readable in the source (links and autolinks need ":", "[", "<", "@" or "www.", all escaped).
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_NEVER_SYNTAX = frozenset(",;?%'\"/")
_WORD_JOINER = "\u2060"  # invisible; breaks ":name:" shortcodes and autolink literals after decoding
# A colon that could open an emoji shortcode (remark-emoji: /:\+1:|:-1:|:[\w-]+:/g, JS ASCII \w).
_SHORTCODE_AFTER = re.compile(r"[A-Za-z0-9_+-]+:")
_EMAIL_LOCAL_END = re.compile(r"[\w.+-]")  # the character before "@" in an e-mail literal
_EMAIL_HOST_START = re.compile(r"[\w-]")  # the character after it
_HIGHLIGHT = {"good": "green-background", "average": "orange-background", "needs_improvement": "red-background"}


def _escape_line(line: str) -> str:
    out = []
    for i, ch in enumerate(line):
        if ch == ":":
            opens_link = _SHORTCODE_AFTER.match(line, i + 1) is not None or line.startswith("//", i + 1)
            out.append("&#58;" + _WORD_JOINER if opens_link else "&#58;")
        elif ch == ".":
            # A period opens something only as an ordered-list marker ("12." at the start of a
            # line) or in a "www." autolink literal (broken by a joiner); elsewhere it stays readable.
            before = line[:i]
            www = before[-3:].lower() == "www"
            out.append((_WORD_JOINER if www else "") + "&#46;" if before.isdigit() or www else ".")
        elif ch == "@":
            # GFM links "name@host" found in the decoded text (an e-mail autolink literal).
            email = _EMAIL_LOCAL_END.match(line[i - 1:i]) is not None and _EMAIL_HOST_START.match(line, i + 1)
            out.append("&#64;" + _WORD_JOINER if email else "&#64;")
        elif ch in _ASCII_PUNCTUATION and ch not in _NEVER_SYNTAX:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def inert(value: Any, *, multiline: bool = False) -> str:
    """`value` as Markdown source that renders as exactly its text (no construct of any kind).

    Line breaks become hard breaks when `multiline` is true, else spaces (labels and inline
    use). `None` renders as an empty string.
    """
    text = "" if value is None else str(value)
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Leading blanks would open an indented code block; tabs render as spaces anyway.
        lines.append(_escape_line(line.lstrip(" \t").replace("\t", " ")))
    if multiline:
        return "  \n".join(lines)
    return " ".join(line for line in lines if line)


def trs(key: str, **values: Any) -> str:
    """`tr(key, ...)` with every value made inert (the catalogue text itself is trusted)."""
    return tr(key, **{name: inert(value) for name, value in values.items()})


def text(value: Any) -> None:
    """Untrusted text as plain text (`st.text`: neither Markdown nor HTML is interpreted)."""
    st.text("" if value is None else str(value))


def markdown_line(*parts: str) -> None:
    """Join already-inert pieces (and trusted Markdown such as bold labels) into one line."""
    st.markdown(" ".join(p for p in parts if p))


def transcript(transcript_text: str, feedback: Iterable[FeedbackItem]) -> None:
    """The transcript with the moments feedback points at highlighted (Streamlit's own
    background directives around inert text; no HTML)."""
    if not transcript_text:
        return
    # Imported here, not with the module: every page (the login page too) imports ui.safe,
    # and core.report.html pulls in plotly and the report builder (issue 18, cold start).
    from core.report.html import highlight_segments

    out = []
    for piece, item in highlight_segments(transcript_text, list(feedback)):
        # `inert` drops a line's leading blanks (they would open a code block); mid-line, after
        # the previous piece, they are the space between two sentences ("reports. My task"),
        # so one is kept outside the directive (new-user finding s22 #6).
        if out and piece[:1] in (" ", "\t"):
            out.append(" ")
        if item is None:
            out.append(inert(piece, multiline=True))
            continue
        colour = _HIGHLIGHT.get(item.grade or "", "gray-background")
        # A directive's label stays on one line: wrap each line of the piece on its own. A blank
        # at the end of a label goes outside it, where it still separates the next sentence.
        lines = [inert(line) for line in piece.replace("\r\n", "\n").split("\n")]
        out.append("  \n".join(f":{colour}[{line.rstrip(' ')}]" + (" " if line.endswith(" ") else "")
                                if line.strip() else "" for line in lines))
    st.markdown("".join(out))


__all__ = ["inert", "markdown_line", "text", "transcript", "trs"]
