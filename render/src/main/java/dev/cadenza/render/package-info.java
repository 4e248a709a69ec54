/**
 * Music people can hear and see: {@link dev.cadenza.render.AudioRenderer} renders scores to WAV and MP3 with the JDK's
 * software synthesizer and a General MIDI SoundFont ({@link dev.cadenza.render.SoundFonts}), offline and
 * deterministically; {@link dev.cadenza.render.PianoRoll} draws them.
 */
package dev.cadenza.render;
