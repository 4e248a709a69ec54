package dev.cadenza.cli;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.models.BundledModels;
import dev.cadenza.music.Score;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza harmonize}: alto, tenor and bass under a melody. */
@Command(name = "harmonize", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Harmonizes a melody in four parts, chorale style: keeps the melody, unchanged, as the soprano and writes "
        + "alto, tenor and bass under it, one track per voice, with a piano-roll PNG and a WAV file beside the MIDI file.",
        "The model (default: the bundled chorales) reads the melody a bar ahead of the voices it writes. A melody with "
            + "several notes at once gives its highest line."})
final class HarmonizeCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MELODY", description = "The melody, a MIDI file.")
  private Path melody;

  @Option(names = "--output-path", defaultValue = "generated/harmonized.mid", description = "Where to write (default: ${DEFAULT-VALUE}).")
  private Path output;

  @Option(names = "--seed", description = "Seed of sampling (default: random, printed).")
  private Long seed;

  @Mixin
  private ModelOptions model;

  @Mixin
  private SamplingOptions sampling;

  @Mixin
  private SoundOptions sound;

  @Override
  public Integer call() throws IOException {
    OptionChecks.existingFile(spec, "MELODY", melody);
    OptionChecks.require(spec, output.getFileName() != null && output.getFileName().toString().matches("(?i).+\\.midi?"),
        "--output-path " + output + ": name a .mid or .midi file");
    OptionChecks.require(spec, !Files.isDirectory(output), "--output-path " + output + " is a folder; name a .mid file");
    sound.check(spec);
    GenerateCommand.oneLibtorchThread();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long chosenSeed = seed != null ? seed : new java.security.SecureRandom().nextLong();
    GenerationRequest asked = GenerationRequest.builder().seed(chosenSeed).noParallels(!sampling.parallels).build()
        .withSampler(sampling.sampler(spec));
    Score tune;
    try {
      tune = MidiFiles.read(melody);
    } catch (MidiFormatException e) {
      throw new ParameterException(spec.commandLine(), melody + " is not a MIDI file Cadenza can read (byte " + e.offset() + ": "
          + e.reason() + ")", e);
    }
    Score chorale;
    try (MusicGenerator generator = model.load(spec, err, BundledModels.DEFAULT)) {
      chorale = generator.harmonize(tune, asked);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (e.getMessage().contains("melody") ? melody + ": " : "") + e.getMessage(), e);
    }
    sound.prepare(spec, err);
    out.println("seed " + chosenSeed);
    out.println(sound.write(chorale, output));
    return sound.playIfAsked(chorale, "harmonize");
  }
}
