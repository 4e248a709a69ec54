package dev.cadenza.benchmarks;

import dev.cadenza.midi.MidiFile;
import dev.cadenza.midi.MidiFormatException;
import dev.cadenza.midi.MidiReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;

/**
 * What Cadenza's reader and the JDK's make of every file of the MIDI conformance corpus: how many each reads,
 * rejects, or fails on with some other exception. The measured reason Cadenza reads the bytes itself.
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.cadenza.benchmarks.ConformanceComparison}.
 */
public final class ConformanceComparison {
  private ConformanceComparison() {}

  /** Prints the comparison. */
  public static void main(String[] args) throws IOException {
    Path dir = BenchmarkData.root().resolve("midi-conformance");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).filter(p -> p.toString().matches("(?i).*\\.(mid|midi|kar|rmi)$")).sorted().toList();
    }
    Map<String, Integer> cadenza = new TreeMap<>();
    Map<String, Integer> jdk = new TreeMap<>();
    int jdkReadCadenzaWarned = 0;
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      String ours;
      try {
        MidiFile read = MidiReader.lenient().read(bytes, file.toString());
        ours = read.warnings().isEmpty() ? "read cleanly" : "read with warnings";
      } catch (MidiFormatException e) {
        ours = "rejected (MidiFormatException)";
      }
      String theirs;
      try {
        MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        theirs = "read";
      } catch (InvalidMidiDataException e) {
        theirs = "rejected (InvalidMidiDataException)";
      } catch (IOException e) {
        theirs = "failed (" + e.getClass().getSimpleName() + ")";
      } catch (RuntimeException | OutOfMemoryError e) {
        theirs = "failed (" + e.getClass().getSimpleName() + ")";
      }
      cadenza.merge(ours, 1, Integer::sum);
      jdk.merge(theirs, 1, Integer::sum);
      if (ours.equals("read with warnings") && theirs.equals("read")) {
        jdkReadCadenzaWarned++;
      }
    }
    System.out.printf("%d MIDI files (.mid .midi .kar .rmi) under %s%n", files.size(), dir);
    System.out.println("cadenza lenient: " + cadenza);
    System.out.println("jdk MidiSystem.getSequence: " + jdk);
    System.out.println("read silently by the JDK, with warnings by Cadenza: " + jdkReadCadenzaWarned);
  }
}
