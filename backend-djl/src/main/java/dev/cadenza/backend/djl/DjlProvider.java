package dev.cadenza.backend.djl;

import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.model.SafeTensors;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.SequenceModelProvider;
import java.io.IOException;
import java.nio.file.Path;

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

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public boolean isAvailable() {
    try {
      ClassLoader loader = DjlProvider.class.getClassLoader();
      Class.forName("ai.djl.pytorch.engine.PtEngine", false, loader);
      Class.forName("ai.djl.pytorch.jni.PyTorchLibrary", false, loader);
      return loader.getResource("pytorch/") != null
          || System.getenv("PYTORCH_LIBRARY_PATH") != null;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
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
