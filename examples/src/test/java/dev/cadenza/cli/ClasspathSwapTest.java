package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The same program ({@code cadenza backends}) in a fresh JVM with only DL4J, only DJL, both, and neither on the
 * class path: the choice rules decide, and with neither the error names the artifacts to add.
 */
class ClasspathSwapTest {
  private static final Predicate<String> DL4J = e -> e.contains("backend-dl4j") || e.contains("deeplearning4j")
      || e.contains(File.separator + "nd4j" + File.separator) || e.contains("bytedeco");
  private static final Predicate<String> DJL = e -> e.contains("backend-djl") || e.contains(File.separator + "djl" + File.separator);

  /** What a run printed, and its exit status. */
  record Result(int status, String output) {}

  private static Result run(Predicate<String> leaveOut, String... args) throws IOException, InterruptedException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(leaveOut.negate()).reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  @Test
  void theClassPathAloneDecidesTheBackend() throws Exception {
    Cli.assumeBackends("djl", "dl4j");
    Result dl4jOnly = run(DJL, CadenzaCli.class.getName(), "backends");
    assertThat(dl4jOnly.output()).contains("chosen: dl4j").doesNotContain("djl ");
    Result djlOnly = run(DL4J, CadenzaCli.class.getName(), "backends");
    assertThat(djlOnly.output()).contains("chosen: djl").doesNotContain("dl4j");
    Result both = run(e -> false, CadenzaCli.class.getName(), "backends");
    assertThat(both.output()).contains("djl    priority  20  available").contains("dl4j   priority  10  available")
        .contains("chosen: djl");
    Result property = run(e -> false, "-Dcadenza.backend=dl4j", CadenzaCli.class.getName(), "backends");
    assertThat(property.output()).contains("chosen: dl4j");
    Result neither = run(DL4J.or(DJL), CadenzaCli.class.getName(), "backends");
    assertThat(neither.status()).isEqualTo(1);
    assertThat(neither.output()).contains("no Cadenza backend is on the class path")
        .contains("dev.cadenza:cadenza-backend-dl4j").contains("dev.cadenza:cadenza-backend-djl");
    assertThat(List.of(dl4jOnly.status(), djlOnly.status(), both.status(), property.status())).containsOnly(0);
  }
}
