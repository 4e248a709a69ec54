package dev.cadenza.midi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import dev.cadenza.testing.ScoreArbitraries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
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

  @Property(tries = 200)
  void formatZeroKeepsEveryTrackOfItsOwnChannelButNotTheNames(@ForAll("scores") Score score) throws MidiFormatException {
    List<Track> ownChannels = new ArrayList<>();
    java.util.Set<Integer> used = new java.util.HashSet<>();
    for (Track t : score.tracks()) {
      if (used.add(t.channel())) {
        ownChannels.add(t.withName(""));
      }
    }
    Score distinct = score.withTracks(ownChannels);
    MidiFile read = MidiReader.strict().read(MidiWriter.format0().toBytes(distinct), "format0.mid");
    assertThat(read.format()).isZero();
    assertThat(read.trackChunks()).isEqualTo(1);
    Comparator<Track> byChannel = Comparator.comparingInt(Track::channel);
    assertThat(read.score().tracks().stream().sorted(byChannel).toList())
        .isEqualTo(ownChannels.stream().filter(t -> !t.isEmpty()).sorted(byChannel).toList());
    assertThat(read.score().tempoMap()).isEqualTo(distinct.tempoMap());
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
    return ScoreArbitraries.scores().map(ScoreArbitraries::withoutOverlapsPerKey);
  }
}
