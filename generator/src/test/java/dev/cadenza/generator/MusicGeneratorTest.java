package dev.cadenza.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadenza.bundle.ModelBundle;
import dev.cadenza.bundle.Provenance;
import dev.cadenza.data.Batch;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generation.Primer;
import dev.cadenza.generation.Sampler;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingSettings;
import dev.cadenza.music.Score;
import dev.cadenza.music.Track;
import dev.cadenza.testing.ReferenceProvider;
import dev.cadenza.testing.TinyCorpus;
import dev.cadenza.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front door on the reference backend: finding the model, primers from MIDI, determinism, threads. */
class MusicGeneratorTest {
  private static final ReferenceProvider REFERENCE = new ReferenceProvider();
  @TempDir static Path dir;
  private static Path checkpoints;

  @BeforeAll
  static void aTrainedModel() throws IOException {
    checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
    try (SequenceModel model = REFERENCE.create(TinyCorpus.lstm(1))) {
      model.configureTraining(new TrainingSettings(0.05, 1.0));
      for (int epoch = 1; epoch <= 20; epoch++) {
        for (Batch batch : TinyCorpus.dataset(1).trainBatches(epoch)) {
          model.trainBatch(batch);
        }
      }
      Provenance provenance = new Provenance("fingerprint", 6, 2, 20, 0.1, 1, "2026-12-01T00:00:00Z", Map.of(), REFERENCE.engine(), 2);
      ModelBundle.of(model, "reference", TinyCorpus.PERFORMANCE.spec(), provenance, List.of(new int[] {60, 265}, new int[] {64}))
          .write(checkpoints.resolve(TrainingConfig.BEST));
    }
  }

  private static MusicGenerator generator(Path model) throws IOException {
    return MusicGenerator.builder().model(model).backend(REFERENCE).build();
  }

  @Test
  void aModelIsFoundByItsFileItsNameOrItsFolder() throws IOException {
    for (Path model : List.of(checkpoints, checkpoints.resolve("best"), checkpoints.resolve("best.cadenza"))) {
      try (MusicGenerator generator = generator(model)) {
        assertThat(generator.backend()).isEqualTo("reference");
        assertThat(generator.bundle().manifest().architecture()).isEqualTo(TinyCorpus.lstm(1));
      }
    }
    assertThatThrownBy(() -> generator(dir.resolve("nothing"))).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("nothing");
    assertThatThrownBy(() -> generator(Files.createDirectories(dir.resolve("empty")))).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no model in it");
    assertThatThrownBy(() -> MusicGenerator.builder().bundled("nothing").backend(REFERENCE).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bundled model 'nothing'");
  }

  @Test
  void withoutAModelTheBundledChoraleModelLoadsAndGeneratesFourVoices() throws IOException {
    try (MusicGenerator generator = MusicGenerator.builder().backend(REFERENCE).build()) {
      assertThat(generator.bundle().manifest().tokenizer().tokenizer()).isEqualTo("chorale");
      assertThat(generator.bundle().manifest().backend()).isEqualTo(ModelBundle.PORTABLE);
      Score score = generator.generate(GenerationRequest.builder().tokens(120).seed(1).build());
      assertThat(score.tracks()).extracting(Track::name).containsExactly("Soprano", "Alto", "Tenor", "Bass");
      assertThat(score.tracks()).allSatisfy(t -> assertThat(t.notes()).as(t.name()).isNotEmpty());
    }
  }

  @Test
  void aMidiPrimerIsTheEndOfTheFileInTheModelsEncoding() throws IOException {
    Path seed = dir.resolve("seed.mid");
    Score tune = TinyCorpus.PERFORMANCE.decode(TinyCorpus.PHRASE);
    new MidiWriter().write(tune, seed);
    Path notMidi = Files.writeString(dir.resolve("notes.mid"), "not MIDI");
    try (MusicGenerator generator = generator(checkpoints)) {
      GenerationRequest fromFile = GenerationRequest.builder().primer(seed).tokens(30).temperature(0).seed(1).build();
      Score piece = generator.generate(fromFile);
      assertThat(piece).isEqualTo(generator.generate(GenerationRequest.builder().primer(tune).tokens(30).temperature(0).seed(1).build()));
      assertThat(piece.noteCount()).isPositive();
      assertThat(MusicGenerator.primer(fromFile.primer())).isInstanceOf(Primer.Music.class);
      assertThatThrownBy(() -> generator.generate(fromFile.withPrimer(new Primer.MidiFile(notMidi, 8))))
          .isInstanceOf(MidiFormatException.class);
    }
  }

  @Test
  void oneSeedOneResultAndConcurrentCallsGiveWhatCallsInTurnGive() throws Exception {
    try (MusicGenerator generator = generator(checkpoints)) {
      List<GenerationRequest> requests = new ArrayList<>();
      for (int seed = 0; seed < 6; seed++) {
        requests.add(new GenerationRequest(40, new Sampler(1.0).withTopP(0.95), seed, Primer.fromTraining()));
      }
      List<Score> inTurn = new ArrayList<>();
      for (GenerationRequest request : requests) {
        inTurn.add(generator.generate(request));
      }
      assertThat(generator.generate(requests.get(0))).isEqualTo(inTurn.get(0));
      ExecutorService pool = Executors.newFixedThreadPool(3);
      try {
        List<Future<Score>> together = new ArrayList<>();
        for (GenerationRequest request : requests) {
          together.add(pool.submit(() -> generator.generate(request)));
        }
        for (int i = 0; i < requests.size(); i++) {
          assertThat(together.get(i).get()).as("request %d", i).isEqualTo(inTurn.get(i));
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(generator.generate(requests.get(1), 3)).hasSize(3).first().isEqualTo(inTurn.get(1));
    }
  }
}
