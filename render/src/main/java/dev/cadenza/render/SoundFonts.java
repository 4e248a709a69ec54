package dev.cadenza.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;

/**
 * General MIDI SoundFonts: where operating systems keep one, and loading one with a clear error for a file that is
 * not a SoundFont. {@code CADENZA_SOUNDFONT} (or the system property {@code cadenza.soundfont}) names one to prefer.
 */
public final class SoundFonts {
  /** The places looked in, in order: Debian and Ubuntu packages, other Linux layouts, macOS, Windows. */
  static final List<String> KNOWN = List.of(
      "/usr/share/sounds/sf2/FluidR3_GM.sf2",
      "/usr/share/sounds/sf2/TimGM6mb.sf2",
      "/usr/share/sounds/sf2/default-GM.sf2",
      "/usr/share/soundfonts/FluidR3_GM.sf2",
      "/usr/share/soundfonts/default.sf2",
      "/usr/share/sounds/sf3/default-GM.sf3",
      "/usr/local/share/soundfonts/default.sf2",
      "/opt/homebrew/share/soundfonts/default.sf2",
      "/Library/Audio/Sounds/Banks/FluidR3_GM.sf2",
      "C:\\soundfonts\\FluidR3_GM.sf2",
      "C:\\Windows\\System32\\drivers\\gm.dls");

  private SoundFonts() {}

  /** The SoundFont {@code cadenza.soundfont} or {@code CADENZA_SOUNDFONT} names, else the first of {@link #KNOWN} here. */
  public static Optional<Path> systemDefault() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("cadenza.soundfont")).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("CADENZA_SOUNDFONT")).ifPresent(candidates::add);
    candidates.addAll(KNOWN);
    return candidates.stream().filter(name -> !name.isBlank()).map(Path::of).filter(Files::isRegularFile).findFirst();
  }

  /**
   * Loads a SoundFont (SF2) or DLS file.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws IOException if it is not a SoundFont the JDK can read, naming the file
   */
  public static Soundbank load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, Files.isDirectory(file) ? "a folder, not a SoundFont" : "no such file");
    }
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
      return MidiSystem.getSoundbank(in);
    } catch (InvalidMidiDataException | RuntimeException e) {
      throw new IOException(file + ": not a SoundFont (SF2) or DLS file the JDK can read (" + e.getMessage() + ")", e);
    }
  }
}
