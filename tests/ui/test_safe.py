"""ui.safe.inert: every Markdown construct a user could type renders as its own text."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from ui.safe import inert

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

CASES = [
    "![](http://127.0.0.1:9/t.gif)", "[click](http://evil)", "<img src=x onerror=alert(1)>", "<http://evil>",
    "**b** _i_ ~~s~~ `code`", "# heading", "Title\n=====", "> quote", "- item\n+ item\n* item", "12. ordered",
    "    indented code", "```\nfenced\n```", "| a | b |\n|---|---|\n| 1 | 2 |", "---", "[x]: http://evil",
    "&lt;b&gt; &amp;", "\\*not escaped\\*",
]


@pytest.mark.parametrize("hostile", CASES)
def test_every_construct_renders_as_its_text(hostile):
    html = MD.render(inert(hostile, multiline=True))
    tags = set(re.findall(r"<(\w+)", html)) - {"p", "br"}
    assert not tags, (hostile, html)


def test_streamlit_extensions_cannot_form():
    source = inert(":red[x] :blue-background[y] $x$ $$y$$ :smile: :material/home: www.evil.test a@b.co http://e.x")
    for construct in (":red[", ":blue-background[", "$x$", "$$", ":smile:", ":material/", "www.", "@", "http:"):
        assert construct not in source
    assert ":smile:" not in MD.render(source)  # the emoji plugin runs on decoded text: a word joiner breaks it


def test_the_text_reads_the_same_after_rendering():
    text = "Cut costs by 30%, saved $2,000/month; why? 'Because' we \"measured\" it: 1.5x faster."
    rendered = MD.render(inert(text)).removeprefix("<p>").removesuffix("</p>\n")
    import html

    assert html.unescape(rendered).replace("\u2060", "") == text


# Streamlit 1.67's emoji plugin (remark-emoji) runs this on the decoded text nodes.
_EMOJI = re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII)


def _decoded(source: str) -> str:
    import html

    return html.unescape(MD.render(source))


@pytest.mark.parametrize("hostile", [":smile:", ":+1: :-1:", "a:b_c-d:e", ":streamlit:", "x :a::b: y", "1:2:3"])
def test_no_shortcode_survives_decoding(hostile):
    assert not _EMOJI.search(_decoded(inert(hostile))), hostile


@pytest.mark.parametrize("plain", [
    "STAR parts not heard in this answer: situation.", "Met at 10:30 on Mon.", "see the w. notes",
    "Note:", "질문: 왜 그랬나요?", "ratio 3:2", ":",
])
def test_a_colon_that_opens_no_shortcode_stays_a_plain_colon(plain):
    """What a user copies is what was written: no invisible character after ordinary colons."""
    assert "\u2060" not in inert(plain, multiline=True)
    assert html_text(inert(plain)) == plain


def html_text(source: str) -> str:
    return _decoded(source).removeprefix("<p>").removesuffix("</p>\n")


def test_the_apps_own_catalogue_text_renders_without_word_joiners():
    """Feedback text is composed from catalogue strings and stored; rendered inert, it must read
    exactly as the catalogue wrote it (was: "answer:\\u2060 situation")."""
    from core.i18n import load_catalog

    joined = [(key, lang) for key, entry in load_catalog().items() for lang, value in entry.items()
              if "\u2060" in inert(value, multiline=True)]
    assert not joined, joined[:10]


_AUTOLINK_LITERAL = re.compile(r"https?://|www\.|[\w.+-]@[\w-]", re.IGNORECASE)


@pytest.mark.parametrize("hostile", [
    "http://127.0.0.1:9/t.gif", "see https://evil.test/x now", "WWW.evil.test", "mail me: a.b+c@evil.test",
    "![](http://127.0.0.1:9/t.gif) <img src=http://127.0.0.1:9/img.gif>",
])
def test_no_autolink_literal_survives_decoding(hostile):
    """GFM links bare URLs, www. names and e-mail addresses found in the decoded text (the
    Chromium test saw 11 live links to the hostile host when only shortcodes were broken)."""
    decoded = html.unescape(inert(hostile, multiline=True))
    assert not _AUTOLINK_LITERAL.search(decoded), decoded
    assert decoded.replace("\u2060", "") == hostile  # still exactly the text, for the eye and a copy


@pytest.mark.parametrize("span", [(0, 24), (0, 25), (25, 64), (8, 24)])
def test_a_highlighted_transcript_keeps_the_space_between_sentences(monkeypatch, span):
    # New-user finding s22 #6: the attempt comparison read "...billing reports.My task...".
    from core.feedback.types import Evidence, FeedbackItem
    from ui import safe

    said = "I fixed billing reports. My task was to make ingestion reliable."
    shown: list[str] = []
    monkeypatch.setattr(safe.st, "markdown", shown.append)
    mark = FeedbackItem(kind="content", key="k", grade="good", text="", next_step="",
                        evidence=Evidence(char_start=span[0], char_end=span[1]))
    safe.transcript(said, [mark])
    assert "]M" not in shown[0] and " ]" not in shown[0]
    plain = re.sub(r":[a-z-]+\[([^\]]*)\]", r"\1", shown[0])
    assert html.unescape(MD.render(plain)).replace("\u2060", "").strip() == f"<p>{said}</p>"
