package dev.cadenza.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.evaluation.Likelihood;
import dev.cadenza.evaluation.Memorization;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.music.Score;
import dev.cadenza.render.EvaluationReport;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cadenza evaluate}: how likely a trained model finds MIDI files it did not train on, or how generated music
 * compares with a reference set.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"With --data: prints a model's negative log-likelihood per step (nats) and perplexity on MIDI files, in "
        + "the model's own encoding, per file and overall; each step is predicted from the whole piece before it.",
        "With --generated and --reference: compares two sets of MIDI files feature by feature (Yang and Lerch's "
            + "overlapped area and KL divergence of intra- and inter-set distances) and says how much the generated "
            + "music copies the reference, beside how much a held-out fifth of the reference repeats the rest."})
final class EvaluateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--model", defaultValue = "checkpoints", paramLabel = "BUNDLE",
      description = "A model bundle, or a checkpoint folder (its best.cadenza) (default: ${DEFAULT-VALUE}).")
  private Path model;

  @Option(names = "--data", paramLabel = "DIR", description = "MIDI files, or folders of them, to find the likelihood of.")
  private List<Path> data;

  @Option(names = "--generated", paramLabel = "DIR", description = "Generated MIDI files, or folders of them, to compare.")
  private List<Path> generated;

  @Option(names = "--reference", paramLabel = "DIR", description = "The reference MIDI files, or folders of them.")
  private List<Path> reference;

  @Option(names = "--json", description = "The comparison as JSON on standard output.")
  private boolean json;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the comparison as one self-contained HTML page: the "
      + "table, feature histograms, memorization, the loss curve of --model (when given), and piano rolls of the first --pieces "
      + "generated files with players for their audio (a .mp3 or .wav of the same name beside them).")
  private Path html;

  @Option(names = "--pieces", defaultValue = "4", description = "Generated pieces the HTML page shows (default: ${DEFAULT-VALUE}).")
  private int pieces;

  @Option(names = "--backend", paramLabel = "NAME", description = "The backend (default: as for generate).")
  private String backend;

  @Override
  public Integer call() throws IOException {
    boolean comparing = generated != null || reference != null;
    OptionChecks.require(spec, !comparing || generated != null && reference != null, "--generated and --reference go together");
    OptionChecks.require(spec, comparing != (data != null), "give --data (a model's likelihood) or --generated and --reference "
        + "(two sets compared), not both");
    OptionChecks.require(spec, html == null || comparing, "--html goes with --generated and --reference");
    OptionChecks.atLeast(spec, "--pieces", pieces, 0);
    if (html != null) {
      String name = html.getFileName().toString().toLowerCase(Locale.ROOT);
      OptionChecks.require(spec, name.endsWith(".html") || name.endsWith(".htm"), "--html " + html + ": the page is HTML; name it .html");
      OptionChecks.require(spec, !Files.isDirectory(html), "--html " + html + " is a folder");
    }
    if (comparing) {
      return compare();
    }
    GenerateCommand.oneLibtorchThread();
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

  /** Reads the files the option names, skipping (and saying) what is not MIDI. */
  private Map<Path, Score> scores(String option, List<Path> paths, PrintWriter err) {
    Map<Path, Score> scores = new LinkedHashMap<>();
    for (Path file : MidiInputs.find(spec, option, paths)) {
      MidiInputs.Input input = MidiInputs.read(MidiReader.lenient(), file);
      if (input.midi() == null) {
        err.println("skipped " + file + ": " + input.error());
      } else {
        scores.put(file, input.midi().score());
      }
    }
    OptionChecks.require(spec, !scores.isEmpty(), option + " " + paths + ": no file could be read");
    return scores;
  }

  private int compare() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Map<Path, Score> generatedFiles = scores("--generated", generated, spec.commandLine().getErr());
    List<Score> mine = List.copyOf(generatedFiles.values());
    List<Score> theirs = List.copyOf(scores("--reference", reference, spec.commandLine().getErr()).values());
    if (html != null) {
      report(generatedFiles, theirs);
    }
    List<SetComparison.Feature> features = SetComparison.compare(mine, theirs);
    Memorization copied = Memorization.of(mine, theirs);
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
          Map.of("generated", mine.size(), "reference", theirs.size(), "features", features, "memorization", copied)));
      return 0;
    }
    out.printf(Locale.ROOT, "%d generated pieces against %d reference pieces%n", mine.size(), theirs.size());
    out.printf(Locale.ROOT, "%-24s %18s %18s %8s %8s%n", "feature", "generated", "reference", "overlap", "KL");
    for (SetComparison.Feature f : features) {
      out.printf(Locale.ROOT, "%-24s %9.3f ± %-6.3f %9.3f ± %-6.3f %8.3f %8.3f%n", f.feature(), f.generatedMean(),
          f.generatedDeviation(), f.referenceMean(), f.referenceDeviation(), f.overlappedArea(), f.klDivergence());
    }
    out.printf(Locale.ROOT, "memorization: longest run of generated notes found in a reference piece %d notes; %.1f%% of "
        + "generated %d-grams found in the reference%n", copied.longestRun(), 100 * copied.ngramShare(), Memorization.N);
    out.printf(Locale.ROOT, "the reference itself (a held-out fifth against the rest): longest run %d notes; %.1f%% of its "
        + "%d-grams found%n", copied.heldOutLongestRun(), 100 * copied.heldOutNgramShare(), Memorization.N);
    return 0;
  }

  /** The HTML page: the loss curve of an explicitly given --model, and the first pieces with their audio. */
  private void report(Map<Path, Score> generatedFiles, List<Score> theirs) throws IOException {
    EvaluationReport.Builder report = EvaluationReport.builder(List.copyOf(generatedFiles.values()), theirs);
    if (spec.commandLine().getParseResult().hasMatchedOption("--model")) {
      Path bundle;
      try {
        bundle = MusicGenerator.locate(model);
      } catch (NoSuchFileException e) {
        throw new ParameterException(spec.commandLine(), "--model " + model + ": " + e.getReason());
      }
      Path history = bundle.toAbsolutePath().getParent().resolve(TrainingConfig.HISTORY);
      OptionChecks.require(spec, Files.isRegularFile(history), "--model " + model + ": no " + TrainingConfig.HISTORY
          + " beside the model, so no loss curve to draw");
      report.lossHistory(history);
    }
    generatedFiles.entrySet().stream().limit(pieces).forEach(e -> report.piece(e.getKey().getFileName().toString(), e.getValue(),
        audioBeside(e.getKey())));
    report.build().write(html);
    spec.commandLine().getErr().println("wrote " + html);
  }

  /** A .mp3 or .wav of the same name beside a MIDI file. */
  private static Optional<Path> audioBeside(Path midi) {
    String name = midi.getFileName().toString();
    String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    return Stream.of(".mp3", ".wav").map(ext -> midi.resolveSibling(base + ext)).filter(Files::isRegularFile).findFirst();
  }

  private static String line(Likelihood.Result result, String unit) {
    return String.format(Locale.ROOT, "%s: %d %ss, %.4f nats per %s, perplexity %.2f", result.source(), result.steps(), unit,
        result.perStep(), unit, result.perplexity());
  }
}
