"""The Spark job's driver side: independent steps run their Spark jobs side by side."""

from __future__ import annotations

import threading

import pytest
from pyspark.sql import SparkSession

from newsledger.spark.job import _concurrently


def test_independent_steps_run_at_once_in_the_callers_job_group_and_keep_their_order(
    spark: SparkSession,
) -> None:
    both_running = threading.Barrier(2, timeout=60)  # broken (an error) when the steps run one by one

    def step(size: int) -> int:
        both_running.wait()
        return spark.range(size).count()

    context = spark.sparkContext
    context.setJobGroup("newsledger-test-concurrently", "test")
    try:
        assert _concurrently(spark, [lambda: step(5), lambda: step(7)]) == [5, 7]
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
    assert len(context.statusTracker().getJobIdsForGroup("newsledger-test-concurrently")) >= 2


def test_a_failed_step_is_raised_once_the_others_have_finished(spark: SparkSession) -> None:
    finished: list[int] = []

    def fails() -> int:
        raise ValueError("bad step")

    def counts() -> int:
        finished.append(spark.range(3).count())
        return finished[-1]

    with pytest.raises(ValueError, match="bad step"):
        _concurrently(spark, [fails, counts])
    assert finished == [3]
