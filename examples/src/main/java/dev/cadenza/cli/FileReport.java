package dev.cadenza.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cadenza.midi.MidiFile;
import dev.cadenza.midi.MidiWarning;
import dev.cadenza.music.GeneralMidi;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoMap;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.music.Track;
import java.util.List;

/**
 * What {@code cadenza info} says about one file, printed as text or as one JSON object. Channels are numbered
 * from 1, as musicians number them (drums are on channel 10).
 *
 * @param file the path as given or found
 * @param ok whether the file could be read
 * @param error why not, when it could not
 * @param format the SMF format, 0, 1 or 2
 * @param division how the file counts time, in words
 * @param resolution ticks per quarter note of the score
 * @param trackChunks the number of track chunks in the file
 * @param tracks the score's tracks
 * @param notes the number of notes
 * @param seconds the duration
 * @param tempos the tempo changes
 * @param timeSignatures the metre changes
 * @param keySignatures the key changes
 * @param warnings what a lenient read recovered from
 * @param truncated whether the file ended early
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FileReport(String file, boolean ok, String error, Integer format, String division, Integer resolution,
    Integer trackChunks, List<TrackReport> tracks, Integer notes, Double seconds, List<TempoReport> tempos,
    List<SignatureReport> timeSignatures, List<SignatureReport> keySignatures, List<String> warnings, Boolean truncated) {

  /**
   * One track.
   *
   * @param name its name
   * @param program General MIDI program 0..127
   * @param instrument the program's General MIDI name, or "Drums"
   * @param channel MIDI channel 1..16
   * @param drum whether it is a drum track
   * @param notes the number of notes
   */
  record TrackReport(String name, int program, String instrument, int channel, boolean drum, int notes) {}

  /**
   * One tempo change.
   *
   * @param tick where it starts
   * @param seconds when it starts
   * @param bpm quarter notes per minute
   */
  record TempoReport(long tick, double seconds, double bpm) {}

  /**
   * One time or key signature.
   *
   * @param tick where it starts
   * @param seconds when it starts
   * @param value {@code 3/4}, {@code Eb major}
   */
  record SignatureReport(long tick, double seconds, String value) {}

  static FileReport of(MidiFile read) {
    Score score = read.score();
    TempoMap map = score.tempoMap();
    return new FileReport(read.source(), true, null, read.format(), read.division().toString(), score.resolution(),
        read.trackChunks(),
        score.tracks().stream().map(FileReport::track).toList(),
        score.noteCount(), round(score.durationSeconds()),
        map.tempos().stream().map(t -> new TempoReport(t.tick(), round(map.secondsAt(t.tick())), round(t.bpm()))).toList(),
        score.timeSignatures().stream().map(s -> signature(map, s.tick(), meter(s))).toList(),
        score.keySignatures().stream().map(k -> signature(map, k.tick(), k.name())).toList(),
        read.warnings().stream().map(MidiWarning::toString).toList(), read.truncated());
  }

  static FileReport failed(String file, String error) {
    return new FileReport(file, false, error, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  private static TrackReport track(Track t) {
    String instrument = t.isDrum() ? "Drums" : GeneralMidi.programName(t.program());
    return new TrackReport(t.name(), t.program(), instrument, t.channel() + 1, t.isDrum(), t.notes().size());
  }

  private static String meter(TimeSignature s) {
    return s.numerator() + "/" + s.denominator();
  }

  private static SignatureReport signature(TempoMap map, long tick, String value) {
    return new SignatureReport(tick, round(map.secondsAt(tick)), value);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
