/**
 * The Deeplearning4j backend: {@link dev.cadenza.backend.dl4j.Dl4jProvider} builds LSTM sequence models on ND4J
 * (CPU natives for this platform by default; the Maven profile {@code cuda} swaps in the CUDA ones).
 */
package dev.cadenza.backend.dl4j;
