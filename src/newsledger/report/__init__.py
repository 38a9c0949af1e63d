"""report: ledger → one self-contained HTML file (no external requests), built from store/queries.py."""

from newsledger.report.html import write_report

__all__ = ["write_report"]
