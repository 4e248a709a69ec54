package dev.cadenza.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.GoldenBundleTest;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiReader;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import dev.cadenza.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java examples are the example programs' code, and the programs train and make music. */
class GenerateMusicTest {
  private static final Path ROOT = Path.of(System.getProperty("cadenza.project.root", ".."));

  @Test
  void theReadmeShowsThePrograms() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String program : List.of("GenerateMusic", "TrainMusic")) {
      String code = Files.readString(ROOT.resolve("examples/src/main/java/dev/cadenza/examples/" + program + ".java"));
      String region = code.substring(code.indexOf("// README:start\n") + "// README:start\n".length(), code.indexOf("    // README:end"));
      String unindented = Arrays.stream(region.split("\n")).map(line -> line.length() >= 4 ? line.substring(4) : line)
          .collect(Collectors.joining("\n"));
      assertThat(readme).as(program).contains("```java\n" + unindented + "\n```");
    }
  }

  @Test
  void theProgramGeneratesWithTheGoldenModel(@TempDir Path dir) throws Exception {
    Path model = GoldenBundleTest.formatOne(dir);
    Path output = dir.resolve("out.mid");
    GenerateMusic.main(new String[] {model.toString(), output.toString()});
    assertThat(MidiReader.strict().read(output).score().noteCount()).isPositive();
    Path primed = dir.resolve("primed.mid");
    GenerateMusic.main(new String[] {model.toString(), primed.toString(), output.toString()});
    assertThat(MidiReader.strict().read(primed).score().noteCount()).isPositive();
    assertThat(List.of(output, primed)).allMatch(Files::isRegularFile);
  }

  @Test
  void theTrainingProgramMakesAModelTheOtherOnePlays(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("midi"));
    for (int tune = 0; tune < 4; tune++) {
      List<Note> notes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        notes.add(new Note(60 + tune + Math.abs(i % 8 - 4), 80, i * 240L, 240));
      }
      MidiFiles.write(Score.of(TempoMap.constant(480, 120), List.of(Track.of("", 0, 0, notes))), data.resolve(tune + ".mid"));
    }
    Path checkpoints = dir.resolve("checkpoints");
    TrainMusic.main(new String[] {data.toString(), checkpoints.toString(), "1"});
    assertThat(checkpoints.resolve(TrainingConfig.BEST)).isRegularFile();
    Path output = dir.resolve("out.mid");
    GenerateMusic.main(new String[] {checkpoints.toString(), output.toString()});
    assertThat(MidiReader.strict().read(output).score().noteCount()).isPositive();
  }
}
