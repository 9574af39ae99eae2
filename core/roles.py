"""Account roles: the one list, without database imports.

The login page's registration form offers these before SQLAlchemy is loaded (issue 18, cold
start: the login page of a new process draws without the database layer); `core.accounts`
checks a new account's role against the same tuple.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["candidate", "coach"]
ROLES: tuple[Role, ...] = ("candidate", "coach")
