package dev.cadenza.tokens;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A piano roll: per time step ({@code stepsPerQuarter} per quarter note, default 4), a multi-hot frame over the
 * pitches {@code lowestPitch..highestPitch} (default 21..108, the 88 keys of the JSB and Nottingham benchmarks),
 * 1 where a pitched note sounds. A note that starts as another of its key ends becomes one longer note, as in
 * any piano roll. Decoded notes have velocity {@code velocity} (80) at {@code bpm} (120) on one piano track.
 */
public final class PianoRollEncoding extends ConfiguredEncoding implements FrameEncoding {
  static final String NAME = "piano-roll";
  private static final Set<String> OPTIONS = Set.of("stepsPerQuarter", "lowestPitch", "highestPitch", "velocity", "bpm");

  private final TimeGrid grid;
  private final int low;
  private final int high;
  private final int velocity;
  private final double bpm;

  PianoRollEncoding(TokenizerConfig config) {
    super(NAME, config, OPTIONS);
    this.grid = new TimeGrid(config.intOption("stepsPerQuarter", 4, 1, 96));
    this.low = config.intOption("lowestPitch", 21, 0, 127);
    this.high = config.intOption("highestPitch", 108, low, 127);
    this.velocity = config.intOption("velocity", 80, 1, 127);
    this.bpm = config.doubleOption("bpm", 120, 1, 1000);
  }

  /** Registers the encoding under the name {@code piano-roll}. */
  public static final class Provider extends BuiltInProvider {
    /** Creates the provider. */
    public Provider() {
      super(NAME, "multi-hot frames over a pitch range per grid step (the JSB/Nottingham benchmark form): keeps which "
          + "pitches sound when; drops re-struck notes (merged), velocity, tempo, metre, programs, drums, controllers.",
          PianoRollEncoding::new);
    }
  }



  @Override
  public int frameSize() {
    return high - low + 1;
  }

  /** The grid steps each pitch sounds in, as sorted, merged [start, end) runs per pitch. */
  private List<List<long[]>> runs(Score score) {
    List<List<long[]>> byPitch = new ArrayList<>();
    for (int p = 0; p < 128; p++) {
      byPitch.add(new ArrayList<>());
    }
    for (Note n : Notes.pitched(score)) {
      if (n.pitch() >= low && n.pitch() <= high) {
        long start = grid.step(n.startTick(), score.resolution());
        long end = Math.max(start + 1, grid.step(n.endTick(), score.resolution()));
        byPitch.get(n.pitch()).add(new long[] {start, end});
      }
    }
    for (List<long[]> runs : byPitch) {
      runs.sort((a, b) -> Long.compare(a[0], b[0]));
      List<long[]> merged = new ArrayList<>();
      for (long[] r : runs) {
        if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] >= r[0]) {
          merged.get(merged.size() - 1)[1] = Math.max(merged.get(merged.size() - 1)[1], r[1]);
        } else {
          merged.add(r.clone());
        }
      }
      runs.clear();
      runs.addAll(merged);
    }
    return byPitch;
  }

  @Override
  public Score quantize(Score score) {
    List<Note> notes = new ArrayList<>();
    List<List<long[]>> byPitch = runs(score);
    for (int p = low; p <= high; p++) {
      for (long[] r : byPitch.get(p)) {
        notes.add(new Note(p, velocity, grid.tick(r[0]), grid.tick(r[1] - r[0])));
      }
    }
    return output(notes);
  }

  private Score output(List<Note> notes) {
    return Score.of(TempoMap.constant(TimeGrid.RESOLUTION, bpm), notes.isEmpty() ? List.of() : List.of(Track.of("", 0, 0, notes)));
  }

  @Override
  public float[][] encode(Score score) {
    List<List<long[]>> byPitch = runs(score);
    long steps = byPitch.stream().flatMap(List::stream).mapToLong(r -> r[1]).max().orElse(0);
    float[][] frames = new float[Math.toIntExact(steps)][frameSize()];
    for (int p = low; p <= high; p++) {
      for (long[] r : byPitch.get(p)) {
        for (long s = r[0]; s < r[1]; s++) {
          frames[(int) s][p - low] = 1f;
        }
      }
    }
    return frames;
  }

  @Override
  public Score decode(float[][] frames) {
    List<Note> notes = new ArrayList<>();
    for (int k = 0; k < frameSize(); k++) {
      int start = -1;
      for (int s = 0; s <= frames.length; s++) {
        boolean on = s < frames.length && k < frames[s].length && frames[s][k] >= 0.5f;
        if (on && start < 0) {
          start = s;
        } else if (!on && start >= 0) {
          notes.add(new Note(low + k, velocity, grid.tick(start), grid.tick(s - start)));
          start = -1;
        }
      }
    }
    return output(notes);
  }

  @Override
  public Optional<float[][]> transpose(float[][] frames, int from, int to, int semitones) {
    float[][] out = new float[to - from][frameSize()];
    for (int s = from; s < to; s++) {
      for (int k = 0; k < frameSize(); k++) {
        if (frames[s][k] != 0) {
          int moved = k + semitones;
          if (moved < 0 || moved >= frameSize()) {
            return Optional.empty();
          }
          out[s - from][moved] = frames[s][k];
        }
      }
    }
    return Optional.of(out);
  }

  /** Value k is pitch lowestPitch + k. */
  @Override
  public OptionalInt pitchAt(int index) {
    return OptionalInt.of(low + index);
  }

  @Override
  public String describe(float[] frame) {
    StringJoiner names = new StringJoiner(" ");
    for (int k = 0; k < frame.length; k++) {
      if (frame[k] >= 0.5f) {
        names.add(PitchNames.name(low + k));
      }
    }
    return names.length() == 0 ? "-" : names.toString();
  }
}
