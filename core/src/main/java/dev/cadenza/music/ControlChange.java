package dev.cadenza.music;

import java.util.Set;

/**
 * A controller value set at a tick, for the controllers a musical model may care about
 * (see {@link #KEPT_CONTROLLERS}).
 *
 * @param tick when the value takes effect
 * @param controller MIDI controller number, 0..127
 * @param value controller value, 0..127
 */
public record ControlChange(long tick, int controller, int value) {
  /** Modulation wheel. */
  public static final int MODULATION = 1;
  /** Channel volume. */
  public static final int VOLUME = 7;
  /** Pan. */
  public static final int PAN = 10;
  /** Expression. */
  public static final int EXPRESSION = 11;
  /** Sustain (damper) pedal; values of 64 and above mean pressed. */
  public static final int SUSTAIN_PEDAL = 64;
  /** Sostenuto pedal. */
  public static final int SOSTENUTO_PEDAL = 66;
  /** Soft pedal. */
  public static final int SOFT_PEDAL = 67;

  /** The controllers that MIDI reading keeps; all others (bank select, RPN, mode messages...) are dropped. */
  public static final Set<Integer> KEPT_CONTROLLERS =
      Set.of(MODULATION, VOLUME, PAN, EXPRESSION, SUSTAIN_PEDAL, SOSTENUTO_PEDAL, SOFT_PEDAL);

  /** Validates the fields. */
  public ControlChange {
    MidiRanges.checkTick("tick", tick);
    MidiRanges.checkDataByte("controller", controller);
    MidiRanges.checkDataByte("value", value);
  }
}
