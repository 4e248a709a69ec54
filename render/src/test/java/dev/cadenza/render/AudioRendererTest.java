package dev.cadenza.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cadenza.music.Note;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering with the JDK's built-in sounds (the same on every machine): duration, pitch, drums, MP3, determinism. */
class AudioRendererTest {
  private static final int[] MELODY = {60, 64, 67, 72, 57};
  /** Half a second per note at 120 bpm, 480 ticks per quarter. */
  private static final Score PIANO = Score.of(TempoMap.constant(480, 120), List.of(Track.of("piano", 0, 0,
      java.util.stream.IntStream.range(0, MELODY.length).mapToObj(i -> new Note(MELODY[i], 100, i * 480L, 480)).toList())));

  private static AudioRenderer renderer() throws IOException {
    return AudioRenderer.builder().builtInSounds().tail(1).build();
  }

  /** The left and right samples averaged, as doubles in -1..1. */
  private static double[] mono(byte[] pcm) {
    double[] out = new double[pcm.length / 4];
    for (int f = 0; f < out.length; f++) {
      int left = (short) ((pcm[4 * f] & 0xff) | (pcm[4 * f + 1] << 8));
      int right = (short) ((pcm[4 * f + 2] & 0xff) | (pcm[4 * f + 3] << 8));
      out[f] = (left + right) / 65536.0;
    }
    return out;
  }

