package dev.cadenza.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.tokens.Vocabulary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SequenceDatasetTest {
  private static final ScoreEncoding PERFORMANCE = Tokenizers.encoding("performance", TokenizerConfig.DEFAULTS);

  /** Pieces of note-ons and time shifts: NOTE_ON_(40+i%40), TIME_SHIFT_1, repeated. */
  private static List<EncodedPiece> pieces(int count, int length) {
    List<EncodedPiece> pieces = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      int offset = p;
      pieces.add(new EncodedPiece.Tokens("piece-" + p, IntStream.range(0, length)
          .map(i -> i % 2 == 0 ? 40 + (i / 2 + offset) % 40 : 256).toArray()));
    }
    return pieces;
  }

  private static List<Batch.Tokens> all(Iterable<Batch> batches) {
    return StreamSupport.stream(batches.spliterator(), false).map(b -> (Batch.Tokens) b).toList();
  }

  @Test
  void splitsByPieceDeterministicallyAndCountsWindows() {
    List<EncodedPiece> pieces = new ArrayList<>(pieces(20, 101));
    pieces.add(new EncodedPiece.Tokens("short", new int[10]));
    SequenceDataset data = SequenceDataset.builder(pieces, PERFORMANCE).sequenceLength(16).stride(8)
        .validationFraction(0.25).seed(7).build();
    Set<String> trainSources = new HashSet<>(data.trainPieces().stream().map(EncodedPiece::source).toList());
    assertThat(data.validationPieces()).hasSize(5).noneMatch(p -> trainSources.contains(p.source()));
    assertThat(data.trainPieces()).hasSize(15);
    assertThat(data.tooShortPieces()).isEqualTo(1);
    assertThat(data.trainWindowCount()).as("pieces framed by <bos> and <eos>").isEqualTo(15 * ((101 + 2 - 17) / 8 + 1));
    SequenceDataset again = SequenceDataset.builder(pieces, PERFORMANCE).sequenceLength(16).stride(8)
        .validationFraction(0.25).seed(7).build();
    assertThat(again.validationPieces().stream().map(EncodedPiece::source).toList())
        .isEqualTo(data.validationPieces().stream().map(EncodedPiece::source).toList());
    SequenceDataset other = SequenceDataset.builder(pieces, PERFORMANCE).sequenceLength(16).stride(8)
        .validationFraction(0.25).seed(8).build();
    assertThat(other.validationPieces().stream().map(EncodedPiece::source).toList())
        .isNotEqualTo(data.validationPieces().stream().map(EncodedPiece::source).toList());
  }

  @Test
  void givenValidationPiecesReplaceTheSplit() {
    List<EncodedPiece> held = List.of(new EncodedPiece.Tokens("valid-1", new int[40]), new EncodedPiece.Tokens("valid-2", new int[5]));
    SequenceDataset data = SequenceDataset.builder(pieces(6, 101), PERFORMANCE).sequenceLength(16).stride(8)
        .validationFraction(0.5).validationPieces(held).build();
    assertThat(data.trainPieces()).hasSize(6);
    assertThat(data.validationPieces()).extracting(EncodedPiece::source).containsExactly("valid-1");
    assertThat(data.validationPieces().get(0).length()).as("framed by <bos> and <eos>").isEqualTo(42);
    assertThat(data.tooShortPieces()).isEqualTo(1);
    assertThat(data.validationWindowCount()).isEqualTo((42 - 17) / 8 + 1);
  }

  @Test
  void batchesHoldEveryWindowOnceWithTargetsOneStepOn() {
    SequenceDataset data = SequenceDataset.builder(pieces(6, 50), PERFORMANCE).sequenceLength(10).batchSize(4)
        .validationFraction(0).build();
    List<Batch.Tokens> batches = all(data.trainBatches(0));
    assertThat(batches).hasSize((int) data.trainBatchCount());
    assertThat(batches.stream().mapToInt(Batch::size).sum()).isEqualTo((int) data.trainWindowCount()).isEqualTo(6 * 5);
    for (Batch.Tokens b : batches) {
      assertThat(b.length()).isEqualTo(10);
      for (int i = 0; i < b.size(); i++) {
        assertThat(java.util.Arrays.copyOfRange(b.inputs()[i], 1, 10)).containsExactly(java.util.Arrays.copyOfRange(b.targets()[i], 0, 9));
      }
    }
    assertThat(all(data.trainBatches(0)).get(0).inputs()).isDeepEqualTo(batches.get(0).inputs());
    assertThat(java.util.Arrays.deepEquals(all(data.trainBatches(1)).get(0).inputs(), batches.get(0).inputs())).isFalse();
  }

  @Test
  void transpositionMovesEveryPitchOfAWindowByOneDrawnAmount() {
    SequenceDataset plain = SequenceDataset.builder(pieces(4, 41), PERFORMANCE).sequenceLength(40).validationFraction(0).build();
    SequenceDataset moved = SequenceDataset.builder(pieces(4, 41), PERFORMANCE).sequenceLength(40).validationFraction(0)
        .transpose(-3, 3).build();
    List<Batch.Tokens> a = all(plain.trainBatches(0));
    List<Batch.Tokens> b = all(moved.trainBatches(0));
    Set<Integer> shifts = new HashSet<>();
    for (int w = 0; w < a.get(0).size(); w++) {
      int[] original = a.get(0).inputs()[w];
      int[] shifted = b.get(0).inputs()[w];
      assertThat(original[0]).as("a piece starts with <bos>").isEqualTo(((Tokenizer) PERFORMANCE).vocabulary().id(Vocabulary.BOS));
      int shift = shifted[1] - original[1];
      assertThat(shift).isBetween(-3, 3);
      for (int i = 0; i < original.length; i++) {
        assertThat(shifted[i] - original[i]).isEqualTo(original[i] < 256 ? shift : 0);
      }
      shifts.add(shift);
    }
    assertThat(shifts).hasSizeGreaterThan(1);
    assertThat(all(moved.validationBatches())).isEmpty();
  }

  @Test
  void framesAndSettingsAreChecked() {
    ScoreEncoding roll = Tokenizers.encoding("piano-roll", TokenizerConfig.DEFAULTS);
    List<EncodedPiece> frames = List.of(new EncodedPiece.Frames("f", new float[30][88]));
    SequenceDataset data = SequenceDataset.builder(frames, roll).sequenceLength(8).validationFraction(0).transpose(-2, 2).build();
    Batch.Frames batch = (Batch.Frames) data.trainBatches(0).iterator().next();
    assertThat(batch.inputs()[0]).hasNumberOfRows(8);
    assertThatThrownBy(() -> SequenceDataset.builder(frames, PERFORMANCE).build()).hasMessageContaining("holds frames");
    assertThatThrownBy(() -> SequenceDataset.builder(frames, roll).validationFraction(1).build()).hasMessageContaining("below 1");
    assertThatThrownBy(() -> SequenceDataset.builder(frames, roll).transpose(3, -3).build()).hasMessageContaining("lowest first");
  }

  /**
   * A frame piece is learned from the frame generation without a primer starts from (silence before a bar, with the
   * piece's style and tempo), so that a model learns how pieces begin: a piece exactly one window long gives one window,
   * whose first input is that frame and whose first target is the piece's first step.
   */
  @Test
  void framePiecesAreLearnedFromTheFrameGenerationStartsFrom() {
    FrameEncoding beats = Tokenizers.frames("drum-grid", TokenizerConfig.of("styles", "rock,funk", "positions", "true", "tempo", "true"));
    List<Note> kicks = IntStream.range(0, 16).mapToObj(beat -> new Note(36, 100, beat * 480L, 120)).toList();
    float[][] groove = beats.encode(Score.of(TempoMap.constant(480, 90), List.of(Track.of("", 0, Track.DRUM_CHANNEL, kicks))));
    for (int s = 0; s < groove.length; s++) {
      groove[s] = beats.conditioned(groove[s], Optional.of("funk"), OptionalDouble.empty());
    }
    SequenceDataset data = SequenceDataset.builder(List.of(new EncodedPiece.Frames("groove", groove)), beats)
        .sequenceLength(groove.length).validationFraction(0).batchSize(1).build();
    assertThat(data.trainWindowCount()).isEqualTo(1);
    Batch.Frames batch = (Batch.Frames) data.trainBatches(0).iterator().next();
    float[] start = beats.conditioned(beats.silence(), Optional.of("funk"), OptionalDouble.of(90));
    assertThat(batch.inputs()[0][0]).containsExactly(start, within(1e-6f));
    assertThat(batch.targets()[0][0]).containsExactly(groove[0]);
    assertThat(batch.inputs()[0][1]).containsExactly(groove[0]);
  }
}
