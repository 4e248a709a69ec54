package dev.cadenza.cli;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.models.BundledModel;
import dev.cadenza.models.BundledModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza models}: the models that ship with Cadenza. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = {"Lists the bundled models: what each makes, what it was trained on and with which command, and its evaluation.",
        "With --package, writes a trained model as the bundled ones ship: its portable weights only, without the training state."})
final class ModelsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--package", paramLabel = "MODEL", description = "A model bundle, or a checkpoint folder, to write without "
      + "its training state (the backend's weights and the optimizer's): about a third of the size, and every backend loads it.")
  private Path model;

  @Option(names = "--output", paramLabel = "FILE", description = "With --package: where to write it (a .cadenza file, not the "
      + "model itself).")
  private Path output;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (model != null || output != null) {
      return pack(out);
    }
    if (BundledModels.all().isEmpty()) {
      out.println("no bundled models in this build");
    }
    for (BundledModel model : BundledModels.all()) {
      out.println(model.name() + (model.name().equals(BundledModels.DEFAULT) ? " (the default)" : "") + ": " + model.summary());
      out.println("  trained on: " + model.trainedOn());
      out.println("  command:    " + model.command());
      model.evaluation().forEach(line -> out.println("  evaluation: " + line));
      out.println("  bundle:     " + model.resource() + ", SHA-256 " + model.sha256());
    }
    return 0;
  }

  private int pack(PrintWriter out) throws IOException {
    OptionChecks.require(spec, model != null && output != null, "--package and --output go together: give both");
    OptionChecks.require(spec, output.getFileName().toString().endsWith(ModelBundle.EXTENSION),
        "--output " + output + ": name a " + ModelBundle.EXTENSION + " file");
    Path source;
    try {
      source = MusicGenerator.locate(model);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--package " + model + ": " + e.getReason());
    }
    OptionChecks.require(spec, !Files.exists(output) || !Files.isSameFile(source, output),
        "--output " + output + " is the model itself; name another file");
    OptionChecks.require(spec, !Files.exists(output), "--output " + output + " exists; Cadenza does not overwrite it");
    ModelBundle.read(source).portable().write(output);
    out.printf(java.util.Locale.ROOT, "wrote %s: %d bytes, from %s (%d bytes)%n", output, Files.size(output), source, Files.size(source));
    return 0;
  }
}
