"""The workspace's user-fixable error (an i18n key plus details for the CLI)."""

from __future__ import annotations


class WorkspaceError(ValueError):
    """A coaching action the user can fix; `key` is an i18n message key, `detail` a short
    value for the message (a file name, a row number)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
