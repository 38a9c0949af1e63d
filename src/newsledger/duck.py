"""DuckDB helpers shared by the steps that keep tables in it: line counts (clean), links, the ledger."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pyarrow as pa


def append(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: pa.Table | Mapping[str, object],
    *,
    replace: bool = False,
) -> None:
    """Insert rows into `table` as one Arrow batch, by column name: a pyarrow Table, or Arrow arrays,
    numpy arrays or lists by column name. Much faster than row by row. `replace`: INSERT OR REPLACE."""
    batch = columns if isinstance(columns, pa.Table) else pa.table(dict(columns))
    if not batch.num_rows:
        return
    names = ", ".join(f'"{name}"' for name in batch.column_names)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    con.register("_append_batch", batch)
    try:
        con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM _append_batch")
    finally:
        con.unregister("_append_batch")
