"""Session reports: scores, charts data, exports.

`build_report` and `load_report` are imported on first use (PEP 562): `ui.safe` (on every
page, the login page too) needs only `core.report.html`, and the report builder pulls in
the feedback and interview packages (seconds on a 2-core machine; issue 18, cold start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.report.build import build_report, load_report

__all__ = ["build_report", "load_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from core.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'core.report' has no attribute {name!r}")
