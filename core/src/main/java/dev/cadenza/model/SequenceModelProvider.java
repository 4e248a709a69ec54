package dev.cadenza.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A neural backend, registered in {@code META-INF/services/dev.cadenza.model.SequenceModelProvider} and found by
 * {@link Backends}. Construction must be cheap and must not load native libraries; {@link #isAvailable()} never
 * throws.
 */
public interface SequenceModelProvider {
  /** The backend's name, such as {@code "dl4j"}. */
  String name();

  /** Higher wins when no backend is asked for. */
  int priority();

  /** Whether the backend can run here (its libraries are present); never throws. */
  boolean isAvailable();

  /** A new model with freshly initialized weights. */
  SequenceModel create(ArchitectureSpec spec);

  /**
   * A model with the weights a {@link SequenceModel#save} wrote.
   *
   * @throws IOException if the file cannot be read or does not fit the spec
   */
  SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException;
}
