"""The one-file HTML report: self-contained, escaped, and listing what the ledger holds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from newsledger.records import Article, Document, DocumentResult, Fingerprint
from newsledger.report import write_report
from newsledger.store import Ledger

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_report_lists_articles_escapes_text_and_loads_nothing_external(tmp_path: Path) -> None:
    document = Document(id="abcd1234abcd1234", origin="p/a.txt", media_type="text/plain", text="x")
    article = Article(
        id=document.id,
        document_id=document.id,
        origin="p/a.txt",
        url=None,
        outlet="baltic-wire",
        title=f"Unit refuses {HOSTILE}",
        byline=None,
        published=date(2022, 9, 12),
        page_date=None,
        body="A regiment refused to fight near the river crossing on Tuesday, relatives said.",
    )
    fingerprint = Fingerprint(minhash=b"\x00" * 8, bands=[1], paragraph_keys=[1], paragraph_words=[12])
    with Ledger.open(tmp_path / "l.duckdb") as ledger:
        ledger.write_results([DocumentResult(document, article, None, fingerprint, "baltic-wire")])
        path = write_report(ledger, tmp_path / "report.html")
    html = path.read_text()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "baltic-wire" in html and "2022-09-12" in html and "abcd1234abcd1234" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external resources"
    assert not list(tmp_path.glob(".*partial"))
