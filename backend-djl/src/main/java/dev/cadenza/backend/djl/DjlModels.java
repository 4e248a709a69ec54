package dev.cadenza.backend.djl;

import dev.cadenza.model.ArchitectureSpec;

/** Builds the DJL model of a spec's family. */
final class DjlModels {
  private DjlModels() {}

  static DjlModel create(ArchitectureSpec spec) {
    return spec.isTransformer() ? new DjlTransformer(spec) : new DjlLstm(spec);
  }
}
