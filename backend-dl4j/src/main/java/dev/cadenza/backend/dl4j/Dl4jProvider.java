package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import java.io.IOException;
import java.nio.file.Path;

/** The {@code dl4j} backend. Cheap to construct; ND4J's native libraries load on the first model. */
public final class Dl4jProvider implements SequenceModelProvider {
  /** Creates the provider. */
  public Dl4jProvider() {
    // nothing to load until a model is made
  }

  @Override
  public String name() {
    return "dl4j";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean isAvailable() {
    try {
      ClassLoader loader = Dl4jProvider.class.getClassLoader();
      Class.forName("org.deeplearning4j.nn.multilayer.MultiLayerNetwork", false, loader);
      Class.forName("org.nd4j.linalg.cpu.nativecpu.CpuBackend", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      try {
        Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Dl4jProvider.class.getClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError none) {
        return false;
      }
    }
  }

  @Override
  public SequenceModel create(ArchitectureSpec spec) {
    return Dl4jSequenceModel.create(spec);
  }

  @Override
  public SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException {
    return Dl4jSequenceModel.load(weights, spec);
  }
}
