package dev.cadenza.midi;

import dev.cadenza.music.Score;
import java.util.List;

/**
 * What reading a Standard MIDI File gave: the score, and the facts about the file that the score does not keep.
 *
 * @param source the file's name or path
 * @param format the declared SMF format: 0 (one track), 1 (parallel tracks) or 2 (independent patterns)
 * @param division how the file counts time
 * @param trackChunks the number of track chunks the file holds
 * @param score the music
 * @param warnings what a lenient read recovered from; empty for a well-formed file
 * @param truncated whether the file ended before what it declared, so that some of it could not be read
 */
public record MidiFile(String source, int format, TimeDivision division, int trackChunks, Score score,
    List<MidiWarning> warnings, boolean truncated) {

  /** Copies the warnings. */
  public MidiFile {
    warnings = List.copyOf(warnings);
  }
}
