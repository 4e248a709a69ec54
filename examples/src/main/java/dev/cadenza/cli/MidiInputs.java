package dev.cadenza.cli;

import dev.cadenza.midi.MidiFile;
import dev.cadenza.midi.MidiFiles;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The MIDI files that commands take as arguments: finding them, and reading each to a file or an error line. */
final class MidiInputs {
  private MidiInputs() {}

  /**
   * A file as read, or why it could not be.
   *
   * @param file the file
   * @param midi what was read, or null
   * @param error why it could not be read: {@code byte N: reason}, or null
   */
  record Input(Path file, MidiFile midi, String error) {}

  /**
   * The MIDI files the arguments name; a missing path, or no MIDI file at all, is a usage error that starts with
   * {@code label} (the option that named the paths, or empty for arguments).
   */
  static List<Path> find(CommandSpec spec, String label, List<Path> paths) {
    String prefix = label.isEmpty() ? "" : label + " ";
    List<Path> files;
    try {
      files = MidiFiles.find(paths);
    } catch (NoSuchFileException e) {
      throw new ParameterException(spec.commandLine(), prefix + e.getFile() + ": no such file or folder");
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), prefix + "cannot walk " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new ParameterException(spec.commandLine(), prefix + paths.stream().map(Path::toString)
          .collect(java.util.stream.Collectors.joining(", ")) + ": no MIDI files (.mid, .midi, .kar, .rmi) there");
    }
    return files;
  }

  /** One file read with the reader, or the error a person reads. */
  static Input read(MidiReader reader, Path file) {
    try {
      return new Input(file, reader.read(file), null);
    } catch (MidiFormatException e) {
      return new Input(file, null, "byte " + e.offset() + ": " + e.reason());
    } catch (IOException e) {
      return new Input(file, null, "cannot read the file: " + e);
    }
  }
}
