package dev.cadenza.backend.djl;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.Capability;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code djl} backend. Cheap to construct; libtorch loads (from the pinned native jar, unpacked once into
 * DJL's cache) on the first model. Before that it switches DJL to offline mode and off its usage reporting,
 * unless the user has set those properties.
 */
public final class DjlProvider implements SequenceModelProvider {
  /** Creates the provider. */
  public DjlProvider() {
    // nothing to load until a model is made
  }

  private static final String DJL_VERSION = "0.36.0";
  private static final String LIBTORCH_VERSION = "2.7.1";
  /** The platforms DJL's PyTorch JNI library is built for. */
  private static final List<String> PLATFORMS = List.of("linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64");
  /** The folders libtorch jars unpack from: the CPU builds and the CUDA builds DJL publishes. */
  private static final List<String> FLAVORS = List.of("cpu", "cpu-precxx11", "cu118", "cu121", "cu124", "cu126", "cu128");

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public String engine() {
    return "PyTorch " + LIBTORCH_VERSION + " (DJL " + DJL_VERSION + ")";
  }

  @Override
  public int priority() {
    return 20;
  }

  /**
   * Runs here when DJL's PyTorch engine is on the class path with libtorch for this operating system and processor
   * (a {@code pytorch-native-cpu} or CUDA jar of this platform, or {@code PYTORCH_LIBRARY_PATH}); otherwise the
   * reason names the artifact to add.
   */
  @Override
  public Capability availability() {
    ClassLoader loader = DjlProvider.class.getClassLoader();
    try {
      Class.forName("ai.djl.pytorch.engine.PtEngine", false, loader);
      Class.forName("ai.djl.pytorch.jni.PyTorchLibrary", false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return Capability.no("DJL's PyTorch engine (ai.djl.pytorch:pytorch-engine) is not on the class path");
    }
    String platform = platform();
    if (!PLATFORMS.contains(platform)) {
      return Capability.no("DJL " + DJL_VERSION + " has no libtorch for " + platform + " (it has " + PLATFORMS
          + "); use the dl4j backend");
    }
    if (System.getenv("PYTORCH_LIBRARY_PATH") != null
        || FLAVORS.stream().anyMatch(flavor -> loader.getResource("pytorch/" + flavor + "/" + platform + "/") != null)) {
      return Capability.yes();
    }
    return Capability.no("no libtorch for " + platform + " on the class path: add ai.djl.pytorch:pytorch-native-cpu:"
        + LIBTORCH_VERSION + " with classifier " + platform + " (or set PYTORCH_LIBRARY_PATH)");
  }

  /** Every architecture: the LSTM and the Transformer, over tokens or frames. */
  @Override
  public Capability supports(ArchitectureSpec spec) {
    return Capability.yes();
  }

  /** This machine as DJL names platforms: linux-x86_64, osx-aarch64, win-x86_64, ... */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String system = os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os.startsWith("linux") ? "linux" : os;
    String processor = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> arch;
    };
    return system + "-" + processor;
  }

  static void quietAndOffline() {
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  @Override
  public SequenceModel create(ArchitectureSpec spec) {
    quietAndOffline();
    return DjlModels.create(spec);
  }

  @Override
  public SequenceModel load(Path weights, ArchitectureSpec spec) throws IOException {
    quietAndOffline();
    DjlModel model = DjlModels.create(spec);
    try {
      model.restore(SafeTensors.readContents(weights));
    } catch (IllegalArgumentException e) {
      model.close();
      throw new IOException(weights + ": the weights do not fit the architecture " + spec + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      model.close(); // a model whose weights fail to read is not left open
      throw e;
    }
    return model;
  }
}
