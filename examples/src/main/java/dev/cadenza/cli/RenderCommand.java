package dev.cadenza.cli;

import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.render.AudioRenderer;
import dev.cadenza.render.PianoRoll;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cadenza render}: a MIDI file as sound (WAV, MP3) or as a piano-roll picture (PNG). */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Renders a MIDI file to a WAV or MP3 file with a General MIDI SoundFont, or draws it as a piano "
        + "roll (PNG), by the output's extension or --format. Offline and faster than real time: no sound device needed."})
final class RenderCommand implements Callable<Integer> {
  private static final Set<String> FORMATS = Set.of("wav", "mp3", "png");

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MIDI", description = "The MIDI file.")
  private Path input;

  @Parameters(index = "1", paramLabel = "OUTPUT", description = "The file to write: .wav, .mp3 or .png.")
  private Path output;

  @Option(names = "--format", paramLabel = "wav|mp3|png", description = "The output's format (default: from its extension).")
  private String format;

  @Option(names = "--width", defaultValue = "1600", description = "Piano roll: width in pixels (default: ${DEFAULT-VALUE}).")
  private int width;

  @Option(names = "--height", defaultValue = "600", description = "Piano roll: height in pixels (default: ${DEFAULT-VALUE}).")
  private int height;

  @Mixin
  private AudioOptions audio;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    String kind = format != null ? format.toLowerCase(Locale.ROOT) : extension(output);
    OptionChecks.require(spec, FORMATS.contains(kind), format != null ? "--format must be wav, mp3 or png, was '" + format + "'"
        : output + ": name a .wav, .mp3 or .png file, or give --format");
    OptionChecks.require(spec, !Files.isDirectory(output), output + " is a folder; name a file");
    OptionChecks.existingFile(spec, "MIDI", input);
    Score score;
    try {
      score = MidiReader.lenient().read(input).score();
    } catch (MidiFormatException e) {
      throw new ParameterException(spec.commandLine(), input + " is not a MIDI file Cadenza can read (byte " + e.offset() + ": "
          + e.reason() + ")", e);
    }
    if (kind.equals("png")) {
      try {
        PianoRoll.write(score, output, width, height);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--width and --height: " + e.getMessage());
      }
    } else {
      AudioRenderer renderer = audio.renderer(spec, spec.commandLine().getErr());
      long start = System.nanoTime();
      if (kind.equals("wav")) {
        renderer.writeWav(score, output);
      } else {
        renderer.writeMp3(score, output);
      }
      double took = (System.nanoTime() - start) / 1e9;
      out.printf(Locale.ROOT, "rendered %.1f s of music in %.1f s (%.0fx real time)%n", score.durationSeconds(), took,
          score.durationSeconds() / Math.max(took, 1e-9));
    }
    out.println("wrote " + output);
    return 0;
  }

  private static String extension(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
