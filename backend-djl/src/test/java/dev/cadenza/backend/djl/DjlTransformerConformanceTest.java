package dev.cadenza.backend.djl;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.testing.SequenceModelConformanceKit;

/** The backend conformance kit on DJL with the Transformer: stepping with the key/value cache within 1e-4. */
class DjlTransformerConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new DjlProvider();
  }

  @Override
  protected ArchitectureSpec tokenSpec(long seed) {
    return smallTransformer(ArchitectureSpec.InputKind.TOKENS, 12, seed);
  }

  @Override
  protected ArchitectureSpec frameSpec(long seed) {
    return smallTransformer(ArchitectureSpec.InputKind.FRAMES, 6, seed);
  }

  @Override
  protected double stepTolerance() {
    return 1e-4;
  }
}
