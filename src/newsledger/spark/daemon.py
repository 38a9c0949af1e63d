"""PySpark's Python worker daemon, with newsledger's language layer loaded before the first fork.

Spark runs `python -m newsledger.spark.daemon` once per executor when `spark.python.daemon.module` names
it (`start_session` does); see `newsledger.spark.preload` for why and what is loaded. The state lives in
that module, not in this one: run with `-m`, this file is `__main__`, which the forked workers' imports do
not see under its own name.
"""

from __future__ import annotations

if __name__ == "__main__":
    from newsledger.spark.preload import preload_language

    preload_language()

    # Imported after the preload, as PySpark's own daemon script would be run: its manager forks workers.
    from pyspark import daemon

    daemon.manager()
