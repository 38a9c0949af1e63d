"""One local Spark session for the whole test session: starting a JVM takes seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession

from newsledger.spark.session import start_session


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = start_session("local[2]")
    # Small inputs: a few shuffle partitions keep each stage to a few tasks.
    session.conf.set("spark.sql.shuffle.partitions", "4")
    yield session
    session.stop()
