package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One instrument's part: the notes, and the controller and pitch-bend changes, played with one program on one
 * MIDI channel. Channel 10 (index 9) is the General MIDI drum channel; its tracks are {@link #isDrum() drums}.
 *
 * <p>Notes are kept in their canonical order ({@link Note#compareTo}); controller changes and pitch bends in
 * tick order (events at the same tick keep the order they were given in).
 *
 * @param name the track's name, empty when it has none
 * @param program General MIDI program, 0..127 (0 is Acoustic Grand Piano)
 * @param channel MIDI channel index, 0..15
 * @param notes the notes
 * @param controlChanges controller changes
 * @param pitchBends pitch-wheel changes
 */
public record Track(String name, int program, int channel, List<Note> notes, List<ControlChange> controlChanges,
    List<PitchBend> pitchBends) {

  /** The channel index of General MIDI drums (channel 10 counted from 1). */
  public static final int DRUM_CHANNEL = 9;

  /** Validates the fields and puts the events in canonical order. */
  public Track {
    Objects.requireNonNull(name, "name");
    MidiRanges.checkDataByte("program", program);
    if (channel < 0 || channel > 15) {
      throw new IllegalArgumentException("channel must be 0..15, was " + channel);
    }
    notes = sortedCopy(notes, Comparator.naturalOrder());
    controlChanges = sortedCopy(controlChanges, Comparator.comparingLong(ControlChange::tick));
    pitchBends = sortedCopy(pitchBends, Comparator.comparingLong(PitchBend::tick));
  }

  /** A track holding only notes. */
  public static Track of(String name, int program, int channel, List<Note> notes) {
    return new Track(name, program, channel, notes, List.of(), List.of());
  }

  private static <T> List<T> sortedCopy(List<T> items, Comparator<? super T> order) {
    List<T> copy = new ArrayList<>(items);
    copy.sort(order);
    return List.copyOf(copy);
  }

  /** Whether this track plays General MIDI drums (channel index 9), where pitches name instruments. */
  public boolean isDrum() {
    return channel == DRUM_CHANNEL;
  }

  /** The tick after the last note ends or the last change happens; 0 for an empty track. */
  public long endTick() {
    long end = 0;
    for (Note n : notes) {
      end = Math.max(end, n.endTick());
    }
    if (!controlChanges.isEmpty()) {
      end = Math.max(end, controlChanges.get(controlChanges.size() - 1).tick());
    }
    if (!pitchBends.isEmpty()) {
      end = Math.max(end, pitchBends.get(pitchBends.size() - 1).tick());
    }
    return end;
  }

  /** Whether the track holds no events at all. */
  public boolean isEmpty() {
    return notes.isEmpty() && controlChanges.isEmpty() && pitchBends.isEmpty();
  }

  /** This track with another name. */
  public Track withName(String newName) {
    return new Track(newName, program, channel, notes, controlChanges, pitchBends);
  }

  /** This track with other notes. */
  public Track withNotes(List<Note> newNotes) {
    return new Track(name, program, channel, newNotes, controlChanges, pitchBends);
  }

  /**
   * Splits this track at a pitch, as a keyboard part splits into hands: the first track gets the notes below
   * {@code splitPitch}, the second the others; both keep the controller changes and pitch bends.
   */
  public List<Track> splitAtPitch(int splitPitch) {
    Predicate<Note> low = n -> n.pitch() < splitPitch;
    return List.of(
        new Track(name, program, channel, notes.stream().filter(low).toList(), controlChanges, pitchBends),
        new Track(name, program, channel, notes.stream().filter(low.negate()).toList(), controlChanges, pitchBends));
  }

  /**
   * One track holding all events of the given tracks, with the given name, program and channel.
   *
   * @throws IllegalArgumentException if {@code tracks} is empty
   */
  public static Track merge(String name, int program, int channel, List<Track> tracks) {
    if (tracks.isEmpty()) {
      throw new IllegalArgumentException("there are no tracks to merge");
    }
    List<Note> notes = new ArrayList<>();
    List<ControlChange> controls = new ArrayList<>();
    List<PitchBend> bends = new ArrayList<>();
    for (Track t : tracks) {
      notes.addAll(t.notes);
      controls.addAll(t.controlChanges);
      bends.addAll(t.pitchBends);
    }
    return new Track(name, program, channel, notes, controls, bends);
  }
}
