package dev.cadenza.render;

import de.sciss.jump3r.lowlevel.LameEncoder;
import dev.cadenza.AtomicFiles;
import dev.cadenza.music.ControlChange;
import dev.cadenza.music.Note;
import dev.cadenza.music.PitchBend;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * Renders scores to sound with the JDK's software synthesizer (Gervill), offline: faster than real time, no sound
 * device needed, the same bytes for the same score and SoundFont. Every track plays on its channel with its program
 * (drums on channel 10), with tempo changes, controllers (sustain pedal, volume, ...) and pitch bends.
 *
 * <pre>{@code
 * AudioRenderer renderer = AudioRenderer.builder().soundFont(Path.of("FluidR3_GM.sf2")).build();
 * renderer.write(score, Path.of("song.mp3"));   // or .wav
 * }</pre>
 *
 * <p>Offline rendering reaches Gervill's {@code AudioSynthesizer}, which the {@code java.desktop} module does not
 * export: the JVM needs {@value #ADD_EXPORTS} ({@code ./cadenza} passes it); without it rendering fails with a message
 * saying so. Thread-safe: each render runs its own synthesizer.
 */
public final class AudioRenderer {
  /** The JVM option offline rendering needs. */
  public static final String ADD_EXPORTS = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
  /** The default sample rate, in frames per second. */
  public static final int DEFAULT_SAMPLE_RATE = 44_100;
  private static final int CHANNELS = 2;
  private static final int BYTES_PER_FRAME = 2 * CHANNELS;

  private final Soundbank soundbank;
  private final String sound;
  private final int sampleRate;
  private final double gain;
  private final double tailSeconds;
  private final int mp3Bitrate;

  private AudioRenderer(Soundbank soundbank, String sound, Builder b) {
    this.soundbank = soundbank;
    this.sound = sound;
    this.sampleRate = b.sampleRate;
    this.gain = b.gain;
    this.tailSeconds = b.tailSeconds;
    this.mp3Bitrate = b.mp3Bitrate;
  }

  /** A builder: the system's General MIDI SoundFont if one is found, 44,100 Hz, gain 1, a 2-second tail, MP3 at 192 kbit/s. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link AudioRenderer}. */
  public static final class Builder {
    private Path soundFont;
    private boolean systemSoundFont = true;
    private int sampleRate = DEFAULT_SAMPLE_RATE;
    private double gain = 1;
    private double tailSeconds = 2;
    private int mp3Bitrate = 192;

    private Builder() {}

    /** This SoundFont (SF2, or DLS where the JDK reads it) instead of the system's. */
    public Builder soundFont(Path file) {
      this.soundFont = file;
      return this;
    }

    /** The JDK's built-in sounds, even where the system has a SoundFont. */
    public Builder builtInSounds() {
      this.soundFont = null;
      this.systemSoundFont = false;
      return this;
    }

    /** Frames per second, 8,000 to 192,000 (44,100). */
    public Builder sampleRate(int value) {
      this.sampleRate = value;
      return this;
    }

    /** What every sample is multiplied by, above 0 (1); louder samples are clipped. */
    public Builder gain(double value) {
      this.gain = value;
      return this;
    }

    /** Seconds rendered after the last note ends, for the release and the reverb to die away (2). */
    public Builder tail(double seconds) {
      this.tailSeconds = seconds;
      return this;
    }

    /** The MP3 bit rate in kbit/s: 32 to 320 (192). */
    public Builder mp3Bitrate(int kbps) {
      this.mp3Bitrate = kbps;
      return this;
    }

    /**
     * Checks the settings and loads the SoundFont.
     *
     * @throws IllegalArgumentException naming a setting out of range
     * @throws NoSuchFileException if the SoundFont file does not exist
     * @throws IOException if it is not a SoundFont the JDK can read (naming the file and why)
     */
    public AudioRenderer build() throws IOException {
      require(sampleRate >= 8_000 && sampleRate <= 192_000, "the sample rate must be 8000 to 192000 Hz, was " + sampleRate);
      require(gain > 0 && Double.isFinite(gain), "the gain must be above 0, was " + gain);
      require(tailSeconds >= 0 && tailSeconds <= 60, "the tail must be 0 to 60 seconds, was " + tailSeconds);
      require(mp3Bitrate >= 32 && mp3Bitrate <= 320, "the MP3 bit rate must be 32 to 320 kbit/s, was " + mp3Bitrate);
      Optional<Path> file = soundFont != null ? Optional.of(soundFont) : systemSoundFont ? SoundFonts.systemDefault() : Optional.empty();
      if (file.isEmpty()) {
        return new AudioRenderer(null, "the JDK's built-in sounds", this);
      }
      return new AudioRenderer(SoundFonts.load(file.get()), file.get().getFileName() + " (" + file.get() + ")", this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }

  /** Which sounds it plays with, in words: a SoundFont's name and path, or the JDK's built-in sounds. */
  public String sound() {
    return sound;
  }

  /** The sample rate, frames per second. */
  public int sampleRate() {
    return sampleRate;
  }

  /** The audio format of {@link #renderPcm}: 16-bit signed little-endian stereo at the sample rate. */
  public AudioFormat format() {
    return new AudioFormat(sampleRate, 16, CHANNELS, true, false);
  }

  /**
   * The score as 16-bit stereo PCM ({@link #format()}), from its start to the end of its last note plus the tail.
   *
   * @throws IllegalStateException if the JVM lacks {@value #ADD_EXPORTS}
   * @throws IOException if the JDK has no software synthesizer
   */
  public byte[] renderPcm(Score score) throws IOException {
    AudioFormat format = format();
    Synthesizer synthesizer;
    try {
      synthesizer = MidiSystem.getSynthesizer();
    } catch (MidiUnavailableException e) {
      throw new IOException("the JDK's software synthesizer is not available: " + e.getMessage(), e);
    }
    try (AudioInputStream stream = openStream(synthesizer, format)) {
      if (soundbank != null) {
        Soundbank builtIn = synthesizer.getDefaultSoundbank();
        if (builtIn != null) {
          synthesizer.unloadAllInstruments(builtIn);
        }
        synthesizer.loadAllInstruments(soundbank);
      }
      Receiver receiver = synthesizer.getReceiver();
      for (TimedMessage m : messages(score)) {
        receiver.send(m.message(), m.micros());
      }
      long frames = (long) Math.ceil((score.durationSeconds() + tailSeconds) * sampleRate);
      byte[] pcm = stream.readNBytes(Math.toIntExact(frames * BYTES_PER_FRAME));
      applyGain(pcm);
      return pcm;
    } catch (MidiUnavailableException e) {
      throw new IOException("the JDK's software synthesizer could not start: " + e.getMessage(), e);
    } finally {
      synthesizer.close();
    }
  }

  /** Opens Gervill's pull-mode stream: {@code AudioSynthesizer.openStream}, reached by reflection. */
  private static AudioInputStream openStream(Synthesizer synthesizer, AudioFormat format) throws MidiUnavailableException {
    Method open;
    try {
      open = synthesizer.getClass().getMethod("openStream", AudioFormat.class, Map.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("this JDK's synthesizer (" + synthesizer.getClass().getName() + ") cannot render offline", e);
    }
    Map<String, Object> info = Map.of("max polyphony", 256, "jitter correction", false, "interpolation", "sinc");
    try {
      return (AudioInputStream) open.invoke(synthesizer, format, info);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("offline audio needs the JVM option " + ADD_EXPORTS + " (./cadenza passes it)", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof MidiUnavailableException unavailable) {
        throw unavailable;
      }
      throw new IllegalStateException("the synthesizer could not open a stream: " + e.getCause(), e.getCause());
    }
  }

  /** A MIDI message and when it sounds, in microseconds from the start. */
  private record TimedMessage(long micros, int order, MidiMessage message) {}

  /** Every track's program, controllers, bends and notes as timed messages, note-offs before note-ons at one time. */
  private static List<TimedMessage> messages(Score score) {
    TempoMap map = score.tempoMap();
    List<TimedMessage> messages = new ArrayList<>();
    try {
      for (Track track : score.tracks()) {
        int channel = track.channel();
        if (!track.isDrum()) {
          messages.add(new TimedMessage(0, 0, new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, track.program(), 0)));
        }
        for (ControlChange c : track.controlChanges()) {
          messages.add(new TimedMessage(micros(map, c.tick()), 1, new ShortMessage(ShortMessage.CONTROL_CHANGE, channel,
              c.controller(), c.value())));
        }
        for (PitchBend b : track.pitchBends()) {
          int value = b.value() + 8192;
          messages.add(new TimedMessage(micros(map, b.tick()), 1, new ShortMessage(ShortMessage.PITCH_BEND, channel,
              value & 0x7f, value >> 7)));
        }
        for (Note n : track.notes()) {
          messages.add(new TimedMessage(micros(map, n.endTick()), 2, new ShortMessage(ShortMessage.NOTE_OFF, channel, n.pitch(), 0)));
          messages.add(new TimedMessage(micros(map, n.startTick()), 3, new ShortMessage(ShortMessage.NOTE_ON, channel, n.pitch(),
              n.velocity())));
        }
      }
    } catch (InvalidMidiDataException e) {
      throw new IllegalStateException("a score holds only valid MIDI values", e);
    }
    messages.sort(Comparator.comparingLong(TimedMessage::micros).thenComparingInt(TimedMessage::order));
    return messages;
  }

  private static long micros(TempoMap map, long tick) {
    return Math.round(map.secondsAt(tick) * 1e6);
  }

  private void applyGain(byte[] pcm) {
    if (gain == 1) {
      return;
    }
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      int sample = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
      int scaled = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample * gain)));
      pcm[i] = (byte) scaled;
      pcm[i + 1] = (byte) (scaled >> 8);
    }
  }

  /**
   * Writes the score as a WAV file or an MP3 file, by the file's extension ({@code .wav}, {@code .mp3}), atomically.
   *
   * @throws IllegalArgumentException for any other extension
   */
  public void write(Score score, Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".wav")) {
      writeWav(score, file);
    } else if (name.endsWith(".mp3")) {
      writeMp3(score, file);
    } else {
      throw new IllegalArgumentException(file + ": audio is written as .wav or .mp3");
    }
  }

  /** Writes the score as a 16-bit stereo WAV file, atomically. */
  public void writeWav(Score score, Path file) throws IOException {
    byte[] pcm = renderPcm(score);
    AtomicFiles.write(file, temp -> {
      try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format(), pcm.length / BYTES_PER_FRAME)) {
        AudioSystem.write(in, AudioFileFormat.Type.WAVE, temp.toFile());
      }
    });
  }

  /** Writes the score as an MP3 file (LAME through jump3r, constant bit rate, joint stereo), atomically. */
  public void writeMp3(Score score, Path file) throws IOException {
    AtomicFiles.write(file, encodeMp3(renderPcm(score)));
  }

  /** PCM in {@link #format()} as MP3 bytes. */
  byte[] encodeMp3(byte[] pcm) {
    LameEncoder encoder = new LameEncoder(format(), mp3Bitrate, LameEncoder.CHANNEL_MODE_JOINT_STEREO, LameEncoder.QUALITY_HIGH, false);
    try {
      ByteArrayOutputStream mp3 = new ByteArrayOutputStream(pcm.length / 8);
      byte[] buffer = new byte[encoder.getMP3BufferSize()];
      int chunk = encoder.getPCMBufferSize();
      for (int offset = 0; offset < pcm.length; offset += chunk) {
        int written = encoder.encodeBuffer(pcm, offset, Math.min(chunk, pcm.length - offset), buffer);
        mp3.write(buffer, 0, written);
      }
      mp3.write(buffer, 0, encoder.encodeFinish(buffer));
      return mp3.toByteArray();
    } finally {
      encoder.close();
    }
  }

  /**
   * Plays the score through the system's sound device, rendered as {@link #renderPcm} renders it; returns when it
   * has played.
   *
   * @throws IOException if there is no sound device (a server, CI), saying so
   */
  public void play(Score score) throws IOException {
    byte[] pcm = renderPcm(score);
    SourceDataLine line;
    try {
      line = AudioSystem.getSourceDataLine(format());
      line.open(format());
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new IOException("no sound device to play on here (" + e.getMessage() + "); write a .wav or .mp3 file instead", e);
    }
    try {
      line.start();
      line.write(pcm, 0, pcm.length);
      line.drain();
    } finally {
      line.close();
    }
  }
}
