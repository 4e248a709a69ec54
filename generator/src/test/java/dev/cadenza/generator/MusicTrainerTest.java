package dev.cadenza.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.model.ArchitectureSpec;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.tokens.Tokenizer;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.Tokenizers;
import dev.cadenza.training.EpochResult;
import dev.cadenza.training.ExistingRunException;
import dev.cadenza.training.TrainingConfig;
import dev.cadenza.training.TrainingListener;
import dev.cadenza.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training from the front door, on the reference backend: settings checked in build(), sizes from the tokenizer. */
class MusicTrainerTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  @TempDir static Path dir;
  private static Path data;

  /** Six short tunes, each a rising and falling line. */
  @BeforeAll
  static void someTunes() throws IOException {
    data = Files.createDirectories(dir.resolve("midi"));
    for (int tune = 0; tune < 6; tune++) {
      List<Note> notes = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        notes.add(new Note(60 + tune + Math.abs(i % 12 - 6), 80, i * 240L, 240));
      }
      MidiFiles.write(Score.of(TempoMap.constant(480, 120), List.of(Track.of("", 0, 0, notes))), data.resolve("tune-" + tune + ".mid"));
    }
  }

  private static MusicTrainer.Builder small(Path checkpoints) {
    return MusicTrainer.builder().data(data).tokenizer("performance").backend(REFERENCE).embeddingSize(4).units(8).layers(1)
        .dropout(0).sequenceLength(16).batchSize(4).validationSplit(0.2).cacheDir(dir.resolve("cache"))
        .training(TrainingConfig.builder().epochs(2).checkpointDirectory(checkpoints).build());
  }

  @Test
  void trainsFromFilesToABundleThatGenerates() throws IOException {
    Path checkpoints = dir.resolve("run");
    MusicTrainer trainer = small(checkpoints).build();
    Tokenizer performance = Tokenizers.get("performance", TokenizerConfig.DEFAULTS);
    assertThat(trainer.architecture().inputSize()).as("sizes come from the tokenizer").isEqualTo(performance.vocabulary().size());
    List<EpochResult> epochs = new ArrayList<>();
    TrainingResult result = trainer.train(new TrainingListener() {
      @Override
      public void epochDone(EpochResult epoch) {
        epochs.add(epoch);
      }
    });
    assertThat(result.status()).isEqualTo(TrainingResult.Status.COMPLETED);
    assertThat(epochs).hasSize(2).allMatch(e -> Double.isFinite(e.trainLoss()));
    try (MusicGenerator generator = MusicGenerator.builder().model(checkpoints).backend(REFERENCE).build()) {
      assertThat(generator.generate(GenerationRequest.builder().tokens(60).seed(3).build()).noteCount()).isPositive();
    }
    assertThatThrownBy(() -> small(checkpoints).build()).isInstanceOf(ExistingRunException.class)
        .hasMessageContaining("holds an earlier run");
    assertThat(small(checkpoints).training(TrainingConfig.builder().epochs(3).checkpointDirectory(checkpoints).resume(true).build())
        .build().config().resume()).isTrue();
    assertThat(checkpoints.resolve(TrainingConfig.BEST)).isRegularFile();
  }

  @Test
  void everyImpossibleSettingFailsInBuildWithOneClearMessage() {
    List<Object[]> cases = List.of(
        bad(b -> b.sequenceLength(1), "the sequence length must be at least 2, was 1"),
        bad(b -> b.stride(0), "the stride must be at least 1, was 0"),
        bad(b -> b.batchSize(0), "the batch size must be at least 1, was 0"),
        bad(b -> b.validationSplit(1), "the validation split must be at least 0 and below 1, was 1.0"),
        bad(b -> b.transpose(3, -3), "the transposition range must be within -24..24 semitones, low to high, was 3..-3"),
        bad(b -> b.architecture("gru"), "the architecture must be lstm or transformer, was 'gru'"),
        bad(b -> b.tokenizer("nosuch"), "no tokenizer named 'nosuch'"),
        bad(b -> b.tokenizerOption("nosuch", "1"), "has no option [nosuch]"),
        bad(b -> b.architecture("transformer").sequenceLength(16).context(8), "the context 8 is shorter than the sequence length 16"),
        bad(b -> b.architecture("transformer").modelWidth(10).heads(3), "multiple of the 3 heads"),
        bad(b -> b.units(0), "units"),
        bad(b -> b.backend("theano"), "no Cadenza backend is on the class path"));
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      UnaryOperator<MusicTrainer.Builder> change = (UnaryOperator<MusicTrainer.Builder>) c[0];
      assertThatThrownBy(() -> change.apply(small(dir.resolve("never"))).build()).as((String) c[1])
          .isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class).hasMessageContaining((String) c[1]);
    }
    assertThatThrownBy(() -> MusicTrainer.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no data");
    assertThatThrownBy(() -> small(dir.resolve("never")).preparedData(dir.resolve("prepared")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("alternatives");
    assertThat(dir.resolve("never")).doesNotExist();
  }

  private static Object[] bad(UnaryOperator<MusicTrainer.Builder> change, String message) {
    return new Object[] {change, message};
  }

  @Test
  void dataThatGivesNoWindowsIsAClearError() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> small(dir.resolve("e")).data(empty).build().prepare(null)).hasMessageContaining("no MIDI files");
    assertThatThrownBy(() -> small(dir.resolve("s")).sequenceLength(4000).build().prepare(null))
        .hasMessageContaining("are shorter than the sequence length 4000 plus one step");
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("a.mid"), "not MIDI");
    assertThatThrownBy(() -> small(dir.resolve("b")).data(broken).build().prepare(null))
        .hasMessageContaining("none of the 1 MIDI files could be read");
    assertThat(ArchitectureSpec.LSTM).isEqualTo(small(dir.resolve("x")).build().architecture().family());
  }
}
