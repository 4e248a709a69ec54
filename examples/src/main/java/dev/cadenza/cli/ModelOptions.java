package dev.cadenza.cli;

import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.models.BundledModel;
import dev.cadenza.models.BundledModels;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The model of {@code generate} and {@code harmonize}: a bundled model by name, a bundle, or a checkpoint folder;
 * without {@code --model}, the bundled model the command uses by default.
 */
final class ModelOptions {
  @Option(names = {"--model", "--checkpoint-dir"}, paramLabel = "MODEL",
      description = "A bundled model's name (see 'cadenza models'), a model bundle, or a checkpoint folder (its best.cadenza); "
          + "'checkpoints/best' finds checkpoints/best.cadenza (default: the bundled chorales; beats with --preset beats).")
  Path model;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "The backend (default: the one the model was trained on if it is here, else the usual choice).")
  String backend;

  /**
   * The model, loaded, its choice said on {@code err}: {@code --model} as a path where one is there, else as a bundled
   * model's name; without it, the bundled model {@code fallback}. What cannot be loaded is a usage error naming it.
   */
  MusicGenerator load(CommandSpec spec, PrintWriter err, String fallback) throws IOException {
    Optional<BundledModel> bundled = model == null ? BundledModels.named(fallback)
        : Files.exists(model) || Files.exists(model.resolveSibling(model.getFileName() + ".cadenza")) ? Optional.empty()
        : BundledModels.named(model.toString());
    MusicGenerator.Builder builder = MusicGenerator.builder().backend(backend);
    if (bundled.isPresent()) {
      err.println("model: the bundled " + bundled.get().name() + " (" + bundled.get().summary() + ")");
      builder.bundled(bundled.get().name());
    } else {
      OptionChecks.require(spec, model != null, "no bundled " + fallback + " model in this version: give --model, or train one with "
          + "'cadenza train'");
      builder.model(bundleFile(spec));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IOException(model == null || message.contains(model.toString()) ? message : model + ": " + message, e);
    }
  }

  /** The bundle --model names: a bundle file, its name without the extension, or a checkpoint folder. */
  private Path bundleFile(CommandSpec spec) {
    try {
      return MusicGenerator.locate(model);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), Files.isDirectory(model)
          ? "--model " + model + " is a folder with no " + TrainingConfig.BEST + " in it; train one there with 'cadenza train --checkpoint-dir "
              + model + "'"
          : "--model " + model + ": " + e.getReason().replace("no model bundle", "no such model, nor a bundled model of that name")
              + "; train one with 'cadenza train'");
    }
  }
}
