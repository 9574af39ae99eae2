"""Session reports: scores, charts data, exports."""

from core.report.build import build_report, load_report

__all__ = ["build_report", "load_report"]
