package dev.cadenza.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a library user's build downloads: a small consumer project that depends on both backends has its
 * dependency tree resolved by Maven (the dependency plugin) as each platform would see it, and must hold that
 * platform's native libraries and no other platform's.
 *
 * <p>Cadenza's poms are put in a scratch local repository as if installed; everything else comes from the
 * building Maven's own local repository through a {@code file:} mirror, so nothing is downloaded. Another
 * machine is played by giving Maven's JVM that machine's {@code os.name} and {@code os.arch} (which is what
 * Maven's OS profile activation reads), or by the documented properties {@code cadenza.platform} (DJL) and
 * {@code javacpp.platform} (DL4J). A Windows host cannot be played this way (Maven's console library then calls
 * Windows itself); Windows is covered through the properties.
 */
class ConsumerDependencyTreeTest {
  private static final Pattern NATIVE = Pattern.compile(
      "(pytorch-native-cpu|nd4j-native|openblas|nd4j-native-platform|openblas-platform|mkl):jar:([a-z0-9_-]+):");
  private static final List<String> MODULES = List.of(".:cadenza-parent", "core:cadenza-core", "midi-io:cadenza-midi-io",
      "backend-dl4j:cadenza-backend-dl4j", "backend-djl:cadenza-backend-djl", "models:cadenza-models", "generator:cadenza-generator",
      "render:cadenza-render", "starter:cadenza");

  @TempDir static Path scratch;
  private static Path mvn;
  private static Path consumer;
  private static Path oneDependency;

  /**
   * Each case: how Maven is run, and the native jars (artifact:classifier) the consumer must get. An os.name of
   * one word ("Mac" matches Maven's mac family as "Mac OS X" does) because the mvn script splits MAVEN_OPTS.
   */
  static Stream<Arguments> platforms() {
    return Stream.of(
        host("this machine", "", "", here()),
        host("Linux on ARM", "Linux", "aarch64", natives("linux-aarch64", "linux-arm64")),
        host("macOS on Apple silicon", "Mac", "aarch64", natives("osx-aarch64", "macosx-arm64")),
        host("macOS on Intel (no libtorch 2.7.1 for it)", "Mac", "x86_64", natives(null, "macosx-x86_64")),
        property("Windows x86_64", "win-x86_64", "windows-x86_64", natives("win-x86_64", "windows-x86_64")),
        property("Linux x86_64", "linux-x86_64", "linux-x86_64", natives("linux-x86_64", "linux-x86_64")),
        property("macOS on Apple silicon", "osx-aarch64", "macosx-arm64", natives("osx-aarch64", "macosx-arm64")));
  }

  @BeforeAll
  static void consumerProject() throws IOException {
    Path root = Path.of(property("cadenza.project.root"));
    String version = property("cadenza.project.version");
    Path home = Path.of(property("cadenza.maven.home"));
    mvn = home.resolve("bin").resolve(windows() ? "mvn.cmd" : "mvn");
    Path repository = scratch.resolve("repository");
    for (String module : MODULES) {
      String[] dirAndArtifact = module.split(":");
      Path dir = repository.resolve("dev/cadenza").resolve(dirAndArtifact[1]).resolve(version);
      Files.createDirectories(dir);
      Files.copy(root.resolve(dirAndArtifact[0]).resolve("pom.xml"), dir.resolve(dirAndArtifact[1] + "-" + version + ".pom"));
    }
    Files.writeString(scratch.resolve("settings.xml"), """
        <settings><mirrors><mirror><id>build-repository</id><mirrorOf>*</mirrorOf>
        <url>%s</url></mirror></mirrors></settings>
        """.formatted(Path.of(property("cadenza.maven.repository")).toUri()));
    consumer = project("consumer", "consumer-pom.xml", version);
    oneDependency = project("one-dependency", "one-dependency-pom.xml", version);
  }

  private static Path project(String name, String template, String version) throws IOException {
    Path dir = Files.createDirectories(scratch.resolve(name));
    try (var in = ConsumerDependencyTreeTest.class.getResourceAsStream(template)) {
      String pom = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("pom.xml"), pom.replace("@cadenza.version@", version));
    }
    return dir;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("platforms")
  void aConsumerGetsItsPlatformsNativesAndNoOthers(String platform, String mavenOpts, List<String> properties,
      Set<String> expected) throws Exception {
    String tree = tree(consumer, mavenOpts, properties);
    Set<String> found = new TreeSet<>();
    Matcher matcher = NATIVE.matcher(tree);
    while (matcher.find()) {
      found.add(matcher.group(1) + ":" + matcher.group(2));
    }
    assertThat(found).as("native jars in the consumer's tree for %s", platform).isEqualTo(expected);
  }

  @Test
  void theOneDependencyBringsCoreMidiAudioAndTheDefaultBackendWithItsNatives() throws Exception {
    String tree = tree(oneDependency, "", List.of());
    for (String artifact : List.of("dev.cadenza:cadenza-generator:jar", "dev.cadenza:cadenza-models:jar", "dev.cadenza:cadenza-core:jar",
        "dev.cadenza:cadenza-midi-io:jar", "dev.cadenza:cadenza-backend-djl:jar", "ai.djl.pytorch:pytorch-native-cpu:jar", "dev.cadenza:cadenza-render:jar",
        "de.sciss:jump3r:jar")) {
      assertThat(tree).as("the tree of a project that depends on dev.cadenza:cadenza").contains(artifact);
    }
    assertThat(tree).doesNotContain("nd4j");
  }

  /** The dependency tree Maven's dependency plugin resolves for a project, run with these JVM options and properties. */
  private static String tree(Path project, String mavenOpts, List<String> properties) throws Exception {
    Path tree = Files.createTempFile(scratch, "tree", ".txt");
    List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-s",
        scratch.resolve("settings.xml").toString(), "-Dmaven.repo.local=" + scratch.resolve("repository"),
        "org.apache.maven.plugins:maven-dependency-plugin:" + property("cadenza.dependency.plugin") + ":tree",
        "-DoutputFile=" + tree));
    command.addAll(properties);
    Path log = scratch.resolve("maven.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("MAVEN_OPTS", mavenOpts);
    builder.environment().remove("MAVEN_ARGS");
    Process maven = builder.start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven finished within 5 minutes").isTrue();
    assertThat(maven.exitValue()).as("Maven's exit status; its output:%n%s", Files.readString(log)).isZero();
    return Files.readString(tree);
  }

  private static Arguments host(String name, String osName, String osArch, Set<String> expected) {
    String opts = osName.isEmpty() ? "" : "-Dos.name=" + osName + " -Dos.arch=" + osArch;
    return Arguments.of("host: " + name, opts, List.of(), expected);
  }

  private static Arguments property(String name, String djlPlatform, String javacppPlatform, Set<String> expected) {
    return Arguments.of("asked for: " + name, "",
        List.of("-Dcadenza.platform=" + djlPlatform, "-Djavacpp.platform=" + javacppPlatform), expected);
  }

  /** The native jars for a platform: libtorch under DJL's name (null: none exists), ND4J and OpenBLAS under JavaCPP's. */
  private static Set<String> natives(String djlPlatform, String javacppPlatform) {
    Set<String> natives = new TreeSet<>(Set.of("nd4j-native:" + javacppPlatform, "openblas:" + javacppPlatform));
    if (djlPlatform != null) {
      natives.add("pytorch-native-cpu:" + djlPlatform);
    }
    return natives;
  }

  /** This machine's natives, by the same names the poms use. */
  private static Set<String> here() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    String system = os.startsWith("mac") ? "mac" : os.startsWith("windows") ? "windows" : os.startsWith("linux") ? "linux" : os;
    Map<String, Set<String>> known = Map.of(
        "linux-amd64", natives("linux-x86_64", "linux-x86_64"),
        "linux-aarch64", natives("linux-aarch64", "linux-arm64"),
        "mac-aarch64", natives("osx-aarch64", "macosx-arm64"),
        "mac-x86_64", natives(null, "macosx-x86_64"),
        "windows-amd64", natives("win-x86_64", "windows-x86_64"));
    return known.getOrDefault(system + "-" + arch, Set.of());
  }

  private static boolean windows() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  /** A value the build passes in (see this module's pom); outside Maven the test is skipped, under CI it fails. */
  private static String property(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank() || value.startsWith("${")) {
      String message = "the consumer dependency test needs " + key + ", which Maven's surefire configuration sets";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + "; CI=true, so this is a failure");
      }
      Assumptions.abort("skipped: " + message);
    }
    return value;
  }
}
