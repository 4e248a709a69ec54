package dev.cadenza.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cadenza.corpus.FileLabels;
import dev.cadenza.evaluation.Likelihood;
import dev.cadenza.evaluation.Memorization;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.evaluation.VoiceLeading;
import dev.cadenza.generator.BeatEvaluation;
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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
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
  /** The fewest held-out grooves a style needs to be compared with --labels. */
  private static final int LEAST_HELD_OUT = 4;
  @Spec
  private CommandSpec spec;

  @Option(names = "--model", defaultValue = "checkpoints", paramLabel = "BUNDLE",
      description = "A model bundle, or a checkpoint folder (its best.cadenza) (default: ${DEFAULT-VALUE}).")
  private Path model;

  @Option(names = "--data", arity = "1..*", paramLabel = "DIR", description = "MIDI files, or folders of them, to find the likelihood of.")
  private List<Path> data;

  @Option(names = "--generated", arity = "1..*", paramLabel = "DIR", description = "Generated MIDI files, or folders of them, to compare.")
  private List<Path> generated;

  @Option(names = "--reference", arity = "1..*", paramLabel = "DIR", description = "The reference MIDI files, or folders of them.")
  private List<Path> reference;

  @Option(names = "--labels", paramLabel = "CSV", description = "A beat model against the held-out (test) grooves of a table such as "
      + "the Groove MIDI Dataset's info.csv, style by style: its grooves, random patterns with the hit rates of the style's "
      + "training grooves, those training grooves, the other styles' held-out grooves and the model's grooves in the other styles, "
      + "each compared with the style's held-out grooves on drum features.")
  private Path labels;

  @Option(names = "--bars", defaultValue = "8", description = "--labels: bars per generated piece and per groove compared (default: ${DEFAULT-VALUE}).")
  private int bars;

  @Option(names = "--count", defaultValue = "10", description = "--labels: pieces generated per style (default: ${DEFAULT-VALUE}).")
  private int count;

  @Option(names = "--temperature", defaultValue = "1.0", description = "--labels: the sampling temperature (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(names = "--seed", defaultValue = "42", description = "--labels: the seed of generation and random patterns (default: ${DEFAULT-VALUE}).")
  private long seed;

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
    OptionChecks.require(spec, (comparing ? 1 : 0) + (data != null ? 1 : 0) + (labels != null ? 1 : 0) == 1, "give --data (a model's "
        + "likelihood), --generated and --reference (two sets compared), or --labels (a beat model against held-out grooves): one");
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
    if (labels != null) {
      return beats();
    }
    PrintWriter out = spec.commandLine().getOut();
    List<Path> files = MidiInputs.find(spec, "--data", data);
    List<Likelihood.Result> results = new ArrayList<>();
    try (MusicGenerator generator = generator()) {
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

  /** The model --model names, on --backend. */
  private MusicGenerator generator() throws IOException {
    return MusicGenerator.builder().model(bundle()).backend(backend).build();
  }

  /** The bundle file --model names; none there is a usage error. */
  private Path bundle() {
    try {
      return MusicGenerator.locate(model);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--model " + model + ": " + e.getReason());
    }
  }

  /** The readable files of one split of the table, by style; a file that cannot be read is named on standard error and skipped. */
  private Map<String, List<Score>> grooves(FileLabels table, FileLabels.Split split) throws IOException {
    Map<String, List<Score>> grooves = new java.util.TreeMap<>();
    for (Map.Entry<Path, String> file : table.filesIn(split).entrySet()) {
      MidiInputs.Input input = MidiInputs.read(MidiReader.lenient(), file.getKey());
      if (input.midi() == null) {
        spec.commandLine().getErr().println("skipped " + file.getKey() + ": " + input.error());
      } else {
        grooves.computeIfAbsent(file.getValue(), style -> new ArrayList<>()).add(input.midi().score());
      }
    }
    return grooves;
  }

  /** A beat model against the held-out grooves of --labels, style by style. */
  private int beats() throws IOException {
    OptionChecks.existingFile(spec, "--labels", labels);
    OptionChecks.atLeast(spec, "--bars", bars, 2);
    OptionChecks.atLeast(spec, "--count", count, 2);
    OptionChecks.require(spec, temperature >= 0 && Double.isFinite(temperature), "--temperature must be 0 or above, was " + temperature);
    FileLabels table;
    try {
      table = FileLabels.read(labels);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--labels " + e.getMessage());
    }
    OptionChecks.require(spec, !table.filesIn(FileLabels.Split.TEST).isEmpty(), "--labels " + labels + ": no file is in the test split, so "
        + "nothing is held out");
    OptionChecks.require(spec, !table.filesIn(FileLabels.Split.TRAIN).isEmpty(), "--labels " + labels + ": no file is in the train split, "
        + "so the references have nothing to be drawn from");
    List<BeatEvaluation.Row> rows;
    try (MusicGenerator generator = generator()) {
      rows = BeatEvaluation.evaluate(generator, grooves(table, FileLabels.Split.TRAIN), grooves(table, FileLabels.Split.TEST), count, bars,
          temperature, seed, LEAST_HELD_OUT);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("bars", bars, "count", count,
          "features", BeatEvaluation.FEATURES, "styles", rows)));
      return 0;
    }
    out.printf(Locale.ROOT, "%d-bar pieces against held-out grooves (test split of %s), mean overlapped area of %s (1: as close as "
        + "the held-out grooves are to each other)%n", bars, labels, String.join(", ", BeatEvaluation.FEATURES));
    out.printf(Locale.ROOT, "%-12s %8s %6s %10s %10s %10s %13s %13s%n", "style", "held-out", "bpm", "generated", "random", "training",
        "other styles", "as others");
    for (BeatEvaluation.Row row : rows) {
      out.printf(Locale.ROOT, "%-12s %8d %6.0f %10.3f %10.3f %10.3f %13s %13s%s%s%n", row.style(), row.heldOut(), row.bpm(), row.generated(),
          row.random(), row.training(), figure(row.otherStyles()), figure(row.generatedAsOtherStyles()),
          row.generatedClosest() ? "" : "  (not the closest)", row.styleLearned() ? "" : "  (no closer than as other styles)");
    }
    out.printf(Locale.ROOT, "%-12s %8d %6s %10s %10s %10s %13s %13s%n", "mean", rows.stream().mapToInt(BeatEvaluation.Row::heldOut).sum(),
        "", mean(rows, BeatEvaluation.Row::generated), mean(rows, BeatEvaluation.Row::random), mean(rows, BeatEvaluation.Row::training),
        mean(rows, BeatEvaluation.Row::otherStyles), mean(rows, BeatEvaluation.Row::generatedAsOtherStyles));
    return 0;
  }

  /** A column's mean over the rows that have it, as the table prints it. */
  private static String mean(List<BeatEvaluation.Row> rows, Function<BeatEvaluation.Row, Double> column) {
    OptionalDouble mean = rows.stream().map(column).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
    return figure(mean.isPresent() ? mean.getAsDouble() : null);
  }

  /** A closeness as the table prints it; "-" for none. */
  private static String figure(Double closeness) {
    return closeness == null ? "-" : String.format(Locale.ROOT, "%.3f", closeness);
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
    VoiceLeading generatedVoices = VoiceLeading.of(mine);
    VoiceLeading referenceVoices = VoiceLeading.of(theirs);
    boolean fourPart = generatedVoices.pieces() > 0 && referenceVoices.pieces() > 0;
    if (json) {
      Map<String, Object> result = new java.util.LinkedHashMap<>(Map.of("generated", mine.size(), "reference", theirs.size(),
          "features", features, "memorization", copied));
      if (fourPart) {
        result.put("voiceLeading", Map.of("generated", generatedVoices, "reference", referenceVoices));
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
      return 0;
    }
    out.printf(Locale.ROOT, "%d generated pieces against %d reference pieces%n", mine.size(), theirs.size());
    SetComparison.table(features).forEach(out::println);
    out.printf(Locale.ROOT, "memorization: longest run of generated notes found in a reference piece %d notes; %.1f%% of "
        + "generated %d-grams found in the reference%n", copied.longestRun(), 100 * copied.ngramShare(), Memorization.N);
    out.printf(Locale.ROOT, "the reference itself (a held-out fifth against the rest): longest run %d notes; %.1f%% of its "
        + "%d-grams found%n", copied.heldOutLongestRun(), 100 * copied.heldOutNgramShare(), Memorization.N);
    if (fourPart) {
      out.printf(Locale.ROOT, "voice leading (four-part pieces: %d generated, %d reference): parallel fifths %.2f%% against %.2f%%, "
          + "parallel octaves %.2f%% against %.2f%% of moves where two voices both move; voice crossings %.2f%% against %.2f%% of "
          + "four-voice steps%n", generatedVoices.pieces(), referenceVoices.pieces(), 100 * generatedVoices.fifthShare(),
          100 * referenceVoices.fifthShare(), 100 * generatedVoices.octaveShare(), 100 * referenceVoices.octaveShare(),
          100 * generatedVoices.crossingShare(), 100 * referenceVoices.crossingShare());
    }
    return 0;
  }

  /** The HTML page: the loss curve of an explicitly given --model, and the first pieces with their audio. */
  private void report(Map<Path, Score> generatedFiles, List<Score> theirs) throws IOException {
    EvaluationReport.Builder report = EvaluationReport.builder(List.copyOf(generatedFiles.values()), theirs);
    if (spec.commandLine().getParseResult().hasMatchedOption("--model")) {
      Path history = bundle().toAbsolutePath().getParent().resolve(TrainingConfig.HISTORY);
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
