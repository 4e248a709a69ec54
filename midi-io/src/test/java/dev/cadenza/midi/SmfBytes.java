package dev.cadenza.midi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds Standard MIDI File bytes by hand for tests, including malformed ones. */
final class SmfBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static SmfBytes header(int format, int tracks, int division) {
    SmfBytes b = new SmfBytes();
    b.ascii("MThd").int32(6).int16(format).int16(tracks).int16(division);
    return b;
  }

  /** A track chunk whose length is the body's real length. */
  SmfBytes track(int... body) {
    return chunk("MTrk", body.length, body);
  }

  /** A chunk that declares {@code declaredLength} whatever the body holds. */
  SmfBytes chunk(String id, long declaredLength, int... body) {
    ascii(id).int32(declaredLength);
    for (int b : body) {
      out.write(b);
    }
    return this;
  }

  SmfBytes raw(int... bytes) {
    for (int b : bytes) {
      out.write(b);
    }
    return this;
  }

  SmfBytes ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  SmfBytes int32(long v) {
    return raw((int) (v >>> 24) & 0xFF, (int) (v >>> 16) & 0xFF, (int) (v >>> 8) & 0xFF, (int) v & 0xFF);
  }

  SmfBytes int16(int v) {
    return raw(v >>> 8 & 0xFF, v & 0xFF);
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
