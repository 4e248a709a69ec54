package dev.cadenza.backend.djl;

import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.SequenceModelConformanceKit;

/** The backend conformance kit on DJL with the PyTorch engine. */
class DjlConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new DjlProvider();
  }
}
