package dev.cadenza.backend.dl4j;

import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.SequenceModelConformanceKit;

/** The backend conformance kit on Deeplearning4j. */
class Dl4jConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new Dl4jProvider();
  }
}
