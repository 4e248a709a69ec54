package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Score;
import dev.cadenza.music.Tempo;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the reader and writer over generated scores and bytes. */
class MidiRoundTripProperties {

  @Property(tries = 300)
  void writeThenStrictReadGivesTheSameScore(@ForAll("scores") Score score) throws MidiFormatException {
    byte[] bytes = new MidiWriter().toBytes(score);
    MidiFile read = MidiReader.strict().read(bytes, "generated.mid");
    assertThat(read.score()).isEqualTo(score);
    assertThat(read.format()).isEqualTo(1);
  }

  @Property(tries = 300)
  void corruptedBytesNeverEscapeAsAnythingButMidiFormatException(@ForAll("scores") Score score, @ForAll long seed) {
    byte[] bytes = new MidiWriter().toBytes(score);
    Random random = new Random(seed);
    for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    for (MidiReader reader : List.of(MidiReader.lenient(), MidiReader.strict())) {
      try {
        reader.read(bytes, "corrupted.mid");
      } catch (MidiFormatException expected) {
        assertThat(expected).hasMessageStartingWith("corrupted.mid: byte ");
      }
    }
  }

  @Provide
  Arbitrary<Score> scores() {
    Arbitrary<TempoMap> tempoMaps = Combinators.combine(
        Arbitraries.of(96, 120, 384, 480, 960, 1024),
        Arbitraries.integers().between(200_000, 1_500_000).list().ofMaxSize(4),
        Arbitraries.longs().between(1, 20_000).list().ofMaxSize(4))
        .as((resolution, micros, ticks) -> {
          List<Tempo> tempos = new ArrayList<>();
          for (int i = 0; i < Math.min(micros.size(), ticks.size()); i++) {
            tempos.add(new Tempo(i == 0 ? 0 : ticks.get(i), micros.get(i)));
          }
          return TempoMap.of(resolution, tempos);
        });
    Arbitrary<List<TimeSignature>> meters = Combinators.combine(
        Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(1, 12), Arbitraries.of(2, 4, 8, 16))
        .as(TimeSignature::new).list().ofMaxSize(3);
    Arbitrary<List<KeySignature>> keys = Combinators.combine(
        Arbitraries.longs().between(0, 10_000), Arbitraries.integers().between(-7, 7), Arbitraries.of(true, false))
        .as(KeySignature::new).list().ofMaxSize(3);
    return Combinators.combine(tempoMaps, tracks().list().ofMaxSize(5), meters, keys).as(Score::new);
  }

  private Arbitrary<Track> tracks() {
    Arbitrary<List<Note>> notes = Combinators.combine(
        Arbitraries.integers().between(0, 127), Arbitraries.integers().between(1, 127),
        Arbitraries.longs().between(0, 5_000), Arbitraries.longs().between(1, 2_000))
        .as(Note::new).list().ofMinSize(1).ofMaxSize(40).map(MidiRoundTripProperties::withoutOverlapsPerKey);
    Arbitrary<List<ControlChange>> controls = Combinators.combine(
        Arbitraries.longs().between(0, 5_000), Arbitraries.of(ControlChange.KEPT_CONTROLLERS),
        Arbitraries.integers().between(0, 127)).as(ControlChange::new).list().ofMaxSize(5);
    Arbitrary<List<PitchBend>> bends = Combinators.combine(
        Arbitraries.longs().between(0, 5_000), Arbitraries.integers().between(-8192, 8191))
        .as(PitchBend::new).list().ofMaxSize(5);
    return Combinators.combine(Arbitraries.strings().alpha().numeric().ofMaxLength(12),
        Arbitraries.integers().between(0, 127), Arbitraries.integers().between(0, 15), notes, controls, bends)
        .as(Track::new);
  }

  /**
   * A MIDI file cannot tell apart two overlapping notes of one key on one channel; a reader settles them one
   * way, so generated tracks leave them out.
   */
  private static List<Note> withoutOverlapsPerKey(List<Note> notes) {
    long[] freeFrom = new long[128];
    List<Note> kept = new ArrayList<>();
    for (Note n : notes.stream().sorted().toList()) {
      if (n.startTick() >= freeFrom[n.pitch()]) {
        kept.add(n);
        freeFrom[n.pitch()] = n.endTick();
      }
    }
    return kept;
  }
}
