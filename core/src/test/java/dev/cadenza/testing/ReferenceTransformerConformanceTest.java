package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModelProvider;

/** The conformance kit on the reference backend with the Transformer. */
class ReferenceTransformerConformanceTest extends SequenceModelConformanceKit {
  @Override
  protected SequenceModelProvider provider() {
    return new ReferenceProvider();
  }

  @Override
  protected ArchitectureSpec tokenSpec(long seed) {
    return smallTransformer(ArchitectureSpec.InputKind.TOKENS, 12, seed);
  }

  @Override
  protected ArchitectureSpec frameSpec(long seed) {
    return smallTransformer(ArchitectureSpec.InputKind.FRAMES, 6, seed);
  }
}
