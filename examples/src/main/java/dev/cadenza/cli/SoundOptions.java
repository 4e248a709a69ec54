package dev.cadenza.cli;

import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Score;
import dev.cadenza.render.AudioRenderer;
import dev.cadenza.render.PianoRoll;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What {@code generate} and {@code harmonize} write beside each MIDI file (a piano-roll PNG, and WAV unless told
 * not, MP3 if asked) and whether they play it; and the writing, with a renderer made when the first sound is.
 */
final class SoundOptions {
  @Option(names = "--wav", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Write the music as a WAV file beside the MIDI file (default: on; --no-wav for none).")
  boolean wav;

  @Option(names = "--mp3", description = "Also write the music as an MP3 file beside the MIDI file.")
  boolean mp3;

  @Option(names = "--audio", split = ",", paramLabel = "wav,mp3", description = "The audio files to write beside the MIDI file.")
  List<String> audioFormats = new ArrayList<>();

  @Option(names = "--play", description = "Play the music through the sound device when it is written.")
  boolean play;

  @Mixin
  AudioOptions audio;

  private AudioRenderer renderer;
  private CommandSpec spec;
  private PrintWriter err;

  /** The audio formats asked for: --wav, --mp3 and --audio together. */
  SortedSet<String> kinds() {
    SortedSet<String> kinds = new TreeSet<>(audioFormats);
    if (wav) {
      kinds.add("wav");
    }
    if (mp3) {
      kinds.add("mp3");
    }
    return kinds;
  }

  /** Checks the formats: a usage error, before anything is loaded. */
  void check(CommandSpec spec) {
    OptionChecks.require(spec, Set.of("wav", "mp3").containsAll(kinds()), "--audio takes wav and mp3, was " + audioFormats);
  }

  /** Where the renderer, made when first needed, says which sounds it uses, and reports a bad option. */
  void prepare(CommandSpec spec, PrintWriter err) {
    this.spec = spec;
    this.err = err;
  }

  private AudioRenderer renderer() throws IOException {
    if (renderer == null) {
      renderer = audio.renderer(spec, err);
    }
    return renderer;
  }

  /**
   * Writes a piece as MIDI, its piano roll as {@code STEM.png} and its sound as {@code STEM.wav} / {@code .mp3} beside
   * it, where {@code STEM} is {@code piece} without its extension; returns the line that says what was written.
   */
  String write(Score score, Path piece) throws IOException {
    String stem = piece.getFileName().toString().replaceFirst("(?i)\\.midi?$", "");
    Path picture = piece.resolveSibling(stem + ".png");
    new MidiWriter().write(score, piece);
    PianoRoll.write(score, picture);
    StringBuilder line = new StringBuilder(String.format("wrote %s: %d notes, %.1f s; piano roll %s", piece, score.noteCount(),
        score.durationSeconds(), picture));
    for (String kind : kinds()) {
      Path sound = piece.resolveSibling(stem + "." + kind);
      renderer().write(score, sound);
      line.append("; ").append(kind.toUpperCase(Locale.ROOT)).append(' ').append(sound);
    }
    return line.toString();
  }

  /** Plays a piece if --play asked for it; an error is one line on {@code err} and a failed status. */
  int playIfAsked(Score score, String command) throws IOException {
    if (play) {
      AudioRenderer player = renderer();
      try {
        player.play(score);
      } catch (IOException e) {
        err.println("cadenza " + command + ": --play: " + e.getMessage());
        return Failures.FAILED;
      }
    }
    return 0;
  }
}
