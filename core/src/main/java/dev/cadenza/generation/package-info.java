/**
 * Generation: {@link dev.cadenza.generation.Sampler} draws the next token from a model's probabilities.
 */
package dev.cadenza.generation;
