"""ui.practice.browser.keep_draft_html: the typed answer kept in the tab's sessionStorage;
forget_drafts_html: every kept answer removed (the login page, after a logout).

The snippets run in the browser (tests/e2e/test_typed_draft_reload.py drives them in
Chromium); here their payload is checked as data: whatever a label or a draft holds stays
inside one JSON string literal, and the key names the question. With node installed, the
forgetting snippet also runs against a stand-in sessionStorage."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ui.practice.browser import DRAFT_KEY_PREFIX, draft_key, forget_drafts_html, keep_draft_html

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


def test_forgetting_names_the_prefix_of_every_kept_answer():
    html = forget_drafts_html()
    assert _payload(html) == {"prefix": DRAFT_KEY_PREFIX}
    assert all(draft_key(n).startswith(DRAFT_KEY_PREFIX) for n in (1, 42, 10**9))
    assert html.startswith("<script>") and html.count("</script>") == 1 and html.endswith("</script>")


def test_a_prefix_cannot_close_the_forgetting_script():
    html = forget_drafts_html(HOSTILE)
    assert html.count("</script>") == 1 and "<img" not in html and "</SCRIPT" not in html
    assert not set("<>&") & set(_literal(html)) and _payload(html) == {"prefix": HOSTILE}


# A stand-in for window.parent.sessionStorage with the Web Storage interface the snippet uses.
# Its key(i) order shifts when a key goes, as a browser's may: a snippet that removed while
# walking the indexes would skip the key after each one removed.
STORAGE_JS = """
class FakeStorage {
  constructor(entries) { this.m = new Map(entries); }
  get length() { return this.m.size; }
  key(i) { const keys = [...this.m.keys()]; return i < keys.length ? keys[i] : null; }
  getItem(k) { return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(k, String(v)); }
  removeItem(k) { this.m.delete(k); }
}
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_forgetting_removes_every_kept_answer_and_nothing_else(tmp_path: Path):
    entries = [[draft_key(1), "I led the"], [draft_key(2), "결제 시스템"], [draft_key(30), "x"],
               ["ares.practice.draftless", "not a draft"], ["other.app", "kept"], [draft_key(4), ""]]
    body = forget_drafts_html().removeprefix("<script>").removesuffix("</script>")
    script = tmp_path / "forget.js"
    script.write_text(STORAGE_JS + f"const s = new FakeStorage({json.dumps(entries)});"
                      "globalThis.window = {parent: {sessionStorage: s}};\n" + body +
                      "\nconsole.log(JSON.stringify([...s.m.entries()]));", encoding="utf-8")
    ran = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == [["ares.practice.draftless", "not a draft"], ["other.app", "kept"]]
