package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;

/**
 * Where each part of an architecture sits among the DL4J network's layers: [embedding,] then per LSTM layer the
 * LSTM and, with batch normalization, its normalization, then the output layer.
 */
record LayerIndex(ArchitectureSpec spec) {
  /** The embedding layer, or -1 for frame models. */
  int embedding() {
    return spec.input() == ArchitectureSpec.InputKind.TOKENS ? 0 : -1;
  }

  /** The LSTM layer {@code k}, from 0. */
  int lstm(int k) {
    return embedding() + 1 + k * (spec.batchNorm() ? 2 : 1);
  }

  /** The batch normalization after LSTM layer {@code k}, or -1 without batch normalization. */
  int norm(int k) {
    return spec.batchNorm() ? lstm(k) + 1 : -1;
  }

  /** The output layer. */
  int output() {
    return lstm(spec.layers());
  }

  /** The width of LSTM layer {@code k}'s input. */
  int lstmInputs(int k) {
    if (k > 0) {
      return spec.units();
    }
    return spec.input() == ArchitectureSpec.InputKind.TOKENS ? spec.embeddingSize() : spec.inputSize();
  }
}
