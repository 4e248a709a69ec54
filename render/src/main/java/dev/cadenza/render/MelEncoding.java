package dev.cadenza.render;

import dev.cadenza.music.Score;
import dev.cadenza.tokens.FrameEncoding;
import dev.cadenza.tokens.ScoreEncoding;
import dev.cadenza.tokens.TokenizerConfig;
import dev.cadenza.tokens.TokenizerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The second seed's route, done right: a score played through the JDK's synthesizer (its own sounds, the same on
 * every machine), then a mel spectrogram ({@link MelSpectrogram}: options {@code sampleRate} 44,100, {@code hopLength}
 * 512, {@code melBands} 128, {@code fftSize} 2048, {@code scale} slaney or htk), one frame of band levels from 0 to 1 per
 * hop. Every value is a level, so sampling draws near the predicted level. Frames go back to music by drum
 * transcription ({@link DrumTranscriber}: onsets from the bands' energy rises, each split among the kit's pieces by
 * their spectral templates), at {@code bpm} (120); pitched notes are not recovered.
 */
public final class MelEncoding implements FrameEncoding {
  static final String NAME = "mel";
  private static final Set<String> OPTIONS = Set.of("sampleRate", "hopLength", "melBands", "fftSize", "scale", "bpm");

  private final TokenizerConfig config;
  private final int sampleRate;
  private final MelSpectrogram spectrogram;
  private final double bpm;
  private volatile AudioRenderer renderer;
  private volatile DrumTranscriber transcriber;

  MelEncoding(TokenizerConfig config) {
    config.requireKnown(NAME, OPTIONS);
    this.config = config;
    this.sampleRate = config.intOption("sampleRate", AudioRenderer.DEFAULT_SAMPLE_RATE, 8000, 192_000);
    int hop = config.intOption("hopLength", 512, 1, 1 << 16);
    int bands = config.intOption("melBands", 128, 1, 512);
    int fft = config.intOption("fftSize", 2048, 2, 1 << 16);
    if (Integer.bitCount(fft) != 1) {
      throw new IllegalArgumentException("option fftSize must be a power of 2, was " + fft);
    }
    MelFilterbank.Scale scale = MelFilterbank.Scale.valueOf(config.choiceOption("scale", "slaney", Set.of("slaney", "htk")).toUpperCase(java.util.Locale.ROOT));
    this.spectrogram = new MelSpectrogram(fft, hop, new MelFilterbank(sampleRate, fft, bands, 0, sampleRate / 2.0, scale, true));
    this.bpm = config.doubleOption("bpm", 120, 1, 1000);
  }

  /** Registers the encoding under the name {@code mel}. */
  public static final class Provider implements TokenizerProvider {
    /** Creates the provider. */
    public Provider() {}

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String summary() {
      return "the beat generator's mel spectrogram of the music as the JDK's synthesizer plays it, back to drum hits by onsets and "
          + "spectral templates: keeps what is heard (drums and pitched sounds); decoding recovers drum hits only, at 120 bpm.";
    }

    @Override
    public ScoreEncoding create(TokenizerConfig config) {
      return new MelEncoding(config);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TokenizerConfig config() {
    return config;
  }

  @Override
  public int frameSize() {
    return spectrogram.filterbank().bands();
  }

  /** The spectrogram's shape: FFT, hop and filters. */
  public MelSpectrogram spectrogram() {
    return spectrogram;
  }

  private AudioRenderer renderer() {
    if (renderer == null) {
      try {
        renderer = AudioRenderer.builder().builtInSounds().sampleRate(sampleRate).tail(0.5).build();
      } catch (IOException e) {
        throw new UncheckedIOException("the mel encoding needs the JDK's synthesizer: " + e.getMessage(), e);
      }
    }
    return renderer;
  }

  /** The score as the synthesizer plays it, as band levels. */
  @Override
  public float[][] encode(Score score) {
    if (score.noteCount() == 0) {
      return new float[0][];
    }
    try {
      return spectrogram.levels(spectrogram.power(mono(renderer().renderPcm(score))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot play the score through the synthesizer: " + e.getMessage(), e);
    }
  }

  /** The drum hits the band levels hold. */
  @Override
  public Score decode(float[][] frames) {
    if (transcriber == null) {
      transcriber = new DrumTranscriber(spectrogram, renderer());
    }
    return transcriber.transcribe(spectrogram.power(frames), bpm);
  }

  /** What the encoding hears of a score: its drum hits, transcribed from its spectrogram. */
  @Override
  public Score quantize(Score score) {
    return decode(encode(score));
  }

  /** Audio does not transpose here: only a shift of 0 gives frames back. */
  @Override
  public Optional<float[][]> transpose(float[][] frames, int from, int to, int semitones) {
    return semitones != 0 ? Optional.empty() : Optional.of(Arrays.stream(frames, from, to).map(float[]::clone).toArray(float[][]::new));
  }

  @Override
  public OptionalInt pitchAt(int index) {
    return OptionalInt.empty();
  }

  @Override
  public boolean isLevel(int index) {
    return true;
  }

  @Override
  public String describe(float[] frame) {
    int loudest = 0;
    for (int b = 1; b < frame.length; b++) {
      loudest = frame[b] > frame[loudest] ? b : loudest;
    }
    return frame.length == 0 ? "-" : String.format(java.util.Locale.ROOT, "loudest %.0f Hz at %.2f", spectrogram.filterbank().centreHz(loudest),
        frame[loudest]);
  }

  /** 16-bit little-endian stereo PCM as mono samples from -1 to 1. */
  static float[] mono(byte[] pcm) {
    float[] out = new float[pcm.length / 4];
    for (int i = 0; i < out.length; i++) {
      int left = (short) ((pcm[4 * i] & 0xFF) | pcm[4 * i + 1] << 8);
      int right = (short) ((pcm[4 * i + 2] & 0xFF) | pcm[4 * i + 3] << 8);
      out[i] = (left + right) / 65536f;
    }
    return out;
  }
}
