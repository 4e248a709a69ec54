package dev.cadenza.cli;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Length;
import dev.cadenza.generation.MusicConstraints;
import dev.cadenza.generation.PitchConstraint;
import dev.cadenza.generation.Primer;
import dev.cadenza.generation.Sampler;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Score;
import dev.cadenza.render.AudioRenderer;
import dev.cadenza.render.PianoRoll;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        + "(and WAV or MP3 with --wav, --mp3).",
        "Starts from nothing, a MIDI file or a random window of the model's training data, then samples one token at "
            + "a time with the given temperature and controls; only tokens that keep the stream well formed and meet "
            + "the constraints are drawn."})
final class GenerateCommand implements Callable<Integer> {
  /** The bars --preset beats generates when no length is given. */
  private static final int BEAT_BARS = 8;

  @Spec
  private CommandSpec spec;

  @Option(names = {"--model", "--checkpoint-dir"}, defaultValue = "checkpoints", paramLabel = "BUNDLE",
      description = "A model bundle, or a checkpoint folder (its best.cadenza); 'checkpoints/best' finds "
          + "checkpoints/best.cadenza (default: ${DEFAULT-VALUE}).")
  private Path model;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "beats: a beat model's generation (the model must be one: drum-grid), 8 bars unless a length is given.")
  private String preset;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "The backend (default: the one the model was trained on if it is here, else the usual choice).")
  private String backend;

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

  @Option(names = "--temperature", defaultValue = "1.0", description = "Below 1 safer, above 1 wilder (default: ${DEFAULT-VALUE}).")
  private double temperature;

  @Option(names = "--top-k", defaultValue = "0", description = "Draw only from the k most likely tokens; 0 for all (default: ${DEFAULT-VALUE}).")
  private int topK;

  @Option(names = "--top-p", defaultValue = "1.0",
      description = "Draw only from the most likely tokens that together have this probability; 1 for all (default: ${DEFAULT-VALUE}).")
  private double topP;

  @Option(names = "--min-p", defaultValue = "0.0",
      description = "Draw only tokens at least this fraction as likely as the likeliest; 0 for all (default: ${DEFAULT-VALUE}).")
  private double minP;

  @Option(names = "--repetition-penalty", defaultValue = "1.0",
      description = "Make tokens already played less likely (1.2 is mild); 1 for none (default: ${DEFAULT-VALUE}).")
  private double repetitionPenalty;

  @Option(names = "--no-repeat-ngram", defaultValue = "0", paramLabel = "N",
      description = "Never repeat a run of N tokens (against one note played over and over); 0 for off (default: ${DEFAULT-VALUE}).")
  private int noRepeatNgram;

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

  @Option(names = "--wav", description = "Also write the music as a WAV file beside the MIDI file.")
  private boolean wav;

  @Option(names = "--mp3", description = "Also write the music as an MP3 file beside the MIDI file.")
  private boolean mp3;

  @Option(names = "--audio", split = ",", paramLabel = "wav,mp3", description = "The audio files to write beside the MIDI file.")
  private List<String> audioFormats = new ArrayList<>();

  @Option(names = "--play", description = "Play the music through the sound device when it is written.")
  private boolean play;

  @Mixin
  private AudioOptions audio;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    oneLibtorchThread();
    PrintWriter out = spec.commandLine().getOut();
    Path file = bundleFile();
    AudioRenderer renderer = audioKinds().isEmpty() && !play ? null : audio.renderer(spec, spec.commandLine().getErr());
    long chosenSeed = seed != null ? seed : new java.security.SecureRandom().nextLong();
    Sampler sampler = new Sampler(temperature, topK, topP, minP, repetitionPenalty, noRepeatNgram);
    GenerationRequest request = new GenerationRequest(length(), sampler, chosenSeed, primer(), pitches(), constraints(),
        endEarly);
    List<Score> scores;
    try (MusicGenerator generator = load(file)) {
      String kind = generator.bundle().manifest().tokenizer().tokenizer();
      OptionChecks.require(spec, !"beats".equals(preset) || kind.equals("drum-grid") || kind.equals("mel"),
          "--preset beats: " + file + " is a " + kind + " model, not a beat model; train one with 'cadenza train --preset beats'");
      scores = generator.generate(request, count);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String option = primer != null && message.contains("primer") ? "--primer " + primer + ": "
          : style != null && message.contains("style") ? "--style " + style + ": "
          : tempo != null && message.contains("tempo") ? "--tempo " + tempo + ": " : "";
      throw new ParameterException(spec.commandLine(), option + message, e);
    }
    String stem = output.getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
    String extension = output.getFileName().toString().substring(stem.length());
    List<String> wrote = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      Path piece = count == 1 ? output : output.resolveSibling(stem + "-" + (i + 1) + extension);
      Path picture = output.resolveSibling(stem + (count == 1 ? "" : "-" + (i + 1)) + ".png");
      new MidiWriter().write(scores.get(i), piece);
      PianoRoll.write(scores.get(i), picture);
      StringBuilder line = new StringBuilder(String.format("wrote %s: %d notes, %.1f s; piano roll %s", piece,
          scores.get(i).noteCount(), scores.get(i).durationSeconds(), picture));
      for (String kind : audioKinds()) {
        Path sound = piece.resolveSibling(stem + (count == 1 ? "" : "-" + (i + 1)) + "." + kind);
        renderer.write(scores.get(i), sound);
        line.append("; ").append(kind.toUpperCase(java.util.Locale.ROOT)).append(' ').append(sound);
      }
      wrote.add(line.toString());
    }
    out.println("seed " + chosenSeed);
    wrote.forEach(out::println);
    if (play) {
      try {
        renderer.play(scores.get(0));
      } catch (IOException e) {
        spec.commandLine().getErr().println("cadenza generate: --play: " + e.getMessage());
        return Failures.FAILED;
      }
    }
    return 0;
  }

  /** The audio formats asked for: --wav, --mp3 and --audio together. */
  private java.util.SortedSet<String> audioKinds() {
    java.util.SortedSet<String> kinds = new java.util.TreeSet<>(audioFormats);
    if (wav) {
      kinds.add("wav");
    }
    if (mp3) {
      kinds.add("mp3");
    }
    return kinds;
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
    OptionChecks.require(spec, temperature >= 0 && Double.isFinite(temperature), "--temperature must be 0 or above, was " + temperature);
    OptionChecks.atLeast(spec, "--top-k", topK, 0);
    OptionChecks.within(spec, "--top-p", topP, 0, 1, true);
    OptionChecks.require(spec, topP > 0, "--top-p must be above 0, was " + topP);
    OptionChecks.within(spec, "--min-p", minP, 0, 1, false);
    OptionChecks.require(spec, repetitionPenalty >= 1 && Double.isFinite(repetitionPenalty),
        "--repetition-penalty must be 1 (none) or more, was " + repetitionPenalty);
    OptionChecks.atLeast(spec, "--no-repeat-ngram", noRepeatNgram, 0);
    OptionChecks.atLeast(spec, "--count", count, 1);
    OptionChecks.require(spec, java.util.Set.of("wav", "mp3").containsAll(audioKinds()), "--audio takes wav and mp3, was " + audioFormats);
    OptionChecks.require(spec, primer == null || !primerRandom, "--primer and --primer-random are alternatives: give one");
    pitches();
    constraints();
    OptionChecks.require(spec, output.getFileName() != null && output.getFileName().toString().matches("(?i).+\\.midi?"),
        "--output-path " + output + ": Cadenza writes MIDI files for now; name a .mid or .midi file");
    OptionChecks.require(spec, !Files.isDirectory(output), "--output-path " + output + " is a folder; name a .mid file");
    if (primer != null) {
      OptionChecks.existingFile(spec, "--primer", primer);
    }
  }

  /** The bundle {@code --model} names: a bundle file, its name without the extension, or a checkpoint folder. */
  private Path bundleFile() {
    try {
      return MusicGenerator.locate(model);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), Files.isDirectory(model)
          ? "--model " + model + " is a folder with no " + TrainingConfig.BEST + " in it; train one there with 'cadenza train --checkpoint-dir "
              + model + "'"
          : "--model " + model + ": " + e.getReason().replace("no model bundle", "no such model") + "; train one with 'cadenza train'");
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

  /** The model on the backend asked for (else the usual choice); a backend that cannot run it is a usage error. */
  private MusicGenerator load(Path file) throws IOException {
    try {
      return MusicGenerator.builder().model(file).backend(backend).build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IOException(message.contains(file.toString()) ? message : file + ": " + message, e);
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
          Optional.ofNullable(style), tempo == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(tempo));
    } catch (IllegalArgumentException e) {
      String option = tempo != null && e.getMessage().contains("the tempo must") ? "--tempo " : tempoRange != null
          && e.getMessage().contains("tempo") ? "--tempo-range " : "--time-signature ";
      throw new ParameterException(spec.commandLine(), option + e.getMessage());
    }
  }
}
