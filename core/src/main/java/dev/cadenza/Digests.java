package dev.cadenza;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as hexadecimal text, for cache keys, fingerprints and checksums; a 64-bit mixer for seeded hashes. */
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

  /** MurmurHash3's 64-bit finalizer: mixes every bit of {@code value} into every bit of the result, for seeded hashes. */
  public static long mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
