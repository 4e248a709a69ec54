package dev.cadenza.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that runs its jobs on Spark in local mode, two threads, one context for the class. */
abstract class LocalSpark {
  /** The context of the running test class. */
  static JavaSparkContext spark;

  @BeforeAll
  static void start() {
    spark = SparkJobs.context("cadenza tests", "local[2]");
  }

  @AfterAll
  static void stop() {
    spark.close();
  }
}
