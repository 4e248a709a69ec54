package dev.cadenza.testing;

import dev.cadenza.model.SequenceModelProvider;

/** The conformance kit on the reference backend with the Transformer. */
class ReferenceTransformerConformanceTest extends TransformerConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new ReferenceProvider();
  }
}
