package dev.cadenza.testing;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Capability;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The reference backend: {@link ReferenceLstm} and {@link ReferenceTransformer}, trained in plain Java through
 * {@link Tape}. Slow (tiny models only) and dependency-free, it lets core's training loop, bundles, generation and
 * sampling be tested without a real backend, and it passes the same conformance kit. It is not registered for
 * discovery; tests pass it where a provider is asked for. It does not train batch normalization (and says so).
 */
public final class ReferenceProvider implements SequenceModelProvider {
  /** Creates the provider. */
  public ReferenceProvider() {
    // stateless
  }

  @Override
  public String name() {
    return "reference";
  }

  /** Below every real backend, should it ever be discovered. */
  @Override
  public int priority() {
    return -1000;
  }

  @Override
  public String engine() {
    return "Cadenza reference (plain Java, double precision)";
  }

  @Override
  public Capability availability() {
    return Capability.yes();
  }

  @Override
  public Capability supports(ArchitectureSpec spec) {
    return spec.batchNorm() ? Capability.no("the reference backend does not train batch normalization") : Capability.yes();
  }

  @Override
  public SequenceModel create(ArchitectureSpec spec) {
    if (!supports(spec).possible()) {
      throw new UnsupportedOperationException(supports(spec).reason());
    }
    return new ReferenceModel(spec);
  }

  @Override
  public SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException {
    ReferenceModel model = new ReferenceModel(spec);
    try {
      model.restore(weights);
    } catch (IllegalArgumentException e) {
      throw new IOException(weights + " does not fit the model: " + e.getMessage(), e);
    }
    return model;
  }
}
