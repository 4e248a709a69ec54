package dev.cadenza.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.evaluation.VoiceLeading;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChoraleTokenizerTest {
  private final ChoraleTokenizer chorale = (ChoraleTokenizer) Tokenizers.encoding("chorale", TokenizerConfig.DEFAULTS);

  /** Two bars of four voices in quarter notes at 480 ticks per quarter, with a repeated soprano note. */
  private static Score fourParts(int shift) {
    int[][] lines = {{72, 72, 74, 76, 77, 76, 74, 72}, {67, 67, 67, 67, 69, 67, 65, 64}, {64, 60, 62, 60, 60, 60, 59, 60},
        {48, 52, 55, 48, 53, 48, 55, 48}};
    List<Track> tracks = new ArrayList<>();
    for (int v = 3; v >= 0; v--) { // bass first: voices are told by pitch, not by track order
      List<Note> notes = new ArrayList<>();
      for (int i = 0; i < lines[v].length; i++) {
        notes.add(new Note(lines[v][i] + shift, 80, i * 480L, 480));
      }
      tracks.add(Track.of("Instrument " + (v + 1), 0, v, notes));
    }
    return new Score(TempoMap.constant(480, 90), tracks, List.of(new TimeSignature(0, 4, 4)), List.of());
  }

  private static List<Integer> pitches(Track track) {
    return track.notes().stream().map(Note::pitch).toList();
  }

  @Test
  void fourTracksComeBackAsTheFourVoicesHighestFirstWithRepeatedNotesKept() {
    Score decoded = chorale.decode(chorale.encode(fourParts(0)));
    assertThat(decoded.tracks()).extracting(Track::name).containsExactly("Soprano", "Alto", "Tenor", "Bass");
    assertThat(pitches(decoded.tracks().get(0))).containsExactly(72, 72, 74, 76, 77, 76, 74, 72);
    assertThat(pitches(decoded.tracks().get(1))).containsExactly(67, 67, 67, 67, 69, 67, 65, 64);
    assertThat(pitches(decoded.tracks().get(3))).containsExactly(48, 52, 55, 48, 53, 48, 55, 48);
    assertThat(decoded.tracks().get(0).notes().get(1).startTick()).isEqualTo(480);
    assertThat(decoded.timeSignatures()).extracting(TimeSignature::numerator).containsExactly(4);
    assertThat(chorale.check(chorale.encode(fourParts(0))).isWellFormed()).isTrue();
    assertThat(chorale.quantize(decoded)).isEqualTo(decoded);
  }

  @Test
  void theSopranoRunsTheLookaheadAheadOfTheOtherVoices() {
    int[] ids = chorale.encode(fourParts(0));
    Vocabulary v = chorale.vocabulary();
    // Eighth-note steps: the soprano's first 8 steps come first, then per step Bar?, S(t + 8), A(t), T(t), B(t).
    assertThat(Arrays.stream(ids, 0, 8).mapToObj(v::token)).containsExactly("S_72", "S_hold", "S_72", "S_hold", "S_74", "S_hold",
        "S_76", "S_hold");
    assertThat(Arrays.stream(ids, 8, 13).mapToObj(v::token)).containsExactly("Bar", "S_77", "A_67", "T_64", "B_48");
  }

  @Property(tries = 50)
  void movingTokensWithinTheVoicesRangesIsMovingTheScore(@ForAll @IntRange(min = -6, max = 6) int semitones) {
    int[] ids = chorale.encode(fourParts(0));
    Optional<int[]> moved = chorale.transpose(ids, 0, ids.length, semitones);
    assertThat(moved).isPresent();
    assertThat(moved.get()).containsExactly(chorale.encode(fourParts(semitones)));
  }

  @Test
  void oneTrackOfChordsIsSplitTopToBottom() {
    List<Note> notes = List.of(new Note(76, 80, 0, 960), new Note(67, 80, 0, 960), new Note(60, 80, 0, 960), new Note(48, 80, 0, 960),
        new Note(79, 80, 960, 960), new Note(43, 80, 960, 960));
    Score decoded = chorale.decode(chorale.encode(Score.of(TempoMap.constant(480, 90), List.of(Track.of("Piano", 0, 0, notes)))));
    assertThat(decoded.tracks().stream().map(ChoraleTokenizerTest::pitches))
        .containsExactly(List.of(76, 79), List.of(67), List.of(60), List.of(48, 43));
  }

  @Property(tries = 30)
  void harmonizingKeepsTheMelodyWhateverIsDrawnElsewhereAndEndsWithIt(@ForAll long seed) {
    Score melody = fourParts(0).withTracks(List.of(fourParts(0).tracks().get(3)));
    int[] template = chorale.template(melody);
    TokenGrammar grammar = chorale.harmonizing(template);
    Random random = new Random(seed);
    List<Integer> drawn = new ArrayList<>();
    int bos = chorale.vocabulary().id(Vocabulary.BOS);
    grammar.accept(bos);
    while (!grammar.canEnd()) {
      List<Integer> allowed = new ArrayList<>();
      for (int id = 0; id < chorale.vocabulary().size(); id++) {
        if (grammar.allows(id)) {
          allowed.add(id);
        }
      }
      assertThat(allowed).isNotEmpty();
      int id = allowed.get(random.nextInt(allowed.size()));
      grammar.accept(id);
      drawn.add(id);
    }
    int[] ids = drawn.stream().mapToInt(Integer::intValue).toArray();
    assertThat(ids).hasSameSizeAs(template);
    for (int i = 0; i < ids.length; i++) {
      int voice = chorale.voiceOf(template[i]);
      assertThat(voice > 0 ? chorale.voiceOf(ids[i]) == voice : ids[i] == template[i]).as("token %d", i).isTrue();
    }
    assertThat(pitches(chorale.decode(ids).tracks().get(0))).containsExactly(72, 72, 74, 76, 77, 76, 74, 72);
    assertThat(chorale.check(ids).isWellFormed()).isTrue();
  }

  /** Draws a whole stream under {@code grammar}, each token at random among those it allows. */
  private int[] drawAll(TokenGrammar grammar, int steps, Random random) {
    List<Integer> drawn = new ArrayList<>();
    grammar.accept(chorale.vocabulary().id(Vocabulary.BOS));
    while (drawn.size() < steps || !grammar.canEnd()) {
      List<Integer> allowed = new ArrayList<>();
      for (int id = 0; id < chorale.vocabulary().size(); id++) {
        if (grammar.allows(id) && id != chorale.vocabulary().id(Vocabulary.EOS)) {
          allowed.add(id);
        }
      }
      assertThat(allowed).as("a dead end after %d tokens", drawn.size()).isNotEmpty();
      int id = allowed.get(random.nextInt(allowed.size()));
      grammar.accept(id);
      drawn.add(id);
    }
    return drawn.stream().mapToInt(Integer::intValue).toArray();
  }

  @Property(tries = 40)
  void withoutParallelsNoTwoVoicesMoveInParallelFifthsOrOctaves(@ForAll long seed) {
    Random random = new Random(seed);
    Score free = chorale.decode(drawAll(chorale.withoutParallels(chorale.grammar()), 400, random));
    VoiceLeading leading = VoiceLeading.of(List.of(free));
    assertThat(leading.pieces()).isEqualTo(1);
    assertThat(leading.pairMoves()).isPositive();
    assertThat(leading.parallelFifths() + leading.parallelOctaves()).isZero();
    Score melody = fourParts(0).withTracks(List.of(fourParts(0).tracks().get(3)));
    Score harmonized = chorale.decode(drawAll(chorale.withoutParallels(chorale.harmonizing(chorale.template(melody))), 0, random));
    assertThat(pitches(harmonized.tracks().get(0))).containsExactly(72, 72, 74, 76, 77, 76, 74, 72);
    VoiceLeading under = VoiceLeading.of(List.of(harmonized));
    assertThat(under.parallelFifths() + under.parallelOctaves()).isZero();
  }

  @Test
  void withoutTheGuardRandomDrawsDoMoveInParallels() {
    Random random = new Random(7);
    long parallels = 0;
    for (int i = 0; i < 5; i++) {
      VoiceLeading leading = VoiceLeading.of(List.of(chorale.decode(drawAll(chorale.grammar(), 400, random))));
      parallels += leading.parallelFifths() + leading.parallelOctaves();
    }
    assertThat(parallels).as("the guard has something to guard against").isPositive();
  }
}
