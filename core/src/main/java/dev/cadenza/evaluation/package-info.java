/**
 * How good a model and its music are: {@link dev.cadenza.evaluation.Likelihood}, the negative log-likelihood per step
 * with the whole piece as context (factorized and exact forms); {@link dev.cadenza.evaluation.PolyphonicBenchmark}, the
 * published polyphonic music benchmark rerun; {@link dev.cadenza.evaluation.MusicFeatures},
 * {@link dev.cadenza.evaluation.SetComparison} and {@link dev.cadenza.evaluation.Memorization}, generated music against
 * a reference set.
 */
package dev.cadenza.evaluation;
