package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
  @Test
  void describesFilesForPeopleAndAnErrorLineForBadOnes(@TempDir Path dir) throws Exception {
    Path good = Cli.writeScore(dir, "tune.mid");
    Path bad = Files.writeString(dir.resolve("notes.mid"), "not midi");
    Cli.Run run = Cli.run("info", good.toString(), bad.toString());
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("format 1, 480 ticks per quarter, 3 track chunks, 3 notes, 1.33 s")
        .contains("90.0 bpm at 0.00 s").contains("Melody").contains("Flute (73)").contains("Drums (0)")
        .contains(bad + ": error: byte 0: not a Standard MIDI File")
        .contains("2 files: 1 read cleanly, 0 read with warnings, 1 unreadable");
  }

  @Test
  void jsonGivesOneObjectPerFileAndWalksFoldersForMidiExtensionsOnly(@TempDir Path dir) throws Exception {
    Cli.writeScore(Files.createDirectories(dir.resolve("a/b")), "deep.MIDI");
    Cli.writeScore(dir, "top.mid");
    Files.writeString(dir.resolve("a/readme.txt"), "ignored");
    Files.writeString(dir.resolve("broken.kar"), "MThd");
    Cli.Run run = Cli.run("info", "--json", dir.toString());
    assertThat(run.status()).isZero();
    List<JsonNode> lines = run.out().lines().map(InfoCommandTest::parse).toList();
    assertThat(lines).extracting(n -> Path.of(n.get("file").asText()).getFileName().toString())
        .containsExactly("deep.MIDI", "broken.kar", "top.mid");
    JsonNode top = lines.get(2);
    assertThat(top.get("ok").asBoolean()).isTrue();
    assertThat(top.get("format").asInt()).isEqualTo(1);
    assertThat(top.get("notes").asInt()).isEqualTo(3);
    assertThat(top.get("seconds").asDouble()).isEqualTo(1.333);
    assertThat(top.get("tracks")).hasSize(2);
    assertThat(top.get("tracks").get(1).get("channel").asInt()).isEqualTo(10);
    assertThat(top.get("tracks").get(1).get("drum").asBoolean()).isTrue();
    JsonNode broken = lines.get(1);
    assertThat(broken.get("ok").asBoolean()).isFalse();
    assertThat(broken.get("error").asText()).contains("cut off");
    assertThat(broken.has("format")).isFalse();
  }

  @Test
  void unusableArgumentsGetOneLineNamingTheHelpAndStatusTwo() {
    Cli.Run missing = Cli.run("info", "/no/such/place.mid");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).isEqualToIgnoringNewLines(
        "cadenza info: /no/such/place.mid: no such file or folder (see 'cadenza info --help')");
    assertThat(Cli.run("info").status()).isEqualTo(2);
    assertThat(Cli.run().status()).isEqualTo(2);
    assertThat(Cli.run("info", "--no-such-option", ".").status()).isEqualTo(2);
  }

  @Test
  void versionAndHelpSucceed() {
    assertThat(Cli.run("--version").out()).startsWith("cadenza 0.");
    assertThat(Cli.run("--help").out()).contains("info");
  }

  @Test
  void readsEveryConformanceFileWithoutFailing() {
    Cli.Run run = Cli.run("info", "--json", SharedData.dir("midi-conformance").toString());
    assertThat(run.status()).isZero();
    List<JsonNode> lines = run.out().lines().map(InfoCommandTest::parse).toList();
    assertThat(lines).hasSizeGreaterThan(500).allMatch(n -> n.get("ok").asBoolean() || n.has("error"));
  }

  private static JsonNode parse(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
