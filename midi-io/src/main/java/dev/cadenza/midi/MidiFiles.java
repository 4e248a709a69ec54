package dev.cadenza.midi;

import dev.cadenza.music.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * MIDI files: the extensions they go by, the walk of folders for them, and the one-line read and write
 * ({@link MidiReader} and {@link MidiWriter} have the options).
 */
public final class MidiFiles {
  /** The file-name extensions of MIDI files, lower case and without the dot. */
  public static final Set<String> EXTENSIONS = Set.of("mid", "midi", "kar", "rmi");

  private MidiFiles() {}

  /**
   * Reads a MIDI file leniently (what a player would play of a damaged file; {@link MidiReader#lenient()}).
   *
   * @throws MidiFormatException if it is not MIDI
   * @throws IOException if it cannot be read
   */
  public static Score read(Path file) throws IOException {
    return MidiReader.lenient().read(file).score();
  }

  /**
   * Writes a score as a standard MIDI file, atomically ({@link MidiWriter}).
   *
   * @throws IOException if it cannot be written
   */
  public static void write(Score score, Path file) throws IOException {
    new MidiWriter().write(score, file);
  }

  /** Whether a file's name ends with one of the {@link #EXTENSIONS}, in any case. */
  public static boolean hasMidiExtension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * The MIDI files that the given paths name: a file as it is (whatever its name), a folder walked
   * recursively for files with a MIDI extension, in sorted order. Each path's files follow the previous one's.
   *
   * @throws java.nio.file.NoSuchFileException if a path does not exist
   * @throws IOException if a folder cannot be walked
   */
  public static List<Path> find(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && hasMidiExtension(p)).sorted().forEach(files::add);
        }
      } else if (Files.exists(path)) {
        files.add(path);
      } else {
        throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file or folder");
      }
    }
    return files;
  }
}
