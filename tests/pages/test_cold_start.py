"""A new process draws the login page before the database layer loads (issue 18, cold start).

SQLAlchemy, SQLModel, the models and Alembic were about half of a new server's first script
run (BENCHMARKS.md, "Cold start"). Home.py draws the page and then calls
`ui.shell.run_startup_tasks`, which opens (and migrates) the database. The test runs Home.py
under AppTest in a fresh interpreter (this test process has the database layer loaded
already), records which database modules were loaded when the page had been drawn, and then
logs in with the very form that was drawn: the early page is the real one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core import accounts

ROOT = Path(__file__).resolve().parents[2]
USERNAME, PASSWORD = "cold-start", "a long enough pass phrase 42"

PROBE = f"""
import json, sys
from streamlit.testing.v1 import AppTest
import ui.shell

DATABASE = ("sqlalchemy", "sqlmodel", "alembic", "core.db")
seen = {{}}
original = ui.shell.run_startup_tasks

def probe(*args):  # Home.py calls this after the page has been drawn
    seen.setdefault("at_draw", sorted({{m for m in sys.modules if m.startswith(DATABASE)}}))
    original(*args)

ui.shell.run_startup_tasks = probe
at = AppTest.from_file({str(ROOT / "Home.py")!r}, default_timeout=120).run()
drawn = [t.label for t in at.text_input][:2]
at.text_input(key="login_username").set_value({USERNAME!r})
at.text_input(key="login_password").set_value({PASSWORD!r})
at.button[[b.label for b in at.button].index("Log in")].click().run()
print(json.dumps({{"at_draw": seen["at_draw"], "drawn": drawn, "exception": [str(e) for e in at.exception],
                  "links": [link.label for link in at.get("page_link")]}}))
"""


def test_the_login_page_draws_before_the_database_layer_loads_and_its_form_works(app_engine) -> None:
    accounts.create_account(app_engine, username=USERNAME, password=PASSWORD, repeat=PASSWORD, role="candidate")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["drawn"] == ["Username", "Password"]
    assert result["at_draw"] == [], "loaded before the login page was drawn"
    assert not result["exception"]
    assert "Home" in result["links"]  # logged in: the sidebar lists the app's pages