  private static double rms(double[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += samples[i] * samples[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /** The fundamental of 8192 samples from {@code from}, by the harmonic product spectrum of a Hann-windowed FFT. */
  private static double pitchHz(double[] samples, int from, int rate) {
    int n = 8192;
    double[] window = new double[n];
    for (int i = 0; i < n; i++) {
      window[i] = samples[from + i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
    }
    Complex[] spectrum = new FastFourierTransformer(DftNormalization.STANDARD).transform(window, TransformType.FORWARD);
    double[] product = new double[n / 6];
    int best = 0;
    for (int k = 1; k < product.length; k++) {
      product[k] = spectrum[k].abs() * spectrum[2 * k].abs() * spectrum[3 * k].abs();
      double hz = (double) k * rate / n;
      if (hz > 50 && (best == 0 || product[k] > product[best])) {
        best = k;
      }
    }
    return (double) best * rate / n;
  }

  @Test
  void aMelodyRendersForItsLengthPlusTheTailAtItsPitches() throws IOException {
    AudioRenderer renderer = renderer();
    byte[] pcm = renderer.renderPcm(PIANO);
    int rate = renderer.sampleRate();
    assertThat(pcm.length / 4).as("frames: 2.5 s of notes and a 1 s tail").isEqualTo((int) Math.ceil(3.5 * rate));
    double[] samples = mono(pcm);
    assertThat(rms(samples, 0, samples.length)).as("not silent").isGreaterThan(0.005);
    for (int i = 0; i < MELODY.length; i++) {
      double expected = 440 * Math.pow(2, (MELODY[i] - 69) / 12.0);
      int centre = (int) ((i * 0.5 + 0.25) * rate);
      double found = pitchHz(samples, centre - 4096, rate);
      assertThat(Math.abs(12 * Math.log(found / expected) / Math.log(2))).as("note %d: %.1f Hz, expected %.1f Hz", i, found, expected)
          .isLessThan(0.5);
    }
  }

  @Test
  void drumsRenderOnChannelTenWithTheDrumKit() throws IOException {
    List<Note> kicks = List.of(new Note(36, 110, 0, 240), new Note(38, 110, 480, 240), new Note(42, 110, 960, 240));
    Score drums = Score.of(TempoMap.constant(480, 120), List.of(Track.of("kit", 0, Track.DRUM_CHANNEL, kicks)));
    Score pitched = Score.of(TempoMap.constant(480, 120), List.of(Track.of("piano", 0, 0, kicks)));
    byte[] kit = renderer().renderPcm(drums);
    assertThat(rms(mono(kit), 0, kit.length / 4)).as("drums sound").isGreaterThan(0.002);
    assertThat(kit).as("channel 10 plays the kit, not the piano").isNotEqualTo(renderer().renderPcm(pitched));
  }

  @Test
  void theSameScoreRendersToTheSameBytesAndTheMp3DecodesToTheSameLength(@TempDir Path dir) throws Exception {
    AudioRenderer renderer = renderer();
    Path wav = dir.resolve("a.wav");
    renderer.write(PIANO, wav);
    Path again = dir.resolve("b.wav");
    renderer.write(PIANO, again);
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(wav));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      assertThat(in.getFrameLength()).isEqualTo((long) Math.ceil(3.5 * renderer.sampleRate()));
    }
    Path mp3 = dir.resolve("a.mp3");
    renderer.write(PIANO, mp3);
    Path mp3Again = dir.resolve("b.mp3");
    renderer.write(PIANO, mp3Again);
    assertThat(Files.readAllBytes(mp3Again)).as("MP3 too").isEqualTo(Files.readAllBytes(mp3));
    Bitstream stream = new Bitstream(new ByteArrayInputStream(Files.readAllBytes(mp3)));
    Decoder decoder = new Decoder();
    long frames = 0;
    double energy = 0;
    for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
      SampleBuffer decoded = (SampleBuffer) decoder.decodeFrame(header, stream);
      frames += decoded.getBufferLength() / decoded.getChannelCount();
      for (int i = 0; i < decoded.getBufferLength(); i++) {
        energy += Math.abs(decoded.getBuffer()[i]);
      }
      stream.closeFrame();
    }
    // LAME delays the signal by 1,105 samples, flushes a frame and pads to whole frames of 1,152; JLayer keeps all of it
    // (it does not read LAME's gapless header): 2,322 more samples here, 0.05 s.
    assertThat(frames - Math.ceil(3.5 * renderer.sampleRate())).as("decoded length: the PCM's, plus delay and padding")
        .isBetween(0.0, 1105.0 + 2 * 1152);
    assertThat(energy / frames).as("not silent").isGreaterThan(50);
  }

  @Test
  void badSettingsAndSoundFontsAreClearErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> AudioRenderer.builder().soundFont(dir.resolve("missing.sf2")).build())
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.sf2");
    Path corrupt = Files.writeString(dir.resolve("corrupt.sf2"), "RIFF but not really");
    assertThatThrownBy(() -> AudioRenderer.builder().soundFont(corrupt).build()).isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt.sf2: not a SoundFont (SF2) or DLS file the JDK can read");
    assertThatThrownBy(() -> AudioRenderer.builder().sampleRate(1000).build()).hasMessageContaining("sample rate must be 8000 to 192000");
    assertThatThrownBy(() -> AudioRenderer.builder().gain(0).build()).hasMessageContaining("gain must be above 0");
    assertThatThrownBy(() -> AudioRenderer.builder().tail(-1).build()).hasMessageContaining("tail must be 0 to 60 seconds");
    assertThatThrownBy(() -> AudioRenderer.builder().mp3Bitrate(8).build()).hasMessageContaining("bit rate must be 32 to 320");
    assertThatThrownBy(() -> renderer().write(PIANO, dir.resolve("a.ogg"))).hasMessageContaining("audio is written as .wav or .mp3");
    assertThat(renderer().sound()).isEqualTo("the JDK's built-in sounds");
  }

  @Test
  void tempoChangesPitchBendsAndTheSustainPedalAreHeard() throws IOException {
    AudioRenderer renderer = renderer();
    int rate = renderer.sampleRate();
    Score slower = new Score(TempoMap.of(480, List.of(new dev.cadenza.music.Tempo(0, 500_000), new dev.cadenza.music.Tempo(960, 1_000_000))),
        PIANO.tracks(), List.of(), List.of());
    assertThat(renderer.renderPcm(slower).length / 4).as("two notes at 120 bpm, three at 60, and the tail")
        .isEqualTo((int) Math.ceil((1.0 + 3.0 + 1.0) * rate));
    Note held = new Note(69, 100, 0, 960);
    Track bent = new Track("bent", 0, 0, List.of(held), List.of(), List.of(new dev.cadenza.music.PitchBend(0, 8191)));
    double[] samples = mono(renderer.renderPcm(Score.of(TempoMap.constant(480, 120), List.of(bent))));
    double found = pitchHz(samples, rate / 4, rate);
    double semitones = 12 * Math.log(found / 440) / Math.log(2);
    assertThat(semitones).as("a full bend up is two semitones: %.1f Hz", found).isCloseTo(2.0, within(0.5));
    Note short1 = new Note(60, 100, 0, 240);
    Track pedal = new Track("pedal", 0, 0, List.of(short1), List.of(new dev.cadenza.music.ControlChange(0, 64, 127),
        new dev.cadenza.music.ControlChange(1900, 64, 0)), List.of());
    Track dry = Track.of("dry", 0, 0, List.of(short1, new Note(0, 1, 1900, 1)));
    double[] sustained = mono(renderer.renderPcm(Score.of(TempoMap.constant(480, 120), List.of(pedal))));
    double[] released = mono(renderer.renderPcm(Score.of(TempoMap.constant(480, 120), List.of(dry))));
    int from = rate; // a second in: the note was let go at a quarter of a second
    assertThat(rms(sustained, from, from + rate / 4)).as("the pedal holds the note after its end")
        .isGreaterThan(3 * rms(released, from, from + rate / 4));
  }

  @Test
  void gainScalesTheSamples() throws IOException {
    double[] plain = mono(renderer().renderPcm(PIANO));
    double[] half = mono(AudioRenderer.builder().builtInSounds().tail(1).gain(0.5).build().renderPcm(PIANO));
    assertThat(rms(half, 0, half.length) / rms(plain, 0, plain.length)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
  }
}
