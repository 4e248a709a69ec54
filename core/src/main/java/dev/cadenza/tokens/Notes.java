package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;

/** Note-list operations that several tokenizers' quantized views share. */
final class Notes {
  private Notes() {}

  /** The notes of every track that is not a drum track. */
  static List<Note> pitched(Score score) {
    List<Note> notes = new ArrayList<>();
    for (Track t : score.tracks()) {
      if (!t.isDrum()) {
        notes.addAll(t.notes());
      }
    }
    return notes;
  }

  /**
   * One sounding note per key at a time, as a MIDI-like event stream can express: a note ends where the next
   * note of its key starts, and of notes of one key starting together only the last in canonical order (the
   * longest) is kept.
   */
  static List<Note> onePerKey(List<Note> notes) {
    List<List<Note>> byKey = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      byKey.add(new ArrayList<>());
    }
    notes.stream().sorted().forEach(n -> byKey.get(n.pitch()).add(n));
    List<Note> out = new ArrayList<>(notes.size());
    for (List<Note> key : byKey) {
      for (int i = 0; i < key.size(); i++) {
        Note n = key.get(i);
        Note next = i + 1 < key.size() ? key.get(i + 1) : null;
        if (next != null && next.startTick() == n.startTick()) {
          continue;
        }
        out.add(next != null && n.endTick() > next.startTick()
            ? n.withSpan(n.startTick(), next.startTick() - n.startTick()) : n);
      }
    }
    out.sort(null);
    return out;
  }
}
