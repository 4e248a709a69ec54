package dev.cadenza.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A neural backend, registered in {@code META-INF/services/dev.cadenza.model.SequenceModelProvider} and found by
 * {@link Backends}. Construction must be cheap and must not load native libraries; {@link #availability()} and
 * {@link #supports} never throw.
 */
public interface SequenceModelProvider {
  /** The backend's name, such as {@code "dl4j"}. */
  String name();

  /** Higher wins when no backend is asked for. */
  int priority();

  /** The engine the backend runs on, with its version, for a model's provenance: {@code PyTorch 2.7.1 (DJL 0.36.0)}. */
  String engine();

  /**
   * Whether the backend can run here, and if not why: its engine or its native libraries for this operating system
   * and processor are missing (naming the artifact to add), or they failed to load. Never throws.
   */
  Capability availability();

  /** Whether the backend can build models of this architecture, and if not why. Never throws. */
  Capability supports(ArchitectureSpec spec);

  /**
   * A new model with freshly initialized weights.
   *
   * @throws UnsupportedOperationException if {@link #supports} refuses the spec
   */
  SequenceModel create(ArchitectureSpec spec);

  /**
   * A model with the weights a {@link SequenceModel#save} wrote.
   *
   * @throws IOException if the file cannot be read or does not fit the spec
   */
  SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException;
}
