package dev.cadenza.testing;

import dev.cadenza.model.SequenceModelProvider;

/** The conformance kit on the reference backend with the LSTM. */
class ReferenceLstmConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new ReferenceProvider();
  }
}
