"""Starting the SparkSession a job runs on: a local one (`local[N]`) or whatever `spark-submit` set up."""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructType

from newsledger.errors import NewsledgerError, first_line
from newsledger.spark.preload import PRELOAD_VARIABLE

# The log of a local JVM: errors only, on stderr. Spark's default profile also prints warnings and a
# banner about itself, which would interleave with newsledger's progress and summary.
_QUIET_LOG = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
# At the root's level, so Spark does not announce that it changes the root level for PySpark.
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = error
"""


# A local JVM only schedules and shuffles while Python does the work, and lives for one job: the quick
# JIT tier and the single-threaded collector leave more CPU to the Python workers (measured with 2 cores:
# 47 s of JVM CPU with the JVM's defaults and 24 s with these on 2,000 pages; 82 s with the full JIT and
# 49 s with the quick tier on 20,000).
_LOCAL_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


class SparkError(NewsledgerError):
    """Spark cannot start, or a Spark job failed for a reason the user can act on."""


def start_session(master: str | None = None, *, preload_language: bool = True) -> SparkSession:
    """The session for a job: on `master` when given, else where `spark-submit` placed it, else local[*].

    Every executor's Python workers fork from newsledger's daemon, which loads the language layer first
    when `preload_language` is set (pass the job's `settings.nlp.enabled`; see `newsledger.spark.preload`).
    Local sessions run their Python workers with this interpreter (the one newsledger is installed in)
    and bind to the loopback address; a cluster's own settings (spark-defaults.conf, spark-submit flags)
    are left alone.
    """
    builder = SparkSession.builder.appName("newsledger")
    # spark-submit starts the JVM first and hands its gateway to the Python driver through this variable;
    # the master it was given is then in the JVM's configuration already.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    chosen = master or ("" if submitted else "local[*]")
    if chosen:
        builder = builder.master(chosen)
    if chosen.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # The driver starts its local Python workers with this variable (not spark.pyspark.python).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.enabled", "false")
        # Spark's default of 200 shuffle partitions suits a cluster; on one machine each costs a task.
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * _local_cores(chosen)))
        # The job keeps the pages in Spark's cache between passes; compressing that cache cost more JVM CPU
        # than the whole per-document pass in Python (measured on 20,000 pages: 16 s against 3 s).
        builder = builder.config("spark.sql.inMemoryColumnarStorage.compressed", "false")
        log_config = _written(_QUIET_LOG, ".properties")
        builder = builder.config(
            "spark.driver.extraJavaOptions", f"{_LOCAL_JVM} -Dlog4j2.configurationFile={log_config}"
        )
    builder = builder.config("spark.python.daemon.module", "newsledger.spark.daemon")
    if preload_language:
        builder = builder.config(f"spark.executorEnv.{PRELOAD_VARIABLE}", "1")
    # newsledger shows its own progress; Spark's console bar would write over it.
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # the JVM did not start: py4j and pyspark raise several types for that
        raise SparkError(
            f"cannot start Spark (master {chosen or 'from spark-submit'}): {first_line(err, 300)}; "
            "Spark needs Java 17 or newer (java on the PATH or JAVA_HOME)"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _written(text: str, suffix: str) -> Path:
    """`text` in a temporary file that lasts as long as this process."""
    handle, name = tempfile.mkstemp(prefix="newsledger-", suffix=suffix)
    with os.fdopen(handle, "w") as file:
        file.write(text)
    atexit.register(os.unlink, name)
    return Path(name)


def _local_cores(master: str) -> int:
    """The worker threads of a local master: local, local[4], local[*], local[4,2] (with retries)."""
    inside = master.partition("[")[2].partition("]")[0].split(",")[0]
    if inside.isdigit():
        return int(inside)
    return os.cpu_count() or 1 if inside == "*" else 1


def frame_from_arrow(spark: SparkSession, table: pa.Table, schema: StructType | None = None) -> DataFrame:
    """A DataFrame of rows the driver holds, handed to the JVM as Arrow.

    Not `createDataFrame(list)` or `parallelize`: those run a Python step on the executors through the
    RDD API, whose Python workers come from a daemon of their own, apart from the one the SQL steps use;
    with the language layer preloaded, each such daemon loads it again (about 3 s of a job).
    """
    return spark.createDataFrame(table, schema)
