package dev.cadenza.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadenza.evaluation.VoiceLeading;
import dev.cadenza.generation.GenerationRequest;
import dev.cadenza.generator.MusicGenerator;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiWriter;
import dev.cadenza.models.BundledModel;
import dev.cadenza.models.BundledModels;
import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models that ship, end to end on each backend of the build: {@code cadenza generate} with no model and
 * {@code MusicGenerator.builder().build()} give four voices with notes, a WAV that sounds and a PNG; {@code harmonize}
 * keeps a melody exactly and writes three voices under it, in their ranges, none silent for more than two bars.
 */
class BundledModelTest {
  /** Each voice's usual range, soprano to bass, as low and high MIDI pitch (choir ranges, a step or two of room). */
  private static final int[][] RANGES = {{57, 84}, {52, 77}, {45, 70}, {36, 64}};

  /** The Old Hundredth (Genevan Psalter, 1551), in G major, 4/4, quarter notes with half-note phrase ends. */
  static Score oldHundredth() {
    int[][] tune = {{67, 2}, {67, 1}, {66, 1}, {64, 1}, {62, 2}, {67, 1}, {69, 1}, {71, 2}, {71, 1}, {71, 1}, {69, 1}, {67, 1},
        {72, 1}, {71, 1}, {69, 4}, {67, 2}, {67, 1}, {66, 1}, {64, 1}, {62, 2}, {67, 1}, {69, 1}, {71, 2}, {69, 1}, {67, 1},
        {69, 1}, {66, 1}, {67, 4}};
    List<Note> notes = new ArrayList<>();
    long tick = 0;
    for (int[] note : tune) {
      notes.add(new Note(note[0], 90, tick, note[1] * 480L));
      tick += note[1] * 480L;
    }
    return new Score(TempoMap.constant(480, 84), List.of(Track.of("Melody", 52, 0, notes)),
        List.of(new TimeSignature(0, 4, 4)), List.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void theDefaultModelGeneratesFourVoicesFromJavaAndTheCommandLine(String backend, @TempDir Path dir) throws Exception {
    Cli.assumeBackends(backend);
    Score score;
    try (MusicGenerator generator = MusicGenerator.builder().backend(backend).build()) {
      score = generator.generate(GenerationRequest.builder().seed(3).build());
      Score strict = generator.generate(GenerationRequest.builder().seed(3).noParallels(true).build());
      assertFourVoices(strict);
      VoiceLeading leading = VoiceLeading.of(List.of(strict));
      assertThat(leading.pairMoves()).isPositive();
      assertThat(leading.parallelFifths() + leading.parallelOctaves()).as("parallels with noParallels").isZero();
    }
    assertFourVoices(score);
    Path output = dir.resolve("generated/output.mid");
    Cli.Run run = Cli.run("generate", "--backend", backend, "--seed", "5", "--output-path", output.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("model: the bundled chorales");
    Score written = MidiFiles.read(output);
    assertFourVoices(written);
    VoiceLeading byDefault = VoiceLeading.of(List.of(written));
    assertThat(byDefault.parallelFifths() + byDefault.parallelOctaves()).as("parallels, by default on the command line").isZero();
    assertSounds(dir.resolve("generated/output.wav"));
    assertPicture(dir.resolve("generated/output.png"));
  }

  /** On a CPU both backends step the same plain-Java session over the same weights: one seed, one piece. */
  @Test
  void bothBackendsGenerateTheSamePieceFromOneSeedOnACpu() throws Exception {
    Cli.assumeBackends("djl", "dl4j");
    List<Score> pieces = new ArrayList<>();
    for (String backend : List.of("djl", "dl4j")) {
      try (MusicGenerator generator = MusicGenerator.builder().backend(backend).build()) {
        pieces.add(generator.generate(GenerationRequest.builder().tokens(400).seed(11).build()));
      }
    }
    assertFourVoices(pieces.get(0));
    assertThat(pieces.get(1)).isEqualTo(pieces.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void theBeatModelGeneratesADrumTrackFromJavaAndTheCommandLine(String backend, @TempDir Path dir) throws Exception {
    Cli.assumeBackends(backend);
    try (MusicGenerator generator = MusicGenerator.builder().bundled(BundledModels.BEATS).backend(backend).build()) {
      assertDrums(generator.generate(GenerationRequest.builder().bars(4).style("funk").bpm(100).seed(3).build()));
    }
    Path output = dir.resolve("beat.mid");
    Cli.Run run = Cli.run("generate", "--preset", "beats", "--backend", backend, "--seed", "5", "--tempo", "96",
        "--output-path", output.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("model: the bundled beats");
    Score beat = MidiFiles.read(output);
    assertDrums(beat);
    assertThat(beat.tempoMap().tempoAt(0).bpm()).isCloseTo(96, org.assertj.core.data.Offset.offset(0.01));
    assertSounds(dir.resolve("beat.wav"));
    assertPicture(dir.resolve("beat.png"));
  }

  /** Drums only, with kick, snare and some hi-hat among them. */
  private static void assertDrums(Score score) {
    assertThat(score.tracks()).isNotEmpty().allSatisfy(t -> assertThat(t.isDrum()).isTrue());
    List<Integer> pitches = score.tracks().stream().flatMap(t -> t.notes().stream()).map(Note::pitch).toList();
    assertThat(pitches).as("drum notes").contains(36, 38).containsAnyOf(42, 44, 46);
  }

  @ParameterizedTest
  @ValueSource(strings = {"djl", "dl4j"})
  void harmonizingKeepsTheMelodyAndWritesThreeVoicesInRange(String backend, @TempDir Path dir) throws Exception {
    Cli.assumeBackends(backend);
    Score melody = oldHundredth();
    Path tune = dir.resolve("old100.mid");
    new MidiWriter().write(melody, tune);
    Path output = dir.resolve("chorale.mid");
    Cli.Run run = Cli.run("harmonize", tune.toString(), "--output-path", output.toString(), "--backend", backend, "--seed", "1");
    assertThat(run.status()).as(run.err()).isZero();
    Score chorale = MidiFiles.read(output);
    assertThat(chorale.tracks()).extracting(Track::name).containsExactly("Soprano", "Alto", "Tenor", "Bass");
    assertThat(chorale.tracks().get(0).notes()).isEqualTo(MidiFiles.read(tune).tracks().get(0).notes());
    long twoBars = 2 * 4L * chorale.resolution();
    for (int v = 1; v < 4; v++) {
      Track voice = chorale.tracks().get(v);
      assertThat(voice.notes()).as(voice.name()).isNotEmpty();
      for (Note n : voice.notes()) {
        assertThat(n.pitch()).as("%s at tick %d", voice.name(), n.startTick()).isBetween(RANGES[v][0], RANGES[v][1]);
      }
      long heard = 0;
      for (Note n : voice.notes()) {
        assertThat(n.startTick() - heard).as("%s silent before tick %d", voice.name(), n.startTick()).isLessThanOrEqualTo(twoBars);
        heard = Math.max(heard, n.endTick());
      }
      assertThat(melody.endTick() - heard).as("%s silent at the end", voice.name()).isLessThanOrEqualTo(twoBars);
    }
    assertSounds(dir.resolve("chorale.wav"));
    assertPicture(dir.resolve("chorale.png"));
    VoiceLeading leading = VoiceLeading.of(List.of(chorale));
    assertThat(leading.pairMoves()).isPositive();
    assertThat(leading.parallelFifths() + leading.parallelOctaves()).as("parallels, by default").isZero();
    Path free = dir.resolve("free.mid");
    Cli.Run unguarded = Cli.run("harmonize", tune.toString(), "--output-path", free.toString(), "--backend", backend, "--seed", "1",
        "--parallels", "--no-wav");
    assertThat(unguarded.status()).as(unguarded.err()).isZero();
    assertThat(MidiFiles.read(free).tracks().get(0).notes()).isEqualTo(MidiFiles.read(tune).tracks().get(0).notes());
  }

  @Test
  void theModelsCommandListsEachModelWithItsCommandAndEvaluation() {
    Cli.Run run = Cli.run("models");
    assertThat(run.status()).as(run.err()).isZero();
    for (BundledModel model : BundledModels.all()) {
      assertThat(run.out()).contains(model.name() + (model.name().equals(BundledModels.DEFAULT) ? " (the default)" : "") + ": ")
          .contains(model.command()).contains(model.sha256());
    }
  }

  /** Four tracks, soprano to bass, each with notes in its range. */
  private static void assertFourVoices(Score score) {
    assertThat(score.tracks()).extracting(Track::name).containsExactly("Soprano", "Alto", "Tenor", "Bass");
    for (int v = 0; v < 4; v++) {
      Track voice = score.tracks().get(v);
      assertThat(voice.notes()).as(voice.name()).isNotEmpty();
      double mean = voice.notes().stream().mapToInt(Note::pitch).average().orElseThrow();
      assertThat(mean).as("%s's average pitch", voice.name()).isBetween((double) RANGES[v][0], (double) RANGES[v][1]);
    }
  }

  /** A WAV file whose loudest sample is well above silence. */
  static void assertSounds(Path wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      assertThat(in.getFormat().getSampleSizeInBits()).isEqualTo(16);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      ByteBuffer samples = ByteBuffer.wrap(bytes.toByteArray())
          .order(in.getFormat().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      int loudest = 0;
      while (samples.remaining() >= 2) {
        loudest = Math.max(loudest, Math.abs(samples.getShort()));
      }
      assertThat(loudest).as("the loudest sample of " + wav).isGreaterThan(1000);
    }
  }

  static void assertPicture(Path png) throws Exception {
    assertThat(Files.exists(png)).isTrue();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isPositive();
  }
}
