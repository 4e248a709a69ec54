/**
 * Generation: {@link dev.cadenza.generation.Sampler} draws the next token from a model's logits, in log space.
 */
package dev.cadenza.generation;
