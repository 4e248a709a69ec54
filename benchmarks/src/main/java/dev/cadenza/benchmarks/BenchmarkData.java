package dev.cadenza.benchmarks;

import dev.cadenza.midi.MidiFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real data sets the benchmarks read, from {@code -Dcadenza.data} or {@code ../shared/data}. */
final class BenchmarkData {
  private BenchmarkData() {}

  static Path root() {
    return Path.of(System.getProperty("cadenza.data", "../shared/data")).toAbsolutePath().normalize();
  }

  /** The bytes of every MIDI file below a folder of the data root, loaded once so that disks do not count. */
  static List<byte[]> midiBytes(String folder) {
    Path dir = root().resolve(folder);
    try {
      List<byte[]> files = new ArrayList<>();
      for (Path file : MidiFiles.find(List.of(dir))) {
        files.add(Files.readAllBytes(file));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("benchmark data missing: " + dir + " (set -Dcadenza.data=PATH/TO/shared/data)", e);
    }
  }
}
