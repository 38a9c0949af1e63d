"""`newsledger serve`: the web app and JSON API over a ledger, on this machine only by default."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from newsledger.errors import LedgerError

err = Console(stderr=True, highlight=False, soft_wrap=True)


def serve_command(
    db: Annotated[Path, typer.Option("--db", help="The ledger file (DuckDB); it is only read.")] = Path(
        "ledger.duckdb"
    ),
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    refresh: Annotated[
        float, typer.Option(min=0.5, help="Seconds between checks for a changed ledger (new snapshot).")
    ] = 3.0,
) -> None:
    """Browse the ledger in a web browser, with a JSON API under /api/ (read-only, works offline)."""
    # Imported here: FastAPI and uvicorn are only needed by this command.
    import uvicorn

    from newsledger.web.app import create_app

    if not db.is_file():
        raise LedgerError(f"{db}: no such ledger (build one with `newsledger ingest INPUT --db {db}`)")
    app = create_app(db, refresh_seconds=refresh)
    # Say when a new snapshot is taken or an ingest holds the ledger back (web/snapshot.py logs both).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    web_log = logging.getLogger("newsledger.web")
    web_log.addHandler(handler)
    web_log.setLevel(logging.INFO)
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"Serving [bold]{escape(str(db))}[/] at [bold]http://{shown}:{port}/[/] "
        f"(API: /api/, reference: /docs) · snapshot taken {app.state.snapshot.taken_at:%H:%M:%S} UTC · "
        "Ctrl-C to stop"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
