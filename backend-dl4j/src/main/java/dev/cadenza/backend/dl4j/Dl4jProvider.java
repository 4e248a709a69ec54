package dev.cadenza.backend.dl4j;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Capability;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;

/** The {@code dl4j} backend. Cheap to construct; ND4J's native libraries load on the first model. */
public final class Dl4jProvider implements SequenceModelProvider {
  private static final String ND4J_VERSION = "1.0.0-M2.1";
  private static final String OPENBLAS_VERSION = "0.3.19-1.5.7";

  /** Creates the provider. */
  public Dl4jProvider() {
    // nothing to load until a model is made
  }

  @Override
  public String name() {
    return "dl4j";
  }

  @Override
  public String engine() {
    return "Deeplearning4j " + ND4J_VERSION + " (ND4J native)";
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * Runs here when DL4J and an ND4J native backend for this platform (CPU natives of this JavaCPP platform, or
   * CUDA) are on the class path; otherwise the reason names the artifact to add.
   */
  @Override
  public Capability availability() {
    ClassLoader loader = Dl4jProvider.class.getClassLoader();
    if (!present(loader, "org.deeplearning4j.nn.multilayer.MultiLayerNetwork")) {
      return Capability.no("Deeplearning4j (org.deeplearning4j:deeplearning4j-nn) is not on the class path");
    }
    if (present(loader, "org.nd4j.linalg.jcublas.JCublasBackend")) {
      return Capability.yes();
    }
    if (!present(loader, "org.nd4j.linalg.cpu.nativecpu.CpuBackend")) {
      return Capability.no("no ND4J backend on the class path: add org.nd4j:nd4j-native:" + ND4J_VERSION);
    }
    String platform = Loader.getPlatform();
    if (loader.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + "/") == null) {
      return Capability.no("no ND4J natives for " + platform + " on the class path: add org.nd4j:nd4j-native:"
          + ND4J_VERSION + " and org.bytedeco:openblas:" + OPENBLAS_VERSION + ", each with classifier " + platform);
    }
    return Capability.yes();
  }

  private static boolean present(ClassLoader loader, String type) {
    try {
      Class.forName(type, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** LSTMs over tokens or frames; not the Transformer. */
  @Override
  public Capability supports(ArchitectureSpec spec) {
    return spec.isTransformer() ? Capability.no(Dl4jSequenceModel.NO_TRANSFORMER) : Capability.yes();
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
