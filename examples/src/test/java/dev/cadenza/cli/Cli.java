package dev.cadenza.cli;

import dev.cadenza.midi.MidiWriter;
import dev.cadenza.model.Backends;
import dev.cadenza.model.SequenceModelProvider;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** Runs the command line inside a test and makes small MIDI files for it. */
final class Cli {
  private Cli() {}

  /**
   * The exit status and what was printed.
   *
   * @param status the exit status
   * @param out standard output
   * @param err standard error
   */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = CadenzaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(status, out.toString(), err.toString());
  }

  /**
   * Skips the calling test, saying why, unless every named backend is on the class path: a build with one backend's
   * profile ({@code -Pbackend-djl}, {@code -Pbackend-dl4j}) runs the tests its backend can.
   */
  static void assumeBackends(String... names) {
    Set<String> found = Backends.all().stream().map(SequenceModelProvider::name).collect(Collectors.toSet());
    for (String name : names) {
      Assumptions.assumeTrue(found.contains(name), () -> "skipped: this build has no " + name + " backend");
    }
  }

  /** A flute melody of two notes and one kick drum, at 90 bpm. */
  static Path writeScore(Path dir, String name) throws Exception {
    Score score = Score.of(TempoMap.constant(480, 90), List.of(
        Track.of("Melody", 73, 0, List.of(new Note(72, 90, 0, 480), new Note(74, 90, 480, 480))),
        Track.of("Kit", 0, 9, List.of(new Note(36, 100, 0, 120)))));
    Path file = dir.resolve(name);
    new MidiWriter().write(score, file);
    return file;
  }
}
