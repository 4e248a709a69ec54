package dev.cadenza.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text piano rolls of the Boulanger-Lewandowski (ICML 2012) benchmark sets (JSB Chorales, Nottingham,
 * MuseData, Piano-midi.de) as kept in {@code poly-music/}: one sequence per line, time steps separated by
 * spaces, the MIDI pitches sounding in a step separated by commas, {@code -} for an empty step.
 */
public final class PolyMusic {
  /** The lowest pitch of the benchmark's 88-key frames (A0). */
  public static final int LOWEST_PITCH = 21;
  /** The highest pitch of the benchmark's 88-key frames (C8). */
  public static final int HIGHEST_PITCH = 108;

  private PolyMusic() {}

  /**
   * The sequences of a file, each as its steps, each step as the ascending pitches sounding in it.
   *
   * @throws IOException if the file cannot be read or a step is not a list of pitches (naming file, line, step)
   */
  public static List<int[][]> read(Path file) throws IOException {
    List<int[][]> sequences = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] steps = line.strip().split(" ");
        int[][] sequence = new int[steps.length][];
        for (int s = 0; s < steps.length; s++) {
          sequence[s] = step(steps[s], file, number, s);
        }
        sequences.add(sequence);
      }
    }
    return sequences;
  }

  private static int[] step(String text, Path file, int line, int step) throws IOException {
    if (text.equals("-")) {
      return new int[0];
    }
    String[] parts = text.split(",");
    int[] pitches = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        pitches[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        pitches[i] = -1;
      }
      if (pitches[i] < 0 || pitches[i] > 127) {
        throw new IOException(file + ": line " + line + ", step " + (step + 1) + ": '" + text + "' is not a list of MIDI pitches");
      }
    }
    return pitches;
  }

  /** A sequence as multi-hot frames over {@code lowest..highest}; pitches outside are left out. */
  public static float[][] frames(int[][] steps, int lowest, int highest) {
    float[][] frames = new float[steps.length][highest - lowest + 1];
    for (int s = 0; s < steps.length; s++) {
      for (int p : steps[s]) {
        if (p >= lowest && p <= highest) {
          frames[s][p - lowest] = 1f;
        }
      }
    }
    return frames;
  }
}
