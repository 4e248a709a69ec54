package dev.cadenza.cli;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Length;
import dev.cadenza.generation.MusicConstraints;
import dev.cadenza.generation.PitchConstraint;
import dev.cadenza.generation.Primer;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.models.BundledModels;
import dev.cadenza.music.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza generate}: writes new music with a trained model. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generates music with a trained model and writes it as a MIDI file, with a piano-roll PNG beside it "
        + "and a WAV file (and MP3 with --mp3); with no --model, from the bundled chorale model.",
        "Starts from nothing, a MIDI file or a random window of the model's training data, then samples one token at "
            + "a time with the given temperature and controls; only tokens that keep the stream well formed and meet "
            + "the constraints are drawn."})
final class GenerateCommand implements Callable<Integer> {
  /** The bars --preset beats generates when no length is given. */
  private static final int BEAT_BARS = 8;

  @Spec
  private CommandSpec spec;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "beats: a beat model's generation (the model must be one: drum-grid), 8 bars unless a length is given.")
  private String preset;

  @Option(names = {"--length", "--sequence-length"}, paramLabel = "STEPS",
      description = "Tokens (or frames) to generate (default: 500).")
  private Integer length;

  @Option(names = "--seconds", description = "Generate at least this many seconds of music instead.")
  private Double seconds;

  @Option(names = "--bars", description = "Generate at least this many bars instead.")
  private Integer bars;

  @Option(names = "--loop", description = "Exactly --bars bars that loop without a seam (beat models).")
  private boolean loop;

  @Option(names = "--tempo", paramLabel = "BPM", description = "The tempo, for a model conditioned on it (--preset beats; default: the "
      + "primer's, else 120).")
  private Double tempo;

  @Option(names = "--style", paramLabel = "NAME", description = "The style, for a model conditioned on styles, such as funk or rock "
      + "(--preset beats; default: the model's choice).")
  private String style;

  @Option(names = "--key", paramLabel = "KEY",
      description = "Only notes of this key, such as 'D minor' or 'Bb major' (default: any pitch).")
  private String key;

  @Option(names = "--range", paramLabel = "LOW-HIGH",
      description = "Only notes in this range, such as C3-C6 or 48-84 (default: any pitch).")
  private String range;

  @Option(names = "--programs", paramLabel = "LIST", split = ",",
      description = "Only these General MIDI programs (0-127), and drums only if the list says 'drums': '0' is piano "
          + "alone, '0,32,drums' piano, bass and drums (models whose tokenizer has instruments, such as remi).")
  private List<String> programs;

  @Option(names = "--tempo-range", paramLabel = "LOW-HIGH",
      description = "Tempo changes only within this range of beats per minute, such as 60-140 (remi models).")
  private String tempoRange;

  @Option(names = "--time-signature", paramLabel = "N/D",
      description = "Time-signature changes only to this metre, such as 3/4 (remi models).")
  private String timeSignature;

  @Option(names = "--max-polyphony", defaultValue = "0", paramLabel = "N",
      description = "Frame models (piano-roll, drum-grid): at most N notes at once; 0 for no limit (default: ${DEFAULT-VALUE}).")
  private int maxPolyphony;

  @Option(names = "--end-early", description = "Let a piece end before its length where the model ends it.")
  private boolean endEarly;

  @Option(names = "--count", defaultValue = "1",
      description = "Pieces to generate together, one stream each: output-1.mid, output-2.mid, ... (default: ${DEFAULT-VALUE}).")
  private int count;

  @Option(names = "--seed", description = "Seed of the primer choice and sampling (default: random, printed).")
  private Long seed;

  @Option(names = {"--primer", "--seed-path"}, paramLabel = "MIDI", description = "Start from the end of this MIDI file.")
  private Path primer;

  @Option(names = "--primer-random", description = "Start from a random window of the model's training data "
      + "(default: from nothing).")
  private boolean primerRandom;

  @Option(names = "--output-path", defaultValue = "generated/output.mid", description = "Where to write (default: ${DEFAULT-VALUE}).")
  private Path output;

  @Mixin
  private ModelOptions model;

  @Mixin
  private SamplingOptions sampling;

  @Mixin
  private SoundOptions sound;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    oneLibtorchThread();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long chosenSeed = seed != null ? seed : new java.security.SecureRandom().nextLong();
    GenerationRequest request = new GenerationRequest(length(), sampling.sampler(spec), chosenSeed, primer(), pitches(), constraints(),
        endEarly);
    List<Score> scores;
    try (MusicGenerator generator = model.load(spec, err, "beats".equals(preset) ? BundledModels.BEATS : BundledModels.DEFAULT)) {
      String kind = generator.bundle().manifest().tokenizer().tokenizer();
      OptionChecks.require(spec, !"beats".equals(preset) || kind.equals("drum-grid") || kind.equals("mel"),
          "--preset beats: " + (model.model != null ? model.model : "the model") + " is a " + kind + " model, not a beat model; "
              + "train one with 'cadenza train --preset beats'");
      if (kind.equals("chorale") && !sampling.parallels) {
        request = request.withConstraints(request.constraints().withNoParallels(true));
      }
      scores = generator.generate(request, count);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String option = primer != null && message.contains("primer") ? "--primer " + primer + ": "
          : style != null && message.contains("style") ? "--style " + style + ": "
          : tempo != null && message.contains("tempo") ? "--tempo " + tempo + ": " : "";
      throw new ParameterException(spec.commandLine(), option + message, e);
    }
    sound.prepare(spec, err);
    String stem = output.getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
    String extension = output.getFileName().toString().substring(stem.length());
    List<String> wrote = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      wrote.add(sound.write(scores.get(i), count == 1 ? output : output.resolveSibling(stem + "-" + (i + 1) + extension)));
    }
    out.println("seed " + chosenSeed);
    wrote.forEach(out::println);
    return sound.playIfAsked(scores.get(0), "generate");
  }

  /**
   * Stepping a model at batch 1 is a chain of tiny operations: one libtorch thread is faster than several that must be
   * woken for each (measured in the README). A user's own setting wins. Generate and evaluate both step so.
   */
  static void oneLibtorchThread() {
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
  }

  /** Option values that cannot work are usage errors, named, before anything is loaded. */
  private void checkOptions() {
    OptionChecks.require(spec, (length != null ? 1 : 0) + (seconds != null ? 1 : 0) + (bars != null ? 1 : 0) <= 1,
        "--length, --seconds and --bars are alternatives: give one");
    if (length != null) {
      OptionChecks.atLeast(spec, "--length", length, 1);
    }
    if (seconds != null) {
      OptionChecks.require(spec, seconds > 0 && seconds < 1e6, "--seconds must be above 0, was " + seconds);
    }
    if (bars != null) {
      OptionChecks.atLeast(spec, "--bars", bars, 1);
    }
    OptionChecks.require(spec, preset == null || preset.equals("beats"), "--preset must be beats, was '" + preset + "'");
    OptionChecks.require(spec, !loop || length == null && seconds == null, "--loop loops whole bars: give --bars, not --length or --seconds");
    if (tempo != null) {
      OptionChecks.require(spec, tempo > 0 && tempo <= 1000, "--tempo must be above 0 and at most 1000 bpm, was " + tempo);
    }
    OptionChecks.atLeast(spec, "--count", count, 1);
    OptionChecks.require(spec, primer == null || !primerRandom, "--primer and --primer-random are alternatives: give one");
    sound.check(spec);
    pitches();
    constraints();
    OptionChecks.require(spec, output.getFileName() != null && output.getFileName().toString().matches("(?i).+\\.midi?"),
        "--output-path " + output + ": Cadenza writes MIDI files for now; name a .mid or .midi file");
    OptionChecks.require(spec, !Files.isDirectory(output), "--output-path " + output + " is a folder; name a .mid file");
    if (primer != null) {
      OptionChecks.existingFile(spec, "--primer", primer);
    }
  }

  /** How much to generate: --seconds, --bars (a loop of them with --loop), else --length steps (500; 8 bars for --preset beats). */
  private Length length() {
    int barCount = bars != null ? bars : BEAT_BARS;
    if (loop) {
      return Length.loop(barCount);
    }
    return seconds != null ? Length.seconds(seconds) : bars != null || "beats".equals(preset) && length == null ? Length.bars(barCount)
        : Length.steps(length != null ? length : GenerationRequest.DEFAULT_STEPS);
  }

  /** The pitches --key and --range allow; a key or range that does not read is a usage error naming the option. */
  private PitchConstraint pitches() {
    PitchConstraint pitches = PitchConstraint.ANY;
    try {
      pitches = range == null ? pitches : PitchConstraint.range(range);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--range " + range + ": " + e.getMessage());
    }
    try {
      return key == null ? pitches : pitches.withKey(key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--key " + key + ": " + e.getMessage());
    }
  }

  /** The --primer file, read and encoded by the generator; else a window of the training data; else nothing. */
  private Primer primer() throws IOException {
    if (primer == null) {
      return primerRandom ? Primer.fromTraining() : Primer.none();
    }
    try {
      return MusicGenerator.primer(new Primer.MidiFile(primer, GenerationRequest.PRIMER_STEPS));
    } catch (MidiFormatException e) {
      throw new ParameterException(spec.commandLine(), "--primer " + primer + " is not a MIDI file Cadenza can read (byte "
          + e.offset() + ": " + e.reason() + ")", e);
    }
  }

  /** What --programs, --tempo-range, --time-signature and --max-polyphony allow; what does not read is a usage error. */
  private MusicConstraints constraints() {
    Set<Integer> chosen = new TreeSet<>();
    boolean drums = programs == null;
    for (String item : programs == null ? List.<String>of() : programs) {
      if (item.strip().equalsIgnoreCase("drums")) {
        drums = true;
      } else {
        chosen.add(OptionChecks.integer(spec, "--programs", item.strip(), 0, 127));
      }
    }
    OptionChecks.require(spec, programs == null || !chosen.isEmpty() || drums, "--programs names no program");
    Optional<Set<Integer>> pitched = programs == null ? Optional.empty() : Optional.of(chosen);
    double[] bpm = {0, Double.POSITIVE_INFINITY};
    if (tempoRange != null) {
      String[] ends = tempoRange.strip().split("\\s*-\\s*", 2);
      OptionChecks.require(spec, ends.length == 2, "--tempo-range " + tempoRange + ": give two tempos, such as 60-140");
      bpm[0] = OptionChecks.integer(spec, "--tempo-range", ends[0], 1, 1000);
      bpm[1] = OptionChecks.integer(spec, "--tempo-range", ends[1], 1, 1000);
    }
    OptionChecks.atLeast(spec, "--max-polyphony", maxPolyphony, 0);
    try {
      return new MusicConstraints(pitched, drums, bpm[0], bpm[1], Optional.ofNullable(timeSignature), maxPolyphony,
          Optional.ofNullable(style), tempo == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(tempo), false);
    } catch (IllegalArgumentException e) {
      String option = tempo != null && e.getMessage().contains("the tempo must") ? "--tempo " : tempoRange != null
          && e.getMessage().contains("tempo") ? "--tempo-range " : "--time-signature ";
      throw new ParameterException(spec.commandLine(), option + e.getMessage());
    }
  }
}
