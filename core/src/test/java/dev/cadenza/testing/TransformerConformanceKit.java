package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;

/**
 * The conformance kit for the Transformer family: the same tests on a small Transformer (width 16, 2 blocks of 2
 * heads, feed-forward 32, context 32), over 12 tokens or frames of 6. A backend's Transformer tests extend it and
 * name their provider.
 */
public abstract class TransformerConformanceKit extends SequenceModelConformanceKit {
  @Override
  protected ArchitectureSpec tokenSpec(long seed) {
    return ArchitectureSpec.transformer(ArchitectureSpec.InputKind.TOKENS, 12, 16, 2, 2, 32, 32, 0.0, seed);
  }

  @Override
  protected ArchitectureSpec frameSpec(long seed) {
    return ArchitectureSpec.transformer(ArchitectureSpec.InputKind.FRAMES, 6, 16, 2, 2, 32, 32, 0.0, seed);
  }
}
