"""Connected components of a graph held in a ledger table, computed in SQL.

Relinking groups near-copies and event candidates over the whole ledger. A union-find in Python holds an
entry per node, so its memory grows with the corpus; here the labels live in DuckDB temp tables, which
DuckDB spills to disk past the ledger's memory limit, and Python holds nothing per node.

Label propagation with pointer jumping: every node starts labelled with itself; each round a node takes
the smallest label among itself and its neighbours, then the label of that label. Labels only decrease
and always name a node of the same component, so the rounds end with every node labelled with the
smallest node of its component (what `link.duplicates.components` gives), after a number of rounds that
grows with the logarithm of the component's diameter rather than with the diameter.
"""

from __future__ import annotations

import duckdb

# The edges, each once as (low, high), without loops.
_EDGES_SQL = """
CREATE OR REPLACE TEMP TABLE _cc_edges AS
SELECT DISTINCT least({source}, {target}) AS low, greatest({source}, {target}) AS high
FROM {edges} WHERE {source} <> {target}
"""
_START_SQL = """
CREATE OR REPLACE TEMP TABLE _cc_labels AS
SELECT low AS node, low AS label FROM _cc_edges UNION SELECT high, high FROM _cc_edges
"""
_ROUND_SQL = """
CREATE OR REPLACE TEMP TABLE _cc_next AS
WITH offered AS (
    SELECT e.high AS node, l.label FROM _cc_edges e JOIN _cc_labels l ON l.node = e.low
    UNION ALL
    SELECT e.low, l.label FROM _cc_edges e JOIN _cc_labels l ON l.node = e.high
    UNION ALL
    SELECT node, label FROM _cc_labels
), smallest AS (SELECT node, min(label) AS label FROM offered GROUP BY node)
SELECT s.node, least(s.label, j.label) AS label
FROM smallest s JOIN _cc_labels j ON j.node = s.label
"""
_CHANGED_SQL = "SELECT count(*) FROM _cc_next n JOIN _cc_labels l USING (node) WHERE n.label <> l.label"


def connected_components(
    con: duckdb.DuckDBPyConnection, edges: str, into: str, source: str = "first", target: str = "second"
) -> int:
    """Write the temp table `into` (node, component): every node of the edges of table `edges` with the
    smallest node joined to it. Returns the number of rounds it took (at least one)."""
    con.execute(_EDGES_SQL.format(edges=edges, source=source, target=target))
    con.execute(_START_SQL)
    rounds = 0
    try:
        while True:
            rounds += 1
            con.execute(_ROUND_SQL)
            changed = con.execute(_CHANGED_SQL).fetchone()
            con.execute("DROP TABLE _cc_labels")
            con.execute("ALTER TABLE _cc_next RENAME TO _cc_labels")
            if not changed or changed[0] == 0:
                break
        con.execute(f"CREATE OR REPLACE TEMP TABLE {into} AS SELECT node, label AS component FROM _cc_labels")
    finally:
        for table in ("_cc_edges", "_cc_labels", "_cc_next"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    return rounds
