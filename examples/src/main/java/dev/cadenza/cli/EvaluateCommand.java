package dev.cadenza.cli;

import dev.cadenza.evaluation.Likelihood;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.model.ArchitectureSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza evaluate}: how likely a trained model finds a folder of MIDI files it did not train on. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints a model's negative log-likelihood per step (nats) and perplexity on MIDI files, in the model's "
        + "own encoding, per file and overall; each step is predicted from the whole piece before it."})
final class EvaluateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--model", defaultValue = "checkpoints", paramLabel = "BUNDLE",
      description = "A model bundle, or a checkpoint folder (its best.cadenza) (default: ${DEFAULT-VALUE}).")
  private Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "MIDI files, or folders of them.")
  private List<Path> data;

  @Option(names = "--backend", paramLabel = "NAME", description = "The backend (default: as for generate).")
  private String backend;

  @Override
  public Integer call() throws IOException {
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    PrintWriter out = spec.commandLine().getOut();
    List<Path> files = MidiInputs.find(spec, "--data", data);
    Path bundle;
    try {
      bundle = MusicGenerator.locate(model);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--model " + model + ": " + e.getReason());
    }
    List<Likelihood.Result> results = new ArrayList<>();
    try (MusicGenerator generator = MusicGenerator.builder().model(bundle).backend(backend).build()) {
      String unit = generator.bundle().manifest().architecture().input() == ArchitectureSpec.InputKind.TOKENS ? "token" : "frame";
      for (Path file : files) {
        MidiInputs.Input input = MidiInputs.read(MidiReader.lenient(), file);
        if (input.midi() == null) {
          out.println("skipped " + file + ": " + input.error());
          continue;
        }
        Likelihood.Result result = generator.likelihood(file.toString(), input.midi().score());
        results.add(result);
        out.println(line(result, unit));
      }
      out.println(line(Likelihood.Result.total("all " + results.size() + " files", results), unit));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return 0;
  }

  private static String line(Likelihood.Result result, String unit) {
    return String.format(Locale.ROOT, "%s: %d %ss, %.4f nats per %s, perplexity %.2f", result.source(), result.steps(), unit,
        result.perStep(), unit, result.perplexity());
  }
}
