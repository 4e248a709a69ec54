/**
 * Cadenza on Apache Spark: corpus preparation ({@link dev.cadenza.spark.PrepareCorpus}, and the {@code spark}
 * {@link dev.cadenza.corpus.PreparationEngine} behind {@code cadenza prepare --engine spark}), batch generation
 * ({@link dev.cadenza.spark.GenerateMany}) and evaluation ({@link dev.cadenza.spark.Evaluate}) as Spark jobs. Spark is a
 * provided dependency: the cluster brings it, and nothing else in Cadenza sees it.
 */
package dev.cadenza.spark;
