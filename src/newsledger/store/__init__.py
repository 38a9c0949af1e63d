"""store: DocumentResult batches and link results → the ledger (one DuckDB file). The store owns all SQL."""

from newsledger.store.ledger import Ledger

__all__ = ["Ledger"]
