/**
 * Standard MIDI File reading and writing: {@link dev.cadenza.midi.MidiReader} turns the bytes of a
 * {@code .mid}, {@code .midi}, {@code .kar} or RIFF {@code .rmi} file into a {@link dev.cadenza.music.Score},
 * forgiving (with {@link dev.cadenza.midi.MidiWarning warnings}) or strict; {@link dev.cadenza.midi.MidiWriter}
 * writes a score back as a format 1 file. Every failure to read is a {@link dev.cadenza.midi.MidiFormatException}
 * naming the file and the byte offset.
 */
package dev.cadenza.midi;
