package dev.cadenza.training;

import java.nio.file.Path;

/**
 * Training was asked to start a new run in a checkpoint folder that holds one (a model or a loss history) without
 * being told to continue it ({@link TrainingConfig#resume()}) or to replace it ({@link TrainingConfig#overwrite()}).
 * Nothing in the folder was changed.
 */
public final class ExistingRunException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  /** The folder, what it holds in words, and whether that run can be resumed. */
  public ExistingRunException(Path directory, String holds, boolean resumable) {
    super(directory + " holds an earlier run (" + holds + "); " + (resumable ? "continue it (resume) or " : "") + "replace it (overwrite)");
    this.directory = directory;
  }

  /** The checkpoint folder. */
  public Path directory() {
    return directory;
  }
}
