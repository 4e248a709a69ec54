package dev.cadenza.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.bundle.GoldenBundleTest;
import dev.cadenza.midi.MidiReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example is the example program's code, and the program makes music. */
class GenerateMusicTest {
  private static final Path ROOT = Path.of(System.getProperty("cadenza.project.root", ".."));

  @Test
  void theReadmeShowsTheProgramsCode() throws Exception {
    String program = Files.readString(ROOT.resolve("examples/src/main/java/dev/cadenza/examples/GenerateMusic.java"));
    String region = program.substring(program.indexOf("// README:start\n") + "// README:start\n".length(),
        program.indexOf("    // README:end"));
    String unindented = Arrays.stream(region.split("\n")).map(line -> line.length() >= 4 ? line.substring(4) : line)
        .collect(Collectors.joining("\n"));
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("```java\n" + unindented + "\n```");
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
}
