/**
 * How good a model is on music it did not train on: {@link dev.cadenza.evaluation.Likelihood}, the negative
 * log-likelihood per step with the whole piece as context.
 */
package dev.cadenza.evaluation;
