"""spark: the pipeline on an Apache Spark cluster, for corpora that outgrow one machine (docs/spark.md).

paths → documents (spark/read.py) → recurring lines per site (spark/process.py) → the per-document
function of the local runner inside `mapInArrow` (spark/process.py) → the corpus half on DataFrames:
near-duplicates, reused paragraphs, comparisons (spark/link.py) and events (spark/events.py) → Parquet
tables in the export schema (spark/job.py; store/parquet.py loads them into a ledger).

pyspark is imported only under this package, so the rest of newsledger never pays for it.
"""
