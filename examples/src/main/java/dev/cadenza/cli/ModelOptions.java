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
    MusicGenerator.Builder builder = MusicGenerator.builder().backend(backend);
    if (model == null) {
      BundledModel bundled = BundledModels.named(fallback).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "no bundled " + fallback + " model in this version: give --model, or train one with 'cadenza train'"));
      useBundled(builder, bundled, err);
    } else {
      try {
        builder.model(MusicGenerator.locate(model));
      } catch (NoSuchFileException e) {
        useBundled(builder, BundledModels.named(model.toString()).orElseThrow(() -> noSuchModel(spec, e)), err);
      }
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

  /** Loads a bundled model, saying so on {@code err}. */
  private static void useBundled(MusicGenerator.Builder builder, BundledModel bundled, PrintWriter err) {
    err.println("model: the bundled " + bundled.name() + " (" + bundled.summary() + ")");
    builder.bundled(bundled.name());
  }

  /** The usage error for a --model that names no bundle and no bundled model. */
  private ParameterException noSuchModel(CommandSpec spec, NoSuchFileException e) {
    return new ParameterException(spec.commandLine(), Files.isDirectory(model)
        ? "--model " + model + " is a folder with no " + TrainingConfig.BEST + " in it; train one there with 'cadenza train --checkpoint-dir "
            + model + "'"
        : "--model " + model + ": " + e.getReason().replace("no model bundle", "no such model, nor a bundled model of that name")
            + "; train one with 'cadenza train'");
  }
}
