"""ui.practice.browser.keep_draft_html: the typed answer kept in the tab's sessionStorage.

The snippet runs in the browser (tests/e2e/test_typed_draft_reload.py drives it in Chromium);
here its payload is checked as data: whatever a label or a draft holds stays inside one JSON
string literal, and the key names the question."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ui.practice.browser import DRAFT_KEY_PREFIX, draft_key, keep_draft_html

HOSTILE = '</script><img src=x onerror=alert(1)> & "quoted" \u2028 </SCRIPT >'


def _literal(html: str) -> str:
    """The snippet's data: the JSON literal after `const q=`."""
    start = html.index("const q=") + len("const q=")
    _value, end = json.JSONDecoder().raw_decode(html, start)
    return html[start:end]


def _payload(html: str) -> dict:
    return json.loads(_literal(html))


def test_the_key_names_the_question():
    html = keep_draft_html(4217, "Type your answer", "Submit answer", "")
    assert _payload(html)["key"] == draft_key(4217) == f"{DRAFT_KEY_PREFIX}4217"
    assert draft_key(4217) != draft_key(421) and draft_key(4217) != draft_key(42170)


def test_a_label_or_draft_cannot_close_the_script_or_become_markup():
    html = keep_draft_html(7, HOSTILE, HOSTILE, HOSTILE)
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<img" not in html and "</SCRIPT" not in html
    assert not set("<>&") & set(_literal(html))  # the script's own "&&" is code, not data
    payload = _payload(html)
    assert payload == {"key": draft_key(7), "label": HOSTILE, "submit": HOSTILE, "saved": HOSTILE}


def test_the_korean_labels_and_draft_arrive_as_written():
    draft = "결제 시스템을 다시 만들었습니다.\n두 번째 줄"
    payload = _payload(keep_draft_html(3, "답변 입력", "답변 제출", draft))
    assert (payload["label"], payload["submit"], payload["saved"]) == ("답변 입력", "답변 제출", draft)


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed (only a syntax check)")
def test_the_script_parses(tmp_path: Path):
    html = keep_draft_html(9, HOSTILE, "Submit answer", "a draft")
    script = tmp_path / "keep_draft.js"
    script.write_text(html.removeprefix("<script>").removesuffix("</script>"), encoding="utf-8")
    checked = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
