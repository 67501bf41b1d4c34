#!/usr/bin/env python3
"""Runs `gazette stream` under Apache Spark in local mode with RDD.pipe, over a manifest spread across several
partitions, and prints the report (or error) objects it got back as JSON Lines on standard output.

    python3 spark_check.py GAZETTE MANIFEST.jsonl PARTITIONS
"""
import json
import sys

from pyspark.sql import SparkSession

gazette, manifest, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
spark = (SparkSession.builder.master("local[2]").appName("gazette-spark-check")
         .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
lines = spark.sparkContext.textFile(manifest, minPartitions=partitions)
assert lines.getNumPartitions() >= partitions, lines.getNumPartitions()
results = lines.pipe(gazette + " stream").collect()
spark.stop()
for line in results:
    json.loads(line)  # every line is one JSON object
    print(line)
