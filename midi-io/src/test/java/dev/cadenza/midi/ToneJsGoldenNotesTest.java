package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notes of Tone.js's test files, in seconds, against the lists pretty_midi produced for them. */
class ToneJsGoldenNotesTest {
  private static final double TOLERANCE_SECONDS = 0.001;

  /** A note in seconds. */
  record TimedNote(int pitch, double start, double end) {}

  private static final Comparator<TimedNote> ORDER = Comparator.comparingDouble(TimedNote::start)
      .thenComparingInt(TimedNote::pitch).thenComparingDouble(TimedNote::end);

  /**
   * pretty_midi lists each instrument under a {@code track NAME} line; the notes of all instruments of one name
   * are compared with the notes of all Cadenza tracks of that name. (The grouping by name, not by instrument,
   * is because pretty_midi gives a note the program in force at its note-off, Cadenza the one at its note-on;
   * where a program changes while a note sounds, the note lands in another instrument of the same part.) Where
   * pretty_midi lists fewer instruments than the file has (the Bartok file), the ones it lists are compared.
   */
  @Test
  void everyGoldenListIsMatchedWithinOneMillisecond() throws IOException {
    List<Path> goldens = SharedData.files("midi-conformance/tonejs_midi_tests", ".mid.txt");
    assertThat(goldens).hasSizeGreaterThanOrEqualTo(17);
    int compared = 0;
    for (Path golden : goldens) {
      Path midi = golden.resolveSibling(golden.getFileName().toString().replaceFirst("\\.txt$", ""));
      Map<String, List<TimedNote>> expectedByName = readGolden(golden);
      Map<String, List<TimedNote>> actualByName = timedNotes(MidiReader.lenient().read(midi).score());
      for (Map.Entry<String, List<TimedNote>> e : expectedByName.entrySet()) {
        String part = midi.getFileName() + " part '" + e.getKey() + "'";
        List<TimedNote> expected = e.getValue();
        List<TimedNote> actual = actualByName.getOrDefault(e.getKey(), List.of());
        assertThat(actual).as(part + ": note count").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
          TimedNote want = expected.get(i);
          TimedNote got = actual.get(i);
          String where = part + " note " + i + ": expected " + want + ", read " + got;
          assertThat(got.pitch()).as(where).isEqualTo(want.pitch());
          assertThat(Math.abs(got.start() - want.start())).as(where).isLessThanOrEqualTo(TOLERANCE_SECONDS);
          assertThat(Math.abs(got.end() - want.end())).as(where).isLessThanOrEqualTo(TOLERANCE_SECONDS);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(30_000);
  }

  private static Map<String, List<TimedNote>> readGolden(Path golden) throws IOException {
    Map<String, List<TimedNote>> byName = new LinkedHashMap<>();
    List<TimedNote> current = null;
    for (String line : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
      if (line.startsWith("track")) {
        current = byName.computeIfAbsent(clean(line.substring("track".length())), k -> new ArrayList<>());
      } else if (!line.isBlank()) {
        String[] f = line.strip().split("\t");
        current.add(new TimedNote(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
      }
    }
    byName.values().forEach(notes -> notes.sort(ORDER));
    return byName;
  }

  private static String clean(String name) {
    return name.replace("\0", "").strip();
  }

  private static Map<String, List<TimedNote>> timedNotes(Score score) {
    TempoMap map = score.tempoMap();
    Map<String, List<TimedNote>> byName = new LinkedHashMap<>();
    for (Track track : score.tracks()) {
      List<TimedNote> notes = byName.computeIfAbsent(clean(track.name()), k -> new ArrayList<>());
      for (Note n : track.notes()) {
        notes.add(new TimedNote(n.pitch(), map.secondsAt(n.startTick()), map.secondsAt(n.endTick())));
      }
    }
    byName.values().forEach(notes -> notes.sort(ORDER));
    return byName;
  }
}
