/**
 * The DJL backend: {@link dev.cadenza.backend.djl.DjlProvider} builds LSTM sequence models on DJL's PyTorch engine,
 * offline (the pinned {@code pytorch-native-cpu} jar), with DJL's usage reporting switched off.
 */
package dev.cadenza.backend.djl;
