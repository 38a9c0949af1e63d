"""Write the one-file HTML report: overview, events, comparisons, outlets, articles and duplicates.

Everything is inlined (CSS in the template); autoescaping is on because article text is hostile input.
The map of events is still to come (issue 7).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from newsledger import __version__
from newsledger.store import Ledger
from newsledger.store.queries import (
    claim_figures,
    ledger_counts,
    list_articles,
    list_comparisons,
    list_events,
    outlet_counts,
    rejection_counts,
)


def write_report(ledger: Ledger, out: Path) -> Path:
    env = Environment(
        loader=PackageLoader("newsledger.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    counts = ledger_counts(ledger.con)
    comparisons = list_comparisons(ledger.con)
    html = env.get_template("report.html.j2").render(
        events=list_events(ledger.con, limit=1000),
        comparisons=[(c, claim_figures(ledger.con, None, c.claim_ids)) for c in comparisons],
        counts=counts,
        outlets=outlet_counts(ledger.con),
        articles=list_articles(ledger.con, limit=counts.articles or 1),
        rejections=rejection_counts(ledger.con),
        ledger_name=ledger.path.name,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
    partial = out.with_name(f".{out.name}.partial")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, out)
    return out
