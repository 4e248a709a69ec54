package dev.cadenza.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.corpus.PreparationFixtures;
import dev.cadenza.evaluation.SetComparison;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.models.BundledModels;
import dev.cadenza.music.Score;
import dev.cadenza.testing.SharedData;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateManyAndEvaluateTest extends LocalSpark {
  @Test
  void eachPieceIsThePieceOneMachineMakesWithItsGroupsSeed(@TempDir Path dir) throws Exception {
    GenerateMany.Job job = new GenerateMany.Job(new byte[0], 5, 2, 48, 10, 1.0, 0.95, dir.resolve("out").toString());
    assertThat(GenerateMany.run(spark, null, job, false)).isEqualTo(5);
    List<byte[]> expected = new ArrayList<>();
    try (MusicGenerator generator = MusicGenerator.builder().build()) {
      for (int group = 0; group < 3; group++) {
        for (Score piece : generator.generate(job.request(group), job.size(group))) {
          expected.add(new MidiWriter().toBytes(piece));
        }
      }
    }
    for (int i = 0; i < 5; i++) {
      assertThat(Files.readAllBytes(dir.resolve("out").resolve(String.format("piece-%06d.mid", i)))).as("piece %d", i)
          .isEqualTo(expected.get(i));
    }
    assertThat(dir.resolve("out")).isDirectoryNotContaining("glob:**/piece-000005.mid");
    assertThatThrownBy(() -> GenerateMany.run(spark, null, job, false)).isInstanceOf(FileAlreadyExistsException.class);

    Path bundle = dir.resolve("model.cadenza");
    BundledModels.require(BundledModels.DEFAULT).read().write(bundle);
    GenerateMany.Job fromFile = new GenerateMany.Job(new byte[0], 3, 2, 48, 10, 1.0, 0.95, dir.resolve("from-file").toString());
    assertThat(GenerateMany.run(spark, bundle.toString(), fromFile, false)).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(Files.readAllBytes(dir.resolve("from-file").resolve(String.format("piece-%06d.mid", i)))).isEqualTo(expected.get(i));
    }
  }

  @Test
  void theFeaturesComparedOnSparkAreThoseComparedOnOneMachine(@TempDir Path dir) throws Exception {
    Path mine = PreparationFixtures.messyFolder(dir.resolve("mine"));
    Path theirs = SharedData.dir("bach-chorales-midi");
    List<SetComparison.Feature> distributed = SetComparison.compareFeatures(Evaluate.features(spark, List.of(mine.toString())),
        Evaluate.features(spark, List.of(theirs.toString())));
    List<Score> generated = new ArrayList<>();
    for (Path file : MidiFiles.find(List.of(mine))) {
      try {
        generated.add(MidiFiles.read(file));
      } catch (java.io.IOException unreadable) {
        // left out, as the job leaves it out
      }
    }
    List<Score> reference = new ArrayList<>();
    for (Path file : MidiFiles.find(List.of(theirs))) {
      reference.add(MidiFiles.read(file));
    }
    assertThat(generated).hasSize(6);
    List<SetComparison.Feature> local = SetComparison.compare(generated, reference);
    assertThat(distributed).hasSameSizeAs(local);
    for (int i = 0; i < local.size(); i++) {
      SetComparison.Feature a = distributed.get(i);
      SetComparison.Feature b = local.get(i);
      assertThat(a.feature()).isEqualTo(b.feature());
      assertThat(a.generatedMean()).isCloseTo(b.generatedMean(), within(1e-9));
      assertThat(a.referenceMean()).isCloseTo(b.referenceMean(), within(1e-9));
      assertThat(a.overlappedArea()).as(a.feature()).isCloseTo(b.overlappedArea(), within(1e-9));
    }
  }
}
