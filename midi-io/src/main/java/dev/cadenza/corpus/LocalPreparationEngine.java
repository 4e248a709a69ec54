package dev.cadenza.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code local} {@link PreparationEngine}: this machine, on as many threads as it has processors or as asked. */
public final class LocalPreparationEngine implements PreparationEngine {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public String summary() {
    return "this machine; local:N reads N files at once (default: one per processor)";
  }

  @Override
  public CorpusPreparation.Report prepare(CorpusPreparation preparation, List<String> inputs, String output, String argument,
      boolean overwrite, MidiCorpus.Progress progress) throws IOException {
    int threads = Runtime.getRuntime().availableProcessors();
    if (!argument.isEmpty()) {
      try {
        threads = Integer.parseInt(argument);
      } catch (NumberFormatException e) {
        threads = 0;
      }
      if (threads < 1) {
        throw new IllegalArgumentException("local:" + argument + ": the local engine takes a number of threads, 1 or more");
      }
    }
    return preparation.prepare(inputs.stream().map(Path::of).toList(), Path.of(output), overwrite, threads, progress);
  }
}
