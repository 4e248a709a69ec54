package dev.cadenza.cli;

import dev.cadenza.render.AudioRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of rendering to sound, shared by {@code render} and {@code generate}, and the renderer they make. */
final class AudioOptions {
  @Option(names = "--soundfont", paramLabel = "FILE", description = "A General MIDI SoundFont (.sf2, or .dls) "
      + "(default: $CADENZA_SOUNDFONT, else the system's, such as Debian's fluid-soundfont-gm, else the JDK's sounds).")
  Path soundFont;

  @Option(names = "--sample-rate", defaultValue = "44100", description = "Audio frames per second (default: ${DEFAULT-VALUE}).")
  int sampleRate;

  @Option(names = "--gain", defaultValue = "1.0", description = "What every sample is multiplied by (default: ${DEFAULT-VALUE}).")
  double gain;

  @Option(names = "--tail", defaultValue = "2.0", paramLabel = "SECONDS",
      description = "Audio after the last note, for its release (default: ${DEFAULT-VALUE}).")
  double tail;

  @Option(names = "--bitrate", defaultValue = "192", paramLabel = "KBPS", description = "MP3 bit rate, 32 to 320 (default: ${DEFAULT-VALUE}).")
  int bitrate;

  /** The renderer the options describe, saying on {@code err} which sounds it uses; a bad value is a usage error. */
  AudioRenderer renderer(CommandSpec spec, PrintWriter err) throws IOException {
    AudioRenderer.Builder builder = AudioRenderer.builder().sampleRate(sampleRate).gain(gain).tail(tail).mp3Bitrate(bitrate);
    if (soundFont != null) {
      builder.soundFont(soundFont);
    }
    AudioRenderer renderer;
    try {
      renderer = builder.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage().replace("the sample rate", "--sample-rate")
          .replace("the gain", "--gain").replace("the tail", "--tail").replace("the MP3 bit rate", "--bitrate"));
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), "--soundfont " + soundFont + ": " + e.getReason());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--soundfont " + e.getMessage());
    }
    err.println("sounds: " + renderer.sound());
    return renderer;
  }
}
