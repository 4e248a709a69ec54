package dev.cadenza.music;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

/**
 * A piece of music as Cadenza models it: tracks of notes in ticks, the tempo map that turns ticks into
 * seconds, and the time and key signatures. Immutable; every transformation returns a new score.
 *
 * <p>Signatures are kept sorted by tick; a later signature at the same tick as an earlier one replaces it,
 * as it would when a MIDI file is played.
 *
 * @param tempoMap the resolution (ticks per quarter note) and tempo changes
 * @param tracks the instrument parts
 * @param timeSignatures metre changes; empty when the source stated none
 * @param keySignatures key changes; empty when the source stated none
 */
public record Score(TempoMap tempoMap, List<Track> tracks, List<TimeSignature> timeSignatures,
    List<KeySignature> keySignatures) {

  /** Validates and normalizes the fields. */
  public Score {
    Objects.requireNonNull(tempoMap, "tempoMap");
    tracks = List.copyOf(tracks);
    timeSignatures = lastPerTick(timeSignatures, TimeSignature::tick);
    keySignatures = lastPerTick(keySignatures, KeySignature::tick);
  }

  /** A score with tracks and a tempo map but no signatures. */
  public static Score of(TempoMap tempoMap, List<Track> tracks) {
    return new Score(tempoMap, tracks, List.of(), List.of());
  }

  private static <T> List<T> lastPerTick(List<T> items, ToLongFunction<T> tick) {
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingLong(tick));
    List<T> out = new ArrayList<>();
    for (T item : sorted) {
      if (!out.isEmpty() && tick.applyAsLong(out.get(out.size() - 1)) == tick.applyAsLong(item)) {
        out.set(out.size() - 1, item);
      } else {
        out.add(item);
      }
    }
    return List.copyOf(out);
  }

  /** Ticks per quarter note. */
  public int resolution() {
    return tempoMap.resolution();
  }

  /** The number of notes in all tracks. */
  public int noteCount() {
    return tracks.stream().mapToInt(t -> t.notes().size()).sum();
  }

  /** The tick at which the last note ends or the last change happens. */
  public long endTick() {
    return tracks.stream().mapToLong(Track::endTick).max().orElse(0);
  }

  /** The length of a bar in ticks, of the first time signature (4/4 where the score states none); at least 1. */
  public long barTicks() {
    int numerator = timeSignatures.isEmpty() ? 4 : timeSignatures.get(0).numerator();
    int denominator = timeSignatures.isEmpty() ? 4 : timeSignatures.get(0).denominator();
    return Math.max(1, 4L * resolution() * numerator / denominator);
  }

  /** The length of the score in seconds, from its start to {@link #endTick()}. */
  public double durationSeconds() {
    return tempoMap.secondsAt(endTick());
  }

  /** This score with other tracks. */
  public Score withTracks(List<Track> newTracks) {
    return new Score(tempoMap, newTracks, timeSignatures, keySignatures);
  }

  /**
   * This score with every note, controller change and pitch bend moved to the nearest multiple of
   * {@code ticksPerStep} (halves round up). A note keeps at least one step of length, so nothing disappears.
   */
  public Score quantize(long ticksPerStep) {
    if (ticksPerStep < 1) {
      throw new IllegalArgumentException("ticksPerStep must be at least 1, was " + ticksPerStep);
    }
    LongUnaryOperator snap = t -> Math.floorDiv(t + ticksPerStep / 2, ticksPerStep) * ticksPerStep;
    return mapTracks(t -> new Track(t.name(), t.program(), t.channel(),
        t.notes().stream().map(n -> {
          long start = snap.applyAsLong(n.startTick());
          long end = Math.max(start + ticksPerStep, snap.applyAsLong(n.endTick()));
          return n.withSpan(start, end - start);
        }).toList(),
        t.controlChanges().stream().map(c -> new ControlChange(snap.applyAsLong(c.tick()), c.controller(), c.value())).toList(),
        t.pitchBends().stream().map(b -> new PitchBend(snap.applyAsLong(b.tick()), b.value())).toList()));
  }

  /** Whether every pitched (non-drum) note stays within 0..127 when moved by {@code semitones}. */
  public boolean canTranspose(int semitones) {
    return tracks.stream().filter(t -> !t.isDrum()).flatMap(t -> t.notes().stream())
        .allMatch(n -> n.pitch() + semitones >= 0 && n.pitch() + semitones <= 127);
  }

  /**
   * This score moved by {@code semitones}. Drum tracks stay as they are (their pitches name instruments) and
   * the key signatures move with the notes.
   *
   * @throws IllegalArgumentException if a note would leave 0..127 (check with {@link #canTranspose(int)})
   */
  public Score transpose(int semitones) {
    if (!canTranspose(semitones)) {
      throw new IllegalArgumentException("transposing by " + semitones + " semitones takes notes outside 0..127");
    }
    List<KeySignature> keys = keySignatures.stream().map(k -> {
      int sharps = Math.floorMod(k.sharps() + 7 * semitones + 6, 12) - 6; // the circle of fifths, -6..5
      return new KeySignature(k.tick(), sharps, k.minor());
    }).toList();
    Score moved = mapTracks(t -> t.isDrum() ? t : t.withNotes(t.notes().stream().map(n -> n.transpose(semitones)).toList()));
    return new Score(tempoMap, moved.tracks, timeSignatures, keys);
  }

  /**
   * This score with all pitched tracks merged into one (named after the first, with its program and channel)
   * and all drum tracks merged into one drum track.
   */
  public Score mergeTracks() {
    List<Track> pitched = tracks.stream().filter(t -> !t.isDrum()).toList();
    List<Track> drums = tracks.stream().filter(Track::isDrum).toList();
    List<Track> merged = new ArrayList<>();
    if (!pitched.isEmpty()) {
      Track first = pitched.get(0);
      merged.add(Track.merge(first.name(), first.program(), first.channel(), pitched));
    }
    if (!drums.isEmpty()) {
      merged.add(Track.merge(drums.get(0).name(), drums.get(0).program(), Track.DRUM_CHANNEL, drums));
    }
    return withTracks(merged);
  }

  /**
   * The part of this score from {@code fromTick} (inclusive) to {@code toTick} (exclusive), moved to start at
   * tick 0. Notes that start in the range are kept and cut at {@code toTick}. The tempo, signatures, controller
   * values and pitch bend in force at {@code fromTick} are restated at tick 0, so the slice sounds as it did.
   */
  public Score slice(long fromTick, long toTick) {
    MidiRanges.checkTick("fromTick", fromTick);
    if (toTick <= fromTick) {
      throw new IllegalArgumentException("toTick (" + toTick + ") must be after fromTick (" + fromTick + ")");
    }
    Score sliced = mapTracks(t -> new Track(t.name(), t.program(), t.channel(),
        t.notes().stream().filter(n -> n.startTick() >= fromTick && n.startTick() < toTick)
            .map(n -> n.withSpan(n.startTick() - fromTick, Math.min(n.endTick(), toTick) - n.startTick())).toList(),
        sliceControls(t.controlChanges(), fromTick, toTick),
        sliceBends(t.pitchBends(), fromTick, toTick)));
    return new Score(tempoMap.sliceFrom(fromTick), sliced.tracks,
        sliceSignatures(timeSignatures, TimeSignature::tick, fromTick, toTick,
            (s, tick) -> new TimeSignature(tick, s.numerator(), s.denominator())),
        sliceSignatures(keySignatures, KeySignature::tick, fromTick, toTick,
            (k, tick) -> new KeySignature(tick, k.sharps(), k.minor())));
  }

  /** {@link #slice(long, long)} with the range given in seconds. */
  public Score sliceSeconds(double fromSeconds, double toSeconds) {
    long from = tempoMap.tickAt(fromSeconds);
    if (tempoMap.secondsAt(from) < fromSeconds) {
      from++;
    }
    return slice(from, Math.max(from + 1, tempoMap.tickAt(toSeconds)));
  }

  private static List<ControlChange> sliceControls(List<ControlChange> controls, long from, long to) {
    Map<Integer, ControlChange> inForce = new HashMap<>();
    List<ControlChange> out = new ArrayList<>();
    for (ControlChange c : controls) {
      if (c.tick() <= from) {
        inForce.put(c.controller(), new ControlChange(0, c.controller(), c.value()));
      } else if (c.tick() < to) {
        out.add(new ControlChange(c.tick() - from, c.controller(), c.value()));
      }
    }
    List<ControlChange> restated = new ArrayList<>(inForce.values());
    restated.sort(Comparator.comparingInt(ControlChange::controller));
    restated.addAll(out);
    return restated;
  }

  private static List<PitchBend> sliceBends(List<PitchBend> bends, long from, long to) {
    List<PitchBend> out = new ArrayList<>();
    PitchBend inForce = null;
    for (PitchBend b : bends) {
      if (b.tick() <= from) {
        inForce = b;
      } else if (b.tick() < to) {
        out.add(new PitchBend(b.tick() - from, b.value()));
      }
    }
    if (inForce != null && inForce.value() != 0) {
      out.add(0, new PitchBend(0, inForce.value()));
    }
    return out;
  }

  private interface Retick<T> {
    T at(T item, long tick);
  }

  private static <T> List<T> sliceSignatures(List<T> items, ToLongFunction<T> tick, long from, long to, Retick<T> retick) {
    List<T> out = new ArrayList<>();
    for (T item : items) {
      long t = tick.applyAsLong(item);
      if (t <= from) {
        out.clear();
        out.add(retick.at(item, 0));
      } else if (t < to) {
        out.add(retick.at(item, t - from));
      }
    }
    return out;
  }

  private Score mapTracks(java.util.function.UnaryOperator<Track> f) {
    return withTracks(tracks.stream().map(f).toList());
  }
}
