package dev.cadenza;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as hexadecimal text, for cache keys, fingerprints and checksums. */
public final class Digests {
  private Digests() {}

  /** A fresh SHA-256 digest; every Java platform has one. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must have", e);
    }
  }

  /** The SHA-256 of the bytes, as 64 lower-case hexadecimal digits. */
  public static String sha256(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /** Bytes as lower-case hexadecimal digits. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
