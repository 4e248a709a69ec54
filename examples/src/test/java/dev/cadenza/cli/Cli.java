package dev.cadenza.cli;

import dev.cadenza.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

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
