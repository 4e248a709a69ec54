package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The first difference between two scores, in words, for round-trip reports and test failures. */
public final class ScoreDiff {
  private ScoreDiff() {}

  /** Where {@code actual} first differs from {@code expected}, or empty when they are equal. */
  public static Optional<String> first(Score expected, Score actual) {
    if (expected.equals(actual)) {
      return Optional.empty();
    }
    if (!expected.tempoMap().equals(actual.tempoMap())) {
      return Optional.of("tempo map: expected " + expected.tempoMap() + ", got " + actual.tempoMap());
    }
    if (!expected.timeSignatures().equals(actual.timeSignatures())) {
      return Optional.of("time signatures: expected " + expected.timeSignatures() + ", got " + actual.timeSignatures());
    }
    if (!expected.keySignatures().equals(actual.keySignatures())) {
      return Optional.of("key signatures: expected " + expected.keySignatures() + ", got " + actual.keySignatures());
    }
    if (expected.tracks().size() != actual.tracks().size()) {
      return Optional.of("expected " + expected.tracks().size() + " tracks, got " + actual.tracks().size());
    }
    for (int t = 0; t < expected.tracks().size(); t++) {
      Track e = expected.tracks().get(t);
      Track a = actual.tracks().get(t);
      String where = "track " + (t + 1) + ": ";
      if (!Objects.equals(e.name(), a.name()) || e.program() != a.program() || e.channel() != a.channel()) {
        return Optional.of(where + "expected " + header(e) + ", got " + header(a));
      }
      List<Note> en = e.notes();
      List<Note> an = a.notes();
      for (int i = 0; i < Math.min(en.size(), an.size()); i++) {
        if (!en.get(i).equals(an.get(i))) {
          return Optional.of(where + "note " + (i + 1) + ": expected " + en.get(i) + ", got " + an.get(i));
        }
      }
      if (en.size() != an.size()) {
        return Optional.of(where + "expected " + en.size() + " notes, got " + an.size());
      }
      if (!e.controlChanges().equals(a.controlChanges())) {
        return Optional.of(where + "controller changes differ");
      }
      if (!e.pitchBends().equals(a.pitchBends())) {
        return Optional.of(where + "pitch bends differ");
      }
    }
    return Optional.of("the scores differ");
  }

  private static String header(Track t) {
    return "'" + t.name() + "' program " + t.program() + " channel index " + t.channel();
  }
}
