package dev.cadenza.backend.djl;

import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.TransformerConformanceKit;

/** The backend conformance kit on DJL with the Transformer: stepping with the key/value cache within 1e-4. */
class DjlTransformerConformanceTest extends TransformerConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new DjlProvider();
  }

  @Override
  protected double stepTolerance() {
    return 1e-4;
  }
}
